// The README's main-job command, ci/demo, run end to end with the built
// binary (RECONCILE_BIN skips installing and building): it must exit 0, tell
// every part of the story, and leave nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/pg_fixture.h"
#include "support/process.h"

namespace reconcile {
namespace {

namespace rt = reconcile::testing;

// Needs PostgreSQL server binaries (the demo starts its own dev database);
// PgTest skips without them, or fails under CI=true.
class Demo : public rt::PgTest {};

TEST_F(Demo, TellsTheWholeStoryAndCleansUp) {
  const std::string cmd = "NO_COLOR=1 RECONCILE_BIN='" + rt::reconcile_binary() + "' '" +
                          rt::source_dir() + "/ci/demo' 2>&1";
  rt::CommandResult r = rt::run_command(cmd);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string& out = r.out;
  auto has = [&](const std::string& s) {
    EXPECT_NE(out.find(s), std::string::npos) << "missing: " << s << "\n" << out;
  };
  // plan -> revision (committed) -> apply
  has("create table public.sample");
  has("create view public.lab_sample_counts");  // the example's view
  has("Committed ");
  has("reconcile: Initial biobank schema");
  has("applied ");
  has("No changes.");
  // the module edit: apply writes and commits the revision with the module
  has("add column public.person.phone text");
  has("  schema/people/people.yaml");
  // two branches, the post-merge hook, heads, merge, apply
  has("the merge left 2 heads");
  has("branch feature-freezers");
  has("branch feature-thaws");
  has("wrote merge revision");
  has("|\\");
  // a hand-made change, caught by check
  has("error[DRIFT]");
  has("public.person.email");
  has("(exit code 2, as expected)");
  has("==> Done");
  // The temporary project is gone (its dev database stopped first).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(A LinkML project in git \(([^)]+)\))")))
      << out;
  EXPECT_FALSE(std::filesystem::exists(m[1].str())) << m[1].str();
}

}  // namespace
}  // namespace reconcile
