// tests/support/ci_rules.h: a test that needs a missing tool is skipped
// outside CI and fails with CI=true.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "support/ci_rules.h"

namespace {

using reconcile::testing::require_tool;

// Sets CI to `value` (unset for nullopt) for its lifetime.
class ScopedCi {
 public:
  explicit ScopedCi(std::optional<std::string> value) {
    if (const char* old = std::getenv("CI")) old_ = old;
    if (value) {
      setenv("CI", value->c_str(), 1);
    } else {
      unsetenv("CI");
    }
  }
  ~ScopedCi() {
    if (old_) {
      setenv("CI", old_->c_str(), 1);
    } else {
      unsetenv("CI");
    }
  }

 private:
  std::optional<std::string> old_;
};

// Calls require_tool; what it records for the test goes to `parts` instead.
bool call_require_tool(const std::string& program, ::testing::TestPartResultArray& parts) {
  ::testing::ScopedFakeTestPartResultReporter reporter(
      ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &parts);
  return require_tool(program, "some-package");
}

constexpr const char* kMissing = "reconcile-no-such-program-f00";

TEST(CiRules, MissingToolIsASkipOutsideCi) {
  ScopedCi ci(std::nullopt);
  ::testing::TestPartResultArray parts;
  EXPECT_FALSE(call_require_tool(kMissing, parts));
  ASSERT_EQ(parts.size(), 1);
  EXPECT_TRUE(parts.GetTestPartResult(0).skipped());
  EXPECT_NE(std::string(parts.GetTestPartResult(0).message()).find("some-package"),
            std::string::npos);
}

TEST(CiRules, MissingToolFailsWithCiTrue) {
  for (const char* value : {"true", "1"}) {
    ScopedCi ci{std::string(value)};
    ::testing::TestPartResultArray parts;
    EXPECT_FALSE(call_require_tool(kMissing, parts)) << "CI=" << value;
    ASSERT_EQ(parts.size(), 1) << "CI=" << value;
    EXPECT_TRUE(parts.GetTestPartResult(0).fatally_failed()) << "CI=" << value;
    EXPECT_NE(std::string(parts.GetTestPartResult(0).message()).find("CI=true"), std::string::npos);
  }
}

TEST(CiRules, PresentToolIsUsedInAndOutsideCi) {
  for (std::optional<std::string> value :
       {std::optional<std::string>(), std::optional<std::string>("true")}) {
    ScopedCi ci(value);
    ::testing::TestPartResultArray parts;
    EXPECT_TRUE(call_require_tool("sh", parts));
    EXPECT_EQ(parts.size(), 0);
  }
}

}  // namespace
