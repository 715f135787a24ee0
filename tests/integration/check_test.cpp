// `reconcile check`, driven like a user drives it: a real git repository with
// a LinkML schema and revision files, a real PostgreSQL (shadow databases for
// the replays, and a database for the --database checks). Every finding kind
// is produced and checked through the exit code and the JSON output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "core/catalog/json.h"
#include "core/revision/revision.h"
#include "db/apply/version_table.h"
#include "history/replay/replay.h"
#include "history/revision/store.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/revisions.h"
#include "support/schemas.h"

namespace rt = reconcile::testing;
namespace rv = reconcile::revision;
using nlohmann::json;

namespace {

const char* kConfig = R"(schema: schema.yaml
migrations: migrations
profile: native
schemas: [public]
)";

const char* kZeroHash = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

// A project (reconcile.yaml, schema.yaml, migrations/) in a git repository,
// with helpers to write revision files and run the binary.
class CheckTest : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    repo_ = std::make_unique<rt::GitRepo>();
    repo_->write("reconcile.yaml", kConfig);
    repo_->write("schema.yaml", rt::people_schema());
    repo_->write("migrations/.gitkeep", "");
  }

  const rt::GitRepo& repo() const { return *repo_; }
  std::string shadow_url() const { return rt::TestServer::get().admin_url(); }

  // The DDL of the desired schema as the tool renders it.
  std::string desired_sql() {
    auto r = run("sql --format sql");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // Writes migrations/<id>.sql with a correct checksum and the given schema hash.
  void write_revision(const std::string& id, const std::vector<std::string>& parents,
                      const std::string& up, const std::string& down,
                      const std::string& schema_hash = kZeroHash) {
    rv::Revision r = rt::make_revision(id, parents, up, down, "revision " + id);
    r.schema_hash = schema_hash;
    rt::write_revision(*repo_, r);
  }

  // Rewrites every revision's schema hash to the hash of its replayed state
  // (the claim reconcile itself would write), keeping checksums correct.
  void fix_schema_hashes() {
    auto store = rv::RevisionStore::load(repo_->file("migrations"));
    reconcile::replay::ReplayOptions o;
    o.server_url = shadow_url();
    for (const auto& s : reconcile::replay::replay_each(store, o)) {
      ASSERT_TRUE(s.catalog.has_value()) << s.revision << ": " << s.error;
      rv::Revision r = store.get(s.revision);
      r.schema_hash = reconcile::catalog::content_hash(*s.catalog);
      r.checksum = r.compute_checksum();
      rt::write_revision(*repo_, r);
    }
  }

  rt::CommandResult run(const std::string& args) {
    std::string cmd = "NO_COLOR=1 RECONCILE_SHADOW_URL=" + rt::sh_quote(shadow_url()) + " " +
                      rt::sh_quote(rt::reconcile_binary()) + " " + args;
    return rt::run_command(cmd, repo_->path());
  }

  // `reconcile check --format json [extra]`: exit code and parsed document.
  std::pair<int, json> check_json(const std::string& extra = "") {
    auto r = run("check --format json " + extra);
    json doc;
    if (r.exit_code != 1) {
      try {
        doc = json::parse(r.out);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "not JSON: " << e.what() << "\nstdout:\n"
                      << r.out << "\nstderr:\n"
                      << r.err;
      }
    }
    last_err_ = r.err;
    return {r.exit_code, doc};
  }

  static std::vector<json> findings(const json& doc, const std::string& code) {
    std::vector<json> out;
    for (const auto& f : doc["findings"])
      if (f["code"] == code) out.push_back(f);
    return out;
  }
  static const json& check_status(const json& doc, const std::string& code) {
    for (const auto& c : doc["checks"])
      if (c["code"] == code) return c;
    static json none;
    return none;
  }

  // Applies revision `id` to the test database the way apply records it.
  void apply_and_record(const std::string& id) {
    auto store = rv::RevisionStore::load(repo_->file("migrations"));
    const rv::Revision& r = store.get(id);
    rt::exec_sql(url(), r.up);
    pqxx::connection c(url());
    pqxx::work tx(c);
    reconcile::apply::ensure_version_table(tx);
    reconcile::apply::record_applied(tx, r, 0);
    tx.commit();
  }

  std::unique_ptr<rt::GitRepo> repo_;
  std::string last_err_;
};

