// `reconcile revision`, `history` and `heads` in real git repositories (git
// CLI) with a real PostgreSQL database: the file is written and committed
// with the schema files, a second run without changes writes nothing, several
// heads are refused with their provenance.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/revision/revision.h"
#include "history/revision/store.h"
#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

using testing::GitRepo;
using testing::GitResult;
using testing::run_shell;
using testing::sh_quote;

const char* kMain =
    "id: https://example.org/test\n"
    "name: test\n"
    "prefixes:\n"
    "  linkml: https://w3id.org/linkml/\n"
    "imports:\n"
    "  - linkml:types\n"
    "  - people\n"
    "default_range: string\n";

const char* kPeople =
    "id: https://example.org/people\n"
    "name: people\n"
    "prefixes:\n"
    "  linkml: https://w3id.org/linkml/\n"
    "imports:\n"
    "  - linkml:types\n"
    "default_range: string\n"
    "classes:\n"
    "  Person:\n"
    "    attributes:\n"
    "      id:\n"
    "        identifier: true\n"
    "      full_name:\n"
    "        required: true\n";

GitResult cli(const std::string& args, const std::string& cwd, const std::string& url = "") {
  return testing::reconcile_in(cwd, args, url);
}

std::vector<std::string> sql_files(const GitRepo& g) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(g.file("migrations"), ec))
    if (e.path().extension() == ".sql") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string stem(const std::string& name) {
  return name.substr(0, name.size() - 4);
}

class RevisionCommand : public testing::PgTest {
 protected:
  void SetUp() override {
    testing::PgTest::SetUp();
    if (IsSkipped()) return;
    g_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    g_.write("README.md", "project\n");
    g_.commit_all("project");
    g_.write("schema.yaml", kMain);
    g_.write("people.yaml", kPeople);
    g_.write("notes.txt", "not part of any revision\n");
  }
  GitRepo g_;
};

