// The kinds of side `reconcile diff` accepts besides a PostgreSQL URL — a
// LinkML file, git:REF (the schema at a commit, read without a checkout) and
// rev:ID (a revision replayed in a shadow database) — and `sql --ref` /
// `plan --ref`. Real git repositories (git CLI) and a real PostgreSQL.
#include <gtest/gtest.h>

#include <string>

#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using testing::GitRepo;
using testing::GitResult;
using testing::run_shell;
using testing::sh_quote;

const char* kSchema =
    "id: https://example.org/t\n"
    "name: t\n"
    "imports:\n"
    "  - linkml:types\n"
    "default_range: string\n"
    "classes:\n"
    "  Person:\n"
    "    attributes:\n"
    "      id:\n"
    "        identifier: true\n"
    "      full_name:\n";
const char* kAge = "      age:\n        range: integer\n";

class DiffSides : public testing::PgTest {
 protected:
  void SetUp() override {
    testing::PgTest::SetUp();
    if (IsSkipped()) return;
    g_.write("reconcile.yaml", "schema: schema/main.yaml\nmigrations: migrations\n");
    g_.write("schema/main.yaml", kSchema);
    first_ = g_.commit_all("person");
    g_.write("schema/main.yaml", std::string(kSchema) + kAge);
    second_ = g_.commit_all("age");
  }
  GitResult cli(const std::string& args, const std::string& sub = "") const {
    return testing::reconcile_in(sub.empty() ? g_.path() : g_.file(sub), args, url());
  }
  GitRepo g_;
  std::string first_, second_;
};

TEST_F(DiffSides, GitRefAgainstLinkmlFile) {
  GitResult r = cli("diff git:HEAD~1 schema/main.yaml --detailed-exitcode");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("add column public.person.age integer"), std::string::npos) << r.out;

  r = cli("--format sql diff git:" + first_ + " git:" + second_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ALTER TABLE public.person ADD COLUMN age integer;\n");

  // The same state on both sides: no changes.
  r = cli("diff git:HEAD schema/main.yaml --detailed-exitcode");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("No changes"), std::string::npos) << r.out;

  // The reverse direction drops the column, marked as destructive.
  r = cli("diff schema/main.yaml git:HEAD~1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("drop column public.person.age"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DELETES_DATA"), std::string::npos) << r.out;
}

TEST_F(DiffSides, SqlAndPlanAtARefLeaveTheWorkTreeAlone) {
  // The work tree moves on; --ref reads the committed states.
  g_.write("schema/main.yaml", std::string(kSchema) + kAge + "      email:\n");
  GitResult old_sql = cli("sql --ref HEAD~1");
  ASSERT_EQ(old_sql.exit_code, 0) << old_sql.err;
  EXPECT_NE(old_sql.out.find("full_name text"), std::string::npos) << old_sql.out;
  EXPECT_EQ(old_sql.out.find("age"), std::string::npos) << old_sql.out;
  GitResult now_sql = cli("sql");
  EXPECT_NE(now_sql.out.find("email text"), std::string::npos) << now_sql.out;

  // A database built from HEAD~1's DDL is in step with HEAD~1, not with HEAD.
  testing::exec_sql(url(), old_sql.out);
  EXPECT_EQ(cli("plan --ref HEAD~1 --detailed-exitcode").exit_code, 0);
  GitResult head = cli("plan --ref " + second_ + " --detailed-exitcode");
  EXPECT_EQ(head.exit_code, 2) << head.out << head.err;
  EXPECT_NE(head.out.find("add column public.person.age"), std::string::npos) << head.out;
  EXPECT_EQ(head.out.find("email"), std::string::npos) << head.out;
  EXPECT_EQ(g_.read("schema/main.yaml"), std::string(kSchema) + kAge + "      email:\n");

  // From a sub-folder, with the configuration given: the same ref reads the same.
  GitResult sub = cli("--config ../reconcile.yaml sql --ref HEAD~1", "schema");
  EXPECT_EQ(sub.exit_code, 0) << sub.err;
  EXPECT_EQ(sub.out, old_sql.out);
}

TEST_F(DiffSides, RevisionSidesAreReplayed) {
  // Two revisions: person, then age.
  g_.write("schema/main.yaml", kSchema);
  ASSERT_EQ(cli("revision -m person").exit_code, 0);
  ASSERT_EQ(cli("apply").exit_code, 0);
  g_.write("schema/main.yaml", std::string(kSchema) + kAge);
  ASSERT_EQ(cli("revision -m age").exit_code, 0);
  GitResult ids = run_shell("ls migrations | grep _person_ | sed 's/\\.sql$//'", g_.path());
  ASSERT_EQ(ids.exit_code, 0);
  std::string first = ids.out.substr(0, ids.out.find('\n'));
  ASSERT_FALSE(first.empty());

  // rev:<first> is the database's state: nothing between them.
  GitResult r = cli("diff rev:" + first + " " + sh_quote(url()) + " --detailed-exitcode");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // rev:head has the age column the database lacks.
  r = cli("--format sql diff " + sh_quote(url()) + " rev:head");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ALTER TABLE public.person ADD COLUMN age integer;\n");
  // And the head's state is the LinkML schema's.
  EXPECT_EQ(cli("diff rev:head schema/main.yaml --detailed-exitcode").exit_code, 0);
}

TEST_F(DiffSides, BadSidesAreClearErrors) {
  GitResult r = cli("diff git:no-such-branch schema/main.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-branch"), std::string::npos) << r.err;
  r = cli("diff missing.yaml schema/main.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("'missing.yaml' is neither a PostgreSQL URL nor a LinkML file"),
            std::string::npos)
      << r.err;
  r = cli("diff rev:nope schema/main.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no revision 'nope'"), std::string::npos) << r.err;
  r = cli("diff git: schema/main.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("names no ref"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace reconcile