const std::string kInit = "20260101T000000Z_init";
const std::string kAddEmail = "20260102T000000Z_add_email";

}  // namespace

TEST_F(CheckTest, CleanProjectExitsZero) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");

  auto [code, doc] = check_json();
  EXPECT_EQ(code, 0) << doc.dump(2) << last_err_;
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["status"], "clean");
  EXPECT_TRUE(doc["findings"].empty()) << doc.dump(2);
  for (const char* c : {"INVALID_REVISION", "CHECKSUM_MISMATCH", "MULTIPLE_HEADS",
                        "REPLAY_MISMATCH", "PENDING_CHANGES"}) {
    EXPECT_EQ(check_status(doc, c)["ran"], true) << c;
  }
  for (const char* c : {"UNAPPLIED", "UNKNOWN_REVISION", "DRIFT"}) {
    EXPECT_EQ(check_status(doc, c)["ran"], false) << c;
    EXPECT_EQ(check_status(doc, c)["skipped_reason"], "needs --database") << c;
  }

  // The text format says so too.
  auto text = run("check");
  EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("clean"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << "NO_COLOR must disable colour";
}

TEST_F(CheckTest, PendingChangesListObjectsAndSql) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().write("schema.yaml", rt::people_schema("      email:\n        range: string\n"));
  repo().commit_all("add email to the schema, no revision");

  auto [code, doc] = check_json();
  EXPECT_EQ(code, 2) << last_err_;
  EXPECT_EQ(doc["status"], "findings");
  auto fs = findings(doc, "PENDING_CHANGES");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_EQ(fs[0]["file"], "schema.yaml");
  EXPECT_EQ(fs[0]["severity"], "error");
  EXPECT_NE(fs[0]["message"].get<std::string>().find(kInit), std::string::npos);
  EXPECT_NE(std::find(fs[0]["objects"].begin(), fs[0]["objects"].end(), "public.person.email"),
            fs[0]["objects"].end())
      << fs[0].dump(2);
  std::string sql = fs[0]["sql"];
  EXPECT_NE(sql.find("ADD COLUMN email"), std::string::npos) << sql;
  EXPECT_NE(fs[0]["hint"].get<std::string>().find("reconcile revision"), std::string::npos);
  EXPECT_EQ(doc["findings"].size(), 1u) << doc.dump(2);
}

TEST_F(CheckTest, ChecksumMismatchWhenARevisionIsEdited) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  std::string text = repo().read("migrations/" + kInit + ".sql");
  text += "-- an edit after the fact\n";
  repo().write("migrations/" + kInit + ".sql", text);
  repo().commit_all("init, edited");

  auto [code, doc] = check_json("--no-replay");
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "CHECKSUM_MISMATCH");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_EQ(fs[0]["file"], "migrations/" + kInit + ".sql");
  EXPECT_GT(fs[0]["line"].get<int>(), 0);
  EXPECT_EQ(fs[0]["revision"], kInit);
  EXPECT_EQ(check_status(doc, "REPLAY_MISMATCH")["ran"], false);
  EXPECT_EQ(check_status(doc, "REPLAY_MISMATCH")["skipped_reason"], "--no-replay");
}