TEST_F(RevisionCommand, WritesAndCommitsTheRevisionWithTheSchemaFiles) {
  GitResult r = cli("revision -m 'add person'", g_.path(), url());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> files = sql_files(g_);
  ASSERT_EQ(files.size(), 1u);
  const std::string id = stem(files[0]);
  EXPECT_NE(r.out.find("Wrote migrations/" + files[0]), std::string::npos) << r.out;

  // git sees one new commit with the revision and the schema files only.
  EXPECT_EQ(g_.git("log -1 --format=%s"), "reconcile: add person");
  EXPECT_EQ(g_.git("log -1 --format='%an <%ae>'"), "Test User <test@example.com>");
  EXPECT_EQ(g_.git("rev-list --count HEAD"), "2");
  EXPECT_EQ(g_.git("show --name-only --format= HEAD"),
            "migrations/" + files[0] + "\npeople.yaml\nschema.yaml");
  EXPECT_EQ(g_.git("status --porcelain"), "?? notes.txt");

  // The file: a root revision creating the table, checksum intact.
  revision::Revision rev = revision::parse_revision(g_.read("migrations/" + files[0]), files[0]);
  EXPECT_EQ(rev.id, id);
  EXPECT_TRUE(rev.parents.empty());
  EXPECT_EQ(rev.message, "add person");
  EXPECT_TRUE(rev.checksum_ok());
  EXPECT_EQ(rev.schema_hash.rfind("sha256:", 0), 0u);
  EXPECT_NE(rev.up.find("CREATE TABLE"), std::string::npos) << rev.up;
  EXPECT_NE(rev.up.find("person"), std::string::npos) << rev.up;
  EXPECT_NE(rev.down.find("DROP TABLE"), std::string::npos) << rev.down;
  EXPECT_EQ(g_.git("show HEAD:migrations/" + files[0]) + "\n", g_.read("migrations/" + files[0]));

  // Not applied yet: a new revision would repeat it.
  GitResult pending = cli("revision -m again", g_.path(), url());
  EXPECT_EQ(pending.exit_code, 1);
  EXPECT_NE(pending.err.find("pending"), std::string::npos) << pending.err;
  EXPECT_NE(pending.err.find(id), std::string::npos) << pending.err;

  // Applied: nothing left to write.
  GitResult applied = cli("apply", g_.path(), url());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(testing::query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "1");
  GitResult none = cli("revision -m again", g_.path(), url());
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "No changes; no revision written.\n");
  EXPECT_EQ(sql_files(g_).size(), 1u);
  EXPECT_EQ(g_.git("rev-list --count HEAD"), "2");

  // A change in an imported module: the next revision names the first as
  // parent and the commit holds only the changed module.
  std::string people = kPeople;
  people += "      age:\n        range: integer\n";
  g_.write("people.yaml", people);
  GitResult second = cli("revision -m 'add age'", g_.path(), url());
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  files = sql_files(g_);
  ASSERT_EQ(files.size(), 2u);
  std::string new_file = files[0] == id + ".sql" ? files[1] : files[0];
  revision::Revision rev2 = revision::parse_revision(g_.read("migrations/" + new_file), new_file);
  EXPECT_EQ(rev2.parents, (std::vector<std::string>{id}));
  EXPECT_NE(rev2.up.find("ADD COLUMN age"), std::string::npos) << rev2.up;
  EXPECT_EQ(g_.git("show --name-only --format= HEAD"), "migrations/" + new_file + "\npeople.yaml");
  EXPECT_EQ(g_.git("log -1 --format=%s"), "reconcile: add age");
  EXPECT_EQ(g_.git("status --porcelain"), "?? notes.txt");

  // The schema hashes the revisions claim are what replaying them gives, and
  // the files cover the schema: the offline check is clean.
  GitResult check = cli("check", g_.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(RevisionCommand, RefusesADatabaseThatAppliedAnotherBranchsRevisions) {
  ASSERT_EQ(cli("revision -m 'add person'", g_.path(), url()).exit_code, 0);
  ASSERT_EQ(cli("apply", g_.path(), url()).exit_code, 0);
  // Another branch adds a module and applies its revision to the same database.
  g_.git("checkout -q -b feature");
  g_.write("people.yaml", std::string(kPeople) + "      age:\n        range: integer\n");
  ASSERT_EQ(cli("revision -m 'add age'", g_.path(), url()).exit_code, 0);
  ASSERT_EQ(cli("apply", g_.path(), url()).exit_code, 0);
  // The revision only the feature branch has.
  const std::string added = g_.git("diff --name-only main -- migrations");
  const std::string feature_rev = stem(added.substr(added.find('/') + 1));
  // Back on main, a new revision against that database would drop `age`.
  g_.git("checkout -q main");
  g_.write("people.yaml", std::string(kPeople) + "      email:\n");
  GitResult r = cli("revision -m 'add email'", g_.path(), url());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("would undo"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(feature_rev), std::string::npos) << r.err;
  EXPECT_EQ(sql_files(g_).size(), 1u);
}

TEST_F(RevisionCommand, NoCommitOnlyWrites) {
  GitResult r = cli("revision -m 'add person' --no-commit", g_.path(), url());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(sql_files(g_).size(), 1u);
  EXPECT_EQ(g_.git("rev-list --count HEAD"), "1");
  EXPECT_EQ(g_.git("status --porcelain"),
            "?? migrations/\n?? notes.txt\n?? people.yaml\n?? schema.yaml");
}

TEST_F(RevisionCommand, JsonOutput) {
  GitResult r = cli("--format json revision -m 'add person'", g_.path(), url());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["revision"], stem(sql_files(g_)[0]));
  EXPECT_EQ(j["commit"]["id"], g_.rev("HEAD"));
  EXPECT_EQ(j["files"].size(), 3u);
}

using testing::write_revision;

