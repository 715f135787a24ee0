#include "support/ci_rules.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "util/process.h"

namespace reconcile::testing {

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

void skip_or_fail(const std::string& why) {
  if (running_in_ci()) {
    GTEST_FAIL() << why << "\n(CI=true: a test that cannot run fails the run)";
  }
  GTEST_SKIP() << why;
}

bool require_tool(const std::string& program, const std::string& package) {
  if (util::find_in_path(program)) return true;
  skip_or_fail(program + " is not installed (Debian package " + package +
               ", installed by ci/install-deps)");
  return false;
}

}  // namespace reconcile::testing