TEST_F(CheckTest, InvalidRevisionsAreReportedWithFileAndLine) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  // A parent that names no revision, and a file that does not parse.
  write_revision("20260103T000000Z_orphan", {"20251231T000000Z_missing"}, "SELECT 1;\n", "");
  repo().write("migrations/20260104T000000Z_garbage.sql", "this is not a revision\n");
  repo().commit_all("broken revisions");

  auto [code, doc] = check_json("--no-replay");
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "INVALID_REVISION");
  ASSERT_EQ(fs.size(), 2u) << doc.dump(2);
  bool dangling = false, parse = false;
  for (const auto& f : fs) {
    std::string details = f["details"].dump();
    if (f["file"] == "migrations/20260103T000000Z_orphan.sql") {
      dangling = true;
      EXPECT_NE(details.find("DANGLING_PARENT"), std::string::npos) << details;
      EXPECT_GT(f["line"].get<int>(), 0);
      EXPECT_EQ(f["revision"], "20260103T000000Z_orphan");
    }
    if (f["file"] == "migrations/20260104T000000Z_garbage.sql") {
      parse = true;
      EXPECT_NE(details.find("PARSE_ERROR"), std::string::npos) << details;
    }
    EXPECT_FALSE(f["hint"].is_null());
  }
  EXPECT_TRUE(dangling);
  EXPECT_TRUE(parse);
}

TEST_F(CheckTest, DuplicateIdsAndCyclesAreInvalid) {
  write_revision("20260105T000000Z_a", {"20260106T000000Z_b"}, "SELECT 1;\n", "");
  write_revision("20260106T000000Z_b", {"20260105T000000Z_a"}, "SELECT 2;\n", "");
  // The same id in a second file.
  std::string copy = repo().read("migrations/20260105T000000Z_a.sql");
  repo().write("migrations/20260105T000000Z_a_copy.sql", copy);
  repo().commit_all("cycle and duplicate");

  auto [code, doc] = check_json("--no-replay");
  EXPECT_EQ(code, 2) << last_err_;
  std::string all = json(findings(doc, "INVALID_REVISION")).dump();
  EXPECT_NE(all.find("CYCLE"), std::string::npos) << doc.dump(2);
  EXPECT_TRUE(all.find("DUPLICATE_ID") != std::string::npos ||
              all.find("ID_MISMATCH") != std::string::npos)
      << doc.dump(2);
}

TEST_F(CheckTest, MultipleHeadsNameTheirBranches) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");
  repo().new_branch("feature-a");
  write_revision("20260102T000000Z_add_a", {kInit},
                 "ALTER TABLE public.person ADD COLUMN a text;\n",
                 "ALTER TABLE public.person DROP COLUMN a;\n");
  fix_schema_hashes();
  repo().commit_all("add a");
  repo().checkout("main");
  repo().new_branch("feature-b");
  write_revision("20260103T000000Z_add_b", {kInit},
                 "ALTER TABLE public.person ADD COLUMN b text;\n",
                 "ALTER TABLE public.person DROP COLUMN b;\n");
  fix_schema_hashes();
  repo().commit_all("add b");
  repo().checkout("main");
  repo().merge("feature-a", "merge a");
  repo().merge("feature-b", "merge b");

  auto [code, doc] = check_json();
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "MULTIPLE_HEADS");
  ASSERT_EQ(fs.size(), 2u) << doc.dump(2);
  EXPECT_EQ(fs[0]["revision"], "20260102T000000Z_add_a");
  EXPECT_EQ(fs[0]["file"], "migrations/20260102T000000Z_add_a.sql");
  EXPECT_NE(fs[0]["details"].dump().find("feature-a"), std::string::npos) << fs[0].dump(2);
  EXPECT_NE(fs[0]["details"].dump().find("add a"), std::string::npos) << fs[0].dump(2);
  EXPECT_NE(fs[1]["details"].dump().find("feature-b"), std::string::npos) << fs[1].dump(2);
  EXPECT_NE(fs[0]["hint"].get<std::string>().find("reconcile merge"), std::string::npos);
  // Both heads replay to what they claim.
  EXPECT_TRUE(findings(doc, "REPLAY_MISMATCH").empty()) << doc.dump(2);
}