// root on main; feature-a and feature-b each add a revision on it; both merged.
struct TwoHeads {
  GitRepo g;
  std::string commit_a, commit_b;
  TwoHeads() {
    g.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    g.write("schema.yaml", kMain);
    g.write("people.yaml", kPeople);
    write_revision(g, "20261101T000000Z_root", {}, "CREATE TABLE t (id integer);\n");
    g.commit_all("root");
    g.new_branch("feature-a");
    write_revision(g, "20261102T000000Z_a", {"20261101T000000Z_root"},
                   "ALTER TABLE t ADD COLUMN a integer;\n");
    commit_a = g.commit_all("revision a");
    g.checkout("main");
    g.new_branch("feature-b");
    write_revision(g, "20261103T000000Z_b", {"20261101T000000Z_root"},
                   "ALTER TABLE t ADD COLUMN b integer;\n");
    commit_b = g.commit_all("revision b");
    g.checkout("main");
    g.merge("feature-a", "merge a");
    g.merge("feature-b", "merge b");
  }
};

TEST(RevisionCommandHeads, RefusesWithSeveralHeadsNamingThem) {
  TwoHeads t;
  GitResult r = cli("revision -m 'more'", t.g.path(), "postgresql://nobody@127.0.0.1:1/none");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("2 heads"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20261102T000000Z_a"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("20261103T000000Z_b"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("feature-a"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("feature-b"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("reconcile merge"), std::string::npos) << r.err;
  EXPECT_EQ(t.g.git("status --porcelain"), "");
}

TEST(HeadsCommand, NamesTheCommitAndBranchesOfEachHead) {
  TwoHeads t;
  GitResult r = cli("heads", t.g.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "20261102T000000Z_a  message 20261102T000000Z_a\n"
            "    commit:   " +
                t.commit_a.substr(0, 10) +
                " revision a\n"
                "    branches: feature-a, main\n"
                "20261103T000000Z_b  message 20261103T000000Z_b\n"
                "    commit:   " +
                t.commit_b.substr(0, 10) +
                " revision b\n"
                "    branches: feature-b, main\n"
                "\n2 heads: run `reconcile merge` to join them.\n");
  GitResult j = cli("--format json heads", t.g.path());
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto json = nlohmann::json::parse(j.out);
  ASSERT_EQ(json["heads"].size(), 2u);
  EXPECT_EQ(json["heads"][1]["commit"]["id"], t.commit_b);
  EXPECT_EQ(json["heads"][1]["branches"], nlohmann::json::array({"feature-b", "main"}));
}

TEST(HistoryCommand, ListGraphMermaidJson) {
  TwoHeads t;
  GitResult list = cli("history", t.g.path());
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "20261101T000000Z_root  message 20261101T000000Z_root  (root)\n"
            "20261102T000000Z_a     message 20261102T000000Z_a  (parents: 20261101T000000Z_root)  "
            "[head]\n"
            "20261103T000000Z_b     message 20261103T000000Z_b  (parents: 20261101T000000Z_root)  "
            "[head]\n");
  GitResult graph = cli("history --graph", t.g.path());
  ASSERT_EQ(graph.exit_code, 0) << graph.err;
  EXPECT_EQ(graph.out,
            "* 20261103T000000Z_b message 20261103T000000Z_b\n"
            "| * 20261102T000000Z_a message 20261102T000000Z_a\n"
            "|/\n"
            "* 20261101T000000Z_root message 20261101T000000Z_root\n");
  GitResult mermaid = cli("--format mermaid history", t.g.path());
  ASSERT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out.rfind("flowchart TD\n", 0), 0u);
  EXPECT_NE(mermaid.out.find("  r1 --> r2\n  r1 --> r3\n"), std::string::npos) << mermaid.out;
  GitResult json = cli("--format json history", t.g.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["heads"], nlohmann::json::array({"20261102T000000Z_a", "20261103T000000Z_b"}));
}

}  // namespace
}  // namespace reconcile
