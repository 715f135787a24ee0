// `reconcile status` and `status --hook`, driven through the binary in a git
// repository: pending revisions, CHECKSUM_MISMATCH after an edit, silence
// when all is well, and never failing in a hook.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/revision/revision.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

using testing::GitRepo;
using testing::query_value;
using testing::sh_quote;
using testing::TestServer;

std::string show(const testing::CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

class StatusTest : public testing::PgTest {
 protected:
  testing::CommandResult reconcile(const std::string& args, const std::string& database = "") {
    std::string cmd = "RECONCILE_SHADOW_URL=" + sh_quote(TestServer::get().admin_url()) + " " +
                      sh_quote(testing::reconcile_binary()) + " --database " +
                      sh_quote(database.empty() ? url() : database) + " " + args;
    return testing::run_command(cmd, repo.path());
  }
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    repo.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    testing::write_revision(
        repo, testing::make_revision("20260101T000000Z_a", {}, "CREATE TABLE a (id integer);\n",
                                     "DROP TABLE a;\n"));
    testing::write_revision(
        repo, testing::make_revision("20260102T000000Z_b", {"20260101T000000Z_a"},
                                     "CREATE TABLE b (id integer);\n", "DROP TABLE b;\n"));
    repo.commit_all("Two revisions");
  }
  GitRepo repo;
};

TEST_F(StatusTest, HookNamesPendingRevisionsThenStaysQuiet) {
  auto r = reconcile("status --hook");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(
      r.out,
      "reconcile: 2 pending revisions: 20260101T000000Z_a, 20260102T000000Z_b — run `reconcile "
      "apply`\n")
      << show(r);
  r = reconcile("apply --no-generate");
  ASSERT_EQ(r.exit_code, 0) << show(r);
  r = reconcile("status --hook");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(r.out, "") << show(r);
}

TEST_F(StatusTest, ReportsARevisionEditedAfterItWasApplied) {
  ASSERT_EQ(reconcile("apply --no-generate").exit_code, 0);
  testing::write_revision(
      repo, testing::make_revision("20260102T000000Z_b", {"20260101T000000Z_a"},
                                   "CREATE TABLE b (id bigint);\n", "DROP TABLE b;\n"));
  auto r = reconcile("status");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("CHECKSUM_MISMATCH: 20260102T000000Z_b"), std::string::npos) << show(r);
  r = reconcile("status --hook");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("CHECKSUM_MISMATCH"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("20260102T000000Z_b"), std::string::npos) << show(r);
  // apply refuses to go on over an edited revision.
  r = reconcile("apply --no-generate");
  EXPECT_EQ(r.exit_code, 1) << show(r);
  EXPECT_NE(r.err.find("CHECKSUM_MISMATCH"), std::string::npos) << show(r);
}

TEST_F(StatusTest, FullStatusListsAppliedPendingAndHeads) {
  ASSERT_EQ(reconcile("apply --no-generate --to 20260101T000000Z_a").exit_code, 0);
  auto r = reconcile("status");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("applied: 1 revision\n  20260101T000000Z_a"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("pending: 1 revision"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("heads: 1\n  20260102T000000Z_b  branch main, commit "), std::string::npos)
      << show(r);
  r = reconcile("--format json status");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("\"pending\": [\n    \"20260102T000000Z_b\"\n  ]"), std::string::npos)
      << show(r);
}

TEST_F(StatusTest, ShowsDriftAgainstTheAppliedRevisions) {
  ASSERT_EQ(reconcile("apply --no-generate").exit_code, 0);
  auto r = reconcile("status");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("drift: none"), std::string::npos) << show(r);

  // A hand-made change: a column nobody wrote a revision for.
  testing::exec_sql(url(), "ALTER TABLE a ADD COLUMN note text");
  r = reconcile("status");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("drift: 1 object differs from the applied revisions: public.a.note"),
            std::string::npos)
      << show(r);
  r = reconcile("--format json status");
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["drift"]["checked"], true) << r.out;
  EXPECT_EQ(j["drift"]["objects"], nlohmann::json::array({"public.a.note"})) << r.out;

  r = reconcile("status --no-drift");
  EXPECT_NE(r.out.find("drift: not checked (--no-drift)"), std::string::npos) << show(r);
}

TEST_F(StatusTest, HookNeverFailsWhenTheDatabaseIsUnreachable) {
  auto r = reconcile("status --hook", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(r.out, "") << show(r);
  EXPECT_NE(r.err.find("reconcile: warning: could not read the applied revisions"),
            std::string::npos)
      << show(r);
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << show(r);
}

}  // namespace
}  // namespace reconcile