TEST_F(CheckTest, ReplayMismatchWhenTheClaimedHashIsWrong) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  // A second revision whose claim is not what it replays to.
  write_revision(kAddEmail, {kInit}, "ALTER TABLE public.person ADD COLUMN email text;\n",
                 "ALTER TABLE public.person DROP COLUMN email;\n", kZeroHash);
  repo().write("schema.yaml", rt::people_schema("      email:\n        range: string\n"));
  repo().commit_all("email with a wrong claim");

  auto [code, doc] = check_json();
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "REPLAY_MISMATCH");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_EQ(fs[0]["revision"], kAddEmail);
  EXPECT_EQ(fs[0]["file"], "migrations/" + kAddEmail + ".sql");
  EXPECT_NE(fs[0]["details"].dump().find(kZeroHash), std::string::npos);
  EXPECT_TRUE(findings(doc, "PENDING_CHANGES").empty()) << doc.dump(2);
}

TEST_F(CheckTest, ReplayMismatchWhenARevisionFailsToReplay) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  write_revision(kAddEmail, {kInit}, "ALTER TABLE public.nosuch ADD COLUMN email text;\n", "");
  repo().commit_all("broken SQL");

  auto [code, doc] = check_json();
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "REPLAY_MISMATCH");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_EQ(fs[0]["revision"], kAddEmail);
  EXPECT_NE(fs[0]["message"].get<std::string>().find("nosuch"), std::string::npos) << fs[0].dump(2);
  EXPECT_EQ(check_status(doc, "PENDING_CHANGES")["ran"], false);
}

TEST_F(CheckTest, UnappliedRevisionsAreWarnings) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");

  auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "UNAPPLIED");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_EQ(fs[0]["severity"], "warning");
  EXPECT_EQ(fs[0]["revision"], kInit);
  EXPECT_EQ(doc["summary"]["warnings"], 1);
  for (const char* c : {"UNAPPLIED", "UNKNOWN_REVISION", "DRIFT"})
    EXPECT_EQ(check_status(doc, c)["ran"], true) << c;
  // Nothing applied, nothing created: no drift.
  EXPECT_TRUE(findings(doc, "DRIFT").empty()) << doc.dump(2);
}

TEST_F(CheckTest, AppliedDatabaseInStepIsClean) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");
  apply_and_record(kInit);

  auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
  EXPECT_EQ(code, 0) << doc.dump(2) << last_err_;
  EXPECT_EQ(doc["status"], "clean");
}

TEST_F(CheckTest, DriftShowsObjectsAndTheSqlThatBringsItBack) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");
  apply_and_record(kInit);
  rt::exec_sql(url(), "ALTER TABLE public.person ADD COLUMN nickname text;");

  auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "DRIFT");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_NE(std::find(fs[0]["objects"].begin(), fs[0]["objects"].end(), "public.person.nickname"),
            fs[0]["objects"].end())
      << fs[0].dump(2);
  EXPECT_NE(fs[0]["sql"].get<std::string>().find("DROP COLUMN nickname"), std::string::npos)
      << fs[0].dump(2);
  // The message never shows a password.
  EXPECT_EQ(doc.dump().find(":postgres@"), std::string::npos);
  EXPECT_EQ(doc["findings"].size(), 1u) << doc.dump(2);
}

