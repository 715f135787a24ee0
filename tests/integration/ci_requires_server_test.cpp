// With CI=true no database test can pass by being skipped: this suite's own
// program is run with CI=true on a machine where no PostgreSQL can be provided
// (no server binaries, no shared test server, no external URL), and every
// test that needs the server fails instead of skipping. Without CI=true the
// same tests are skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/git_repo.h"
#include "support/process.h"

namespace {

namespace fs = std::filesystem;
using reconcile::testing::read_file;
using reconcile::testing::run_command;
using reconcile::testing::sh_quote;
using reconcile::testing::TempDir;

struct Outcome {
  int exit_code = -1;
  std::set<std::string> failed, skipped, passed;
  std::string output;
};

// Runs the tests matching `filter` of this program without any PostgreSQL,
// with CI set to `ci` ("" = unset).
Outcome run_without_server(const std::string& filter, const std::string& ci) {
  TempDir tmp("reconcile-ci-rules");
  fs::create_directories(tmp.path() + "/no-bin");
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string report = tmp.path() + "/report.json";
  std::string env = "env -u RECONCILE_TEST_SERVER_DIR -u RECONCILE_TEST_DATABASE_URL -u CI";
  if (!ci.empty()) env += " CI=" + ci;
  env += " RECONCILE_PG_BINDIR=" + sh_quote(tmp.path() + "/no-bin") +
         " TMPDIR=" + sh_quote(tmp.path());
  auto r = run_command(env + " " + sh_quote(self) + " --gtest_filter=" + sh_quote(filter) +
                       " --gtest_output=json:" + sh_quote(report));
  Outcome o;
  o.exit_code = r.exit_code;
  o.output = r.out + r.err;
  auto j = nlohmann::json::parse(read_file(report));
  for (const auto& suite : j.at("testsuites")) {
    for (const auto& t : suite.at("testsuite")) {
      std::string name =
          suite.at("name").get<std::string>() + "." + t.at("name").get<std::string>();
      if (t.contains("failures")) {
        o.failed.insert(name);
      } else if (t.value("result", "") == "SKIPPED") {
        o.skipped.insert(name);
      } else {
        o.passed.insert(name);
      }
    }
  }
  return o;
}

// One test of each way a test reaches the server: the PgTest fixture,
// TestServer in a fixture of its own (replay, end-to-end branches), the
// embedded dev database.
const char* kDatabaseTests = "ApplyTest.*:ReplayTest.*:BranchesE2E.*:DevDbTest.StartIsIdempotent";

TEST(CiRequiresServer, DatabaseTestsFailWithCiTrueAndNoServer) {
  Outcome o = run_without_server(kDatabaseTests, "true");
  EXPECT_NE(o.exit_code, 0) << o.output;
  EXPECT_TRUE(o.skipped.empty()) << "skipped with CI=true: " << *o.skipped.begin();
  EXPECT_TRUE(o.passed.empty()) << "passed without a server: " << *o.passed.begin();
  for (const char* prefix : {"ApplyTest.", "ReplayTest.", "BranchesE2E.", "DevDbTest."}) {
    bool any = false;
    for (const auto& name : o.failed) any = any || name.rfind(prefix, 0) == 0;
    EXPECT_TRUE(any) << "no failing " << prefix << "* test\n" << o.output;
  }
  EXPECT_NE(o.output.find("CI=true"), std::string::npos) << o.output;
}

TEST(CiRequiresServer, DatabaseTestsAreSkippedWithoutCi) {
  Outcome o = run_without_server(kDatabaseTests, "");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(o.failed.empty()) << "failed: " << *o.failed.begin() << "\n" << o.output;
  EXPECT_TRUE(o.passed.empty()) << "passed without a server: " << *o.passed.begin();
  EXPECT_FALSE(o.skipped.empty());
}

// No test of this program, whatever it needs, is skipped with CI=true when
// no server can be provided: a database test added later without PgTest or
// require_server() is caught here.
TEST(CiRequiresServer, NoIntegrationTestIsSkippedWithCiTrue) {
  Outcome o = run_without_server("-CiRequiresServer.*", "true");
  EXPECT_NE(o.exit_code, 0);
  std::string skipped;
  for (const auto& name : o.skipped) skipped += "\n  " + name;
  EXPECT_TRUE(o.skipped.empty()) << "skipped with CI=true and no server:" << skipped;
  EXPECT_GT(o.failed.size(), 0u);
}

}  // namespace
