// `reconcile baseline`: adopting a database without running SQL, through the
// binary in a git repository.
#include <gtest/gtest.h>

#include "core/plan/planner.h"
#include "core/revision/revision.h"
#include "db/introspect/introspect.h"
#include "history/revision/store.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

using testing::exec_sql;
using testing::GitRepo;
using testing::query_value;
using testing::sh_quote;
using testing::TestServer;

std::string show(const testing::CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

class BaselineTest : public testing::PgTest {
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
    repo.commit_all("Project");
  }
  GitRepo repo;
};

TEST_F(BaselineTest, AdoptsADatabaseBuiltByAnotherToolAndTheBaselineRebuildsIt) {
  exec_sql(url(),
           "CREATE TYPE mood AS ENUM ('sad', 'happy');"
           "CREATE TABLE person (id text PRIMARY KEY, name text NOT NULL, m mood DEFAULT 'sad');"
           "CREATE TABLE pet (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
           "  owner text REFERENCES person (id) ON DELETE CASCADE);"
           "CREATE INDEX pet_owner_idx ON pet (owner);"
           "INSERT INTO person VALUES ('p1', 'Ann');");
  const std::string commits_before = repo.git("rev-list --count HEAD");
  auto r = reconcile("baseline");
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("recorded "), std::string::npos) << show(r);
  EXPECT_EQ(std::stoi(repo.git("rev-list --count HEAD")), std::stoi(commits_before) + 1);
  EXPECT_EQ(repo.git("status --porcelain"), "");

  auto store = revision::RevisionStore::load(repo.file("migrations"));
  ASSERT_EQ(store.size(), 1u);
  const auto& b = store.revisions().begin()->second;
  EXPECT_TRUE(b.checksum_ok());
  EXPECT_EQ(query_value(url(), "SELECT id FROM reconcile.revisions"), b.id);
  EXPECT_EQ(query_value(url(), "SELECT duration_ms FROM reconcile.revisions"), "0");
  EXPECT_EQ(query_value(url(), "SELECT name FROM person"), "Ann") << "no SQL ran";

  // A fresh database built from the history alone equals the adopted one.
  auto fresh = TestServer::get().create_database("baseline_fresh");
  r = reconcile("apply --no-generate", fresh);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  introspect::IntrospectOptions io;
  auto adopted = introspect::introspect_url(url(), io);
  auto rebuilt = introspect::introspect_url(fresh, io);
  EXPECT_TRUE(adopted == rebuilt);
  EXPECT_TRUE(plan::make_plan(rebuilt, adopted).empty());

  // Nothing left to apply on the adopted database.
  r = reconcile("apply --no-generate");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("is up to date"), std::string::npos) << show(r);
}

TEST_F(BaselineTest, RecordsExistingRevisionsUpToARevisionWithoutRunningThem) {
  testing::write_revision(
      repo, testing::make_revision("20260101T000000Z_a", {}, "CREATE TABLE a (id integer);\n"));
  testing::write_revision(repo, testing::make_revision("20260102T000000Z_b", {"20260101T000000Z_a"},
                                                       "CREATE TABLE b (id integer);\n"));
  repo.commit_all("Revisions");
  exec_sql(url(), "CREATE TABLE a (id integer)");  // built by hand, at revision a

  auto r = reconcile("baseline 20260101T000000Z_a");
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(query_value(url(), "SELECT string_agg(id, ',') FROM reconcile.revisions"),
            "20260101T000000Z_a");
  r = reconcile("apply --no-generate");
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.b') IS NOT NULL"), "t");
  r = reconcile("baseline");
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("nothing to record"), std::string::npos) << show(r);
}

}  // namespace
}  // namespace reconcile