TEST_F(CheckTest, UnknownRevisionAndAppliedChecksumMismatch) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  write_revision(kAddEmail, {kInit}, "ALTER TABLE public.person ADD COLUMN email text;\n",
                 "ALTER TABLE public.person DROP COLUMN email;\n");
  fix_schema_hashes();
  apply_and_record(kInit);
  apply_and_record(kAddEmail);
  // The files lose add_email (applied from another branch) and init's down
  // body is rewritten with a consistent header: the file is fine on its own
  // but differs from what the database applied.
  repo().remove("migrations/" + kAddEmail + ".sql");
  write_revision(kInit, {}, desired_sql(), "DROP TABLE IF EXISTS public.person;\n");
  fix_schema_hashes();
  repo().commit_all("diverged");

  auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
  EXPECT_EQ(code, 2) << last_err_;
  auto unknown = findings(doc, "UNKNOWN_REVISION");
  ASSERT_EQ(unknown.size(), 1u) << doc.dump(2);
  EXPECT_EQ(unknown[0]["revision"], kAddEmail);
  EXPECT_TRUE(unknown[0]["file"].is_null());
  auto sums = findings(doc, "CHECKSUM_MISMATCH");
  ASSERT_EQ(sums.size(), 1u) << doc.dump(2);
  EXPECT_EQ(sums[0]["revision"], kInit);
  EXPECT_NE(sums[0]["message"].get<std::string>().find("after it was applied"), std::string::npos);
  // Drift cannot be judged without the unknown revision's SQL.
  EXPECT_EQ(check_status(doc, "DRIFT")["ran"], false);
}

TEST_F(CheckTest, GithubAndJunitFormats) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  std::string text = repo().read("migrations/" + kInit + ".sql");
  repo().write("migrations/" + kInit + ".sql", text + "-- edited\n");
  repo().commit_all("edited");

  auto gh = run("check --no-replay --format github");
  EXPECT_EQ(gh.exit_code, 2);
  EXPECT_NE(gh.out.find("::error file=migrations/" + kInit + ".sql,line="), std::string::npos)
      << gh.out;
  EXPECT_NE(gh.out.find(",title=CHECKSUM_MISMATCH::"), std::string::npos) << gh.out;

  auto junit = run("check --no-replay --format junit");
  EXPECT_EQ(junit.exit_code, 2);
  EXPECT_NE(junit.out.find("<testcase classname=\"reconcile.check\" name=\"CHECKSUM_MISMATCH\">"),
            std::string::npos)
      << junit.out;
  EXPECT_NE(junit.out.find("<failure type=\"CHECKSUM_MISMATCH\""), std::string::npos);
}

TEST_F(CheckTest, ErrorsExitOne) {
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person;\n");
  fix_schema_hashes();
  repo().commit_all("init");

  // No connection.
  auto r = run("check --no-replay --database postgresql://nobody:secret@127.0.0.1:1/none");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << r.err;
  // A format check does not write.
  r = run("check --format mermaid");
  EXPECT_EQ(r.exit_code, 1);
  // A LinkML schema that does not exist.
  r = run("--schema missing.yaml check");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

// A view declared in LinkML: the revision made from the schema replays to
// what the schema says (no PENDING_CHANGES: views are compared by
// PostgreSQL's text of them), and a view changed by hand in the database is
// DRIFT, with the SQL that brings it back.
TEST_F(CheckTest, AViewChangedByHandIsDrift) {
  repo_->write("schema.yaml", rt::people_schema(R"(  PersonNames:
    annotations:
      sql_definition: select id, name from public.person
    attributes:
      id: {range: integer}
      name:
)"));
  write_revision(kInit, {}, desired_sql(), "DROP TABLE public.person CASCADE;\n");
  fix_schema_hashes();
  repo().commit_all("init");
  apply_and_record(kInit);
  {
    auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
    EXPECT_EQ(code, 0) << doc.dump(2) << last_err_;
  }
  rt::exec_sql(url(),
               "CREATE OR REPLACE VIEW public.person_names AS SELECT id, upper(name) AS "
               "name FROM public.person");
  auto [code, doc] = check_json("--database " + rt::sh_quote(url()));
  EXPECT_EQ(code, 2) << last_err_;
  auto fs = findings(doc, "DRIFT");
  ASSERT_EQ(fs.size(), 1u) << doc.dump(2);
  EXPECT_NE(std::find(fs[0]["objects"].begin(), fs[0]["objects"].end(), "public.person_names"),
            fs[0]["objects"].end())
      << fs[0].dump(2);
  EXPECT_NE(fs[0]["sql"].get<std::string>().find("CREATE OR REPLACE VIEW public.person_names"),
            std::string::npos)
      << fs[0].dump(2);
}
