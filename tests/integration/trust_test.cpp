// Only reviewed SQL runs, data loss is always gated, nothing leaks: the real
// binary in real git repositories against a real PostgreSQL.
//
//  * SQL fragments of a schema (sql_type, sql_default, ...) that are not
//    exactly one construct are refused with file:line:col; nothing runs.
//  * A revision edited after it was written is refused (CHECKSUM_MISMATCH,
//    file:line) by apply and downgrade until `reconcile rehash` accepts it
//    in a commit.
//  * The planner's hazards are written into the revision and honoured.
//  * Connection strings never show their password, whatever their form.
//  * status fails when the database cannot be read; a global option given
//    twice takes the last value; collations with a dot render quoted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/catalog/ddl.h"
#include "core/catalog/names.h"
#include "core/plan/planner.h"
#include "core/revision/revision.h"
#include "db/apply/destructive.h"
#include "db/introspect/introspect.h"
#include "history/revision/store.h"
#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using testing::exec_sql;
using testing::GitRepo;
using testing::GitResult;
using testing::query_value;
using testing::sh_quote;

const char* const kHeader =
    "id: https://example.org/app\n"
    "name: app\n"
    "prefixes:\n"
    "  linkml: https://w3id.org/linkml/\n"
    "imports:\n"
    "  - linkml:types\n"
    "default_range: string\n";

// The binary with `args` in `cwd`, replays on the test server, `env` first.
GitResult run(const std::string& cwd, const std::string& args, const std::string& env = "") {
  return testing::run_shell(
      env + " NO_COLOR=1 RECONCILE_SHADOW_URL=" + sh_quote(testing::TestServer::get().admin_url()) +
          " " + sh_quote(RECONCILE_BINARY) + " " + args,
      cwd);
}

std::string show(const GitResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

std::vector<std::string> revision_files(const GitRepo& g) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(g.file("migrations"), ec))
    if (e.path().extension() == ".sql") out.push_back("migrations/" + e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class TrustTest : public testing::PgTest {
 protected:
  void SetUp() override {
    testing::PgTest::SetUp();
    if (IsSkipped()) return;
    g_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    g_.commit_all("project");
  }
  GitResult cli(const std::string& args) { return testing::reconcile_in(g_.path(), args, url()); }

  GitRepo g_;
};

// --- 1. SQL fragments from the schema ---------------------------------------

class SchemaInjection : public TrustTest {
 protected:
  void SetUp() override {
    TrustTest::SetUp();
    if (IsSkipped()) return;
    role_ = "app_" + database_name();
    // The table to protect lives outside the schemas reconcile manages.
    exec_sql(url(),
             "CREATE SCHEMA vault; CREATE TABLE vault.keep (code text); INSERT INTO "
             "vault.keep VALUES ('original'); CREATE ROLE " +
                 role_ + " NOSUPERUSER");
  }
  void TearDown() override {
    if (!role_.empty())
      exec_sql(testing::TestServer::get().admin_url(), "DROP ROLE IF EXISTS " + role_);
    TrustTest::TearDown();
  }
  bool role_is_superuser() {
    return query_value(url(), "SELECT rolsuper FROM pg_roles WHERE rolname = '" + role_ + "'") ==
           "t";
  }
  std::string role_;
};

TEST_F(SchemaInjection, AnnotationThatIsNotOneTypeIsRefusedWithItsPositionAndNothingRuns) {
  const std::string payload =
      "text; UPDATE vault.keep SET code=$$pwned$$; ALTER ROLE " + role_ + " SUPERUSER; SELECT 1";
  g_.write("schema.yaml", std::string(kHeader) +
                              "classes:\n"
                              "  Sample:\n"
                              "    attributes:\n"
                              "      code:\n"
                              "        identifier: true\n"
                              "        annotations:\n"
                              "          sql_type: \"" +
                              payload + "\"\n");
  for (const char* command : {"plan", "sql", "revision -m inject --no-commit", "apply"}) {
    GitResult r = cli(command);
    EXPECT_EQ(r.exit_code, 1) << command << "\n" << show(r);
    // Line 14, column 21: where the annotation's value starts.
    EXPECT_NE(r.err.find("schema.yaml:14:21: error: sql_type of attribute 'code' of class "
                         "'Sample'"),
              std::string::npos)
        << command << "\n"
        << show(r);
    EXPECT_NE(r.err.find("is not exactly one type name: syntax error at or near \";\""),
              std::string::npos)
        << command << "\n"
        << show(r);
  }
  EXPECT_TRUE(revision_files(g_).empty());
  EXPECT_EQ(query_value(url(), "SELECT code FROM vault.keep"), "original");
  EXPECT_FALSE(role_is_superuser());
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.sample') IS NULL"), "t");
}

TEST_F(SchemaInjection, EveryAnnotationThatReachesSqlIsChecked) {
  g_.write("schema.yaml", std::string(kHeader) +
                              "types:\n"
                              "  Code:\n"
                              "    typeof: string\n"
                              "    annotations:\n"
                              "      sql_type: \"varchar(10) DEFAULT 'x'\"\n"
                              "slots:\n"
                              "  note:\n"
                              "    annotations:\n"
                              "      sql_default: \"(SELECT max(code) FROM vault.keep)\"\n"
                              "classes:\n"
                              "  Sample:\n"
                              "    slots: [note]\n"
                              "    attributes:\n"
                              "      code:\n"
                              "        range: Code\n"
                              "      other:\n"
                              "        annotations:\n"
                              "          sql_default: \"1) , evil integer DEFAULT (2\"\n"
                              "      third:\n"
                              "        annotations:\n"
                              "          sql_type: \"text -- NOT NULL swallowed\"\n"
                              "  Weird:\n"
                              "    annotations:\n"
                              "      sql_table: \"\"\n");
  GitResult r = cli("sql");
  EXPECT_EQ(r.exit_code, 1) << show(r);
  for (const char* expected :
       {"schema.yaml:12:17: error: sql_type of type 'Code' `varchar(10) DEFAULT 'x'` is not "
        "exactly one type name",
        "schema.yaml:16:20: error: sql_default of slot 'note'",
        "a default may not contain a subquery",
        "schema.yaml:25:24: error: sql_default of attribute 'other' of class 'Sample'",
        "schema.yaml:28:21: error: sql_type of attribute 'third' of class 'Sample'",
        "schema.yaml:31:18: error: sql_table of class 'Weird' `` is not a usable name"})
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << show(r);
}

TEST_F(SchemaInjection, HostileNamesAndLiteralsAreQuotedNotRun) {
  // Names and values that look like SQL stay names and values: the table
  // gets exactly that name, the default exactly that text.
  g_.write("schema.yaml", std::string(kHeader) +
                              "classes:\n"
                              "  Sample:\n"
                              "    annotations:\n"
                              "      sql_table: \"keep\\\"; DROP TABLE vault.keep; --\"\n"
                              "    attributes:\n"
                              "      id:\n"
                              "        identifier: true\n"
                              "      label:\n"
                              "        ifabsent: \"string(x'); DROP TABLE vault.keep; --)\"\n");
  GitResult r = cli("apply");
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(query_value(url(), "SELECT code FROM vault.keep"), "original");
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM pg_class WHERE relname = "
                        "'keep\"; DROP TABLE vault.keep; --'"),
            "1");
  EXPECT_EQ(query_value(url(),
                        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN "
                        "pg_class c ON c.oid = d.adrelid WHERE c.relname LIKE 'keep\"%'"),
            "'x''); DROP TABLE vault.keep; --'::text");
}

// --- 2. Tampered revisions ----------------------------------------------------

class TamperedRevision : public TrustTest {
 protected:
  void SetUp() override {
    TrustTest::SetUp();
    if (IsSkipped()) return;
    exec_sql(url(),
             "CREATE SCHEMA vault; CREATE TABLE vault.keep (code text); INSERT INTO "
             "vault.keep VALUES ('original')");
    g_.write("schema.yaml", std::string(kHeader) +
                                "classes:\n"
                                "  Sample:\n"
                                "    attributes:\n"
                                "      id:\n"
                                "        identifier: true\n");
    GitResult r = cli("revision -m 'add sample'");
    ASSERT_EQ(r.exit_code, 0) << show(r);
    auto files = revision_files(g_);
    ASSERT_EQ(files.size(), 1u);
    file_ = files[0];
    id_ = std::filesystem::path(file_).stem().string();
  }
  // Adds `sql` at the end of the up body (or the down body), leaving the checksum line.
  void tamper(const std::string& sql, bool down = false) {
    std::string text = g_.read(file_);
    if (down)
      text += sql;
    else
      text.insert(text.find("-- +down\n"), sql);
    g_.write(file_, text);
  }
  int checksum_line() {
    std::string text = g_.read(file_);
    return 1 + static_cast<int>(std::count(
                   text.begin(), text.begin() + text.find("-- reconcile:checksum"), '\n'));
  }
  std::string file_, id_;
};

TEST_F(TamperedRevision, ApplyRefusesAnEditedPendingRevisionAndRunsNothing) {
  tamper("INSERT INTO vault.keep VALUES ('injected');\nCREATE TABLE public.injected (id int);\n");
  GitResult r = cli("apply");
  EXPECT_EQ(r.exit_code, 1) << show(r);
  EXPECT_NE(r.err.find("CHECKSUM_MISMATCH"), std::string::npos) << show(r);
  EXPECT_NE(r.err.find(file_ + ":" + std::to_string(checksum_line()) + ": CHECKSUM_MISMATCH"),
            std::string::npos)
      << show(r);
  EXPECT_NE(r.err.find("reconcile rehash " + id_), std::string::npos) << show(r);
  EXPECT_EQ(query_value(url(), "SELECT string_agg(code, ',') FROM vault.keep"), "original");
  EXPECT_EQ(query_value(url(),
                        "SELECT to_regclass('public.injected') IS NULL AND "
                        "to_regclass('public.sample') IS NULL"),
            "t");
  // A dry run refuses too.
  EXPECT_EQ(cli("apply --dry-run").exit_code, 1);
  // check names it, with the way to accept it.
  GitResult c = cli("check --no-replay");
  EXPECT_EQ(c.exit_code, 2) << show(c);
  EXPECT_NE(c.out.find("CHECKSUM_MISMATCH"), std::string::npos) << show(c);
  EXPECT_NE(c.out.find("reconcile rehash " + id_), std::string::npos) << show(c);
}

TEST_F(TamperedRevision, RehashAcceptsTheEditInACommitAndThenItApplies) {
  tamper("CREATE TABLE public.reviewed (id int);\n");
  const std::string before_head = g_.rev();
  GitResult h = cli("rehash " + id_);
  ASSERT_EQ(h.exit_code, 0) << show(h);
  EXPECT_NE(h.out.find("Rehashed " + id_), std::string::npos) << show(h);
  EXPECT_NE(h.err.find("rehash: accepted the edited bodies of revision " + id_), std::string::npos)
      << show(h);
  // One new commit holding exactly that file, saying what happened.
  EXPECT_EQ(g_.git("rev-parse HEAD~1"), before_head);
  EXPECT_EQ(g_.git("log -1 --format=%s"), "reconcile: rehash " + id_);
  EXPECT_NE(g_.git("log -1 --format=%b").find("checksum sha256:"), std::string::npos);
  EXPECT_EQ(g_.git("show --name-only --format= HEAD"), file_);
  EXPECT_EQ(g_.git("status --porcelain -- migrations"), "");
  // Only the checksum line changed.
  EXPECT_EQ(g_.git("diff --numstat HEAD~1 HEAD -- " + file_).substr(0, 4), "2\t1\t");
  auto r = revision::parse_revision(g_.read(file_), file_);
  EXPECT_TRUE(r.checksum_ok());

  GitResult again = cli("rehash " + id_);
  EXPECT_EQ(again.exit_code, 0) << show(again);
  EXPECT_NE(again.out.find("already matches"), std::string::npos);
  EXPECT_EQ(g_.git("log -1 --format=%s"), "reconcile: rehash " + id_);

  GitResult a = cli("apply");
  ASSERT_EQ(a.exit_code, 0) << show(a);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.reviewed') IS NOT NULL"), "t");
}

TEST_F(TamperedRevision, RehashWithoutCommitOnlyRewritesTheFile) {
  tamper("CREATE TABLE public.reviewed (id int);\n");
  const std::string head = g_.rev();
  GitResult h = cli("rehash --no-commit " + id_);
  ASSERT_EQ(h.exit_code, 0) << show(h);
  EXPECT_EQ(g_.rev(), head);
  EXPECT_EQ(g_.git("status --porcelain -- migrations"), " M " + file_)
      << g_.git("status --porcelain");
  EXPECT_TRUE(revision::parse_revision(g_.read(file_), file_).checksum_ok());
  EXPECT_EQ(cli("rehash nope").exit_code, 1);
}

TEST_F(TamperedRevision, DowngradeRefusesAnEditedDownBodyEvenWithForce) {
  ASSERT_EQ(cli("apply").exit_code, 0);
  tamper("DROP TABLE vault.keep;\n", true);
  for (const char* command : {"downgrade", "downgrade --force", "downgrade --force --dry-run"}) {
    GitResult r = cli(command);
    EXPECT_EQ(r.exit_code, 1) << command << "\n" << show(r);
    EXPECT_NE(r.err.find("CHECKSUM_MISMATCH"), std::string::npos) << command << "\n" << show(r);
  }
  EXPECT_EQ(query_value(url(), "SELECT code FROM vault.keep"), "original");
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.sample') IS NOT NULL"), "t");
}

// --- 3a. The planner's hazards in the revision file -------------------------

TEST_F(TrustTest, APlannedNarrowingIsWrittenAsDeletesDataAndRefusedByApply) {
  auto schema = [](const char* type) {
    return std::string(kHeader) +
           "classes:\n"
           "  Sample:\n"
           "    attributes:\n"
           "      id:\n"
           "        identifier: true\n"
           "      code:\n"
           "        annotations:\n"
           "          sql_type: " +
           type + "\n";
  };
  g_.write("schema.yaml", schema("varchar(50)"));
  ASSERT_EQ(cli("apply").exit_code, 0);
  exec_sql(url(), "INSERT INTO sample VALUES ('a', 'short')");
  g_.write("schema.yaml", schema("varchar(10)"));
  GitResult rev = cli("revision -m narrow");
  ASSERT_EQ(rev.exit_code, 0) << show(rev);
  std::string narrowing;
  for (const auto& f : revision_files(g_))
    if (f.find("_narrow_") != std::string::npos) narrowing = g_.read(f);
  EXPECT_NE(
      narrowing.find("-- reconcile:hazard DELETES_DATA REWRITES_TABLE "
                     "TAKES_ACCESS_EXCLUSIVE_LOCK NOT_REVERSIBLE\n"
                     "ALTER TABLE public.sample ALTER COLUMN code TYPE character varying(10)"),
      std::string::npos)
      << narrowing;

  GitResult refused = cli("apply --no-generate");
  EXPECT_EQ(refused.exit_code, 3) << show(refused);
  EXPECT_NE(refused.err.find("narrows column public.sample.code"), std::string::npos)
      << show(refused);
  EXPECT_EQ(query_value(url(),
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                        "attrelid = 'sample'::regclass AND attname = 'code'"),
            "character varying(50)");
  GitResult allowed = cli("apply --no-generate --allow-destructive");
  EXPECT_EQ(allowed.exit_code, 0) << show(allowed);
  EXPECT_EQ(query_value(url(), "SELECT code FROM sample"), "short");
}

TEST(PlannerHazards, ADeclaredDeletesDataIsHonouredWithoutAnyDatabase) {
  // No live table to compare with: the planner's directive alone decides.
  revision::Statement s;
  s.sql = "ALTER TABLE public.sample ALTER COLUMN code TYPE character varying(10)";
  s.hazards = std::vector<plan::Hazard>{plan::Hazard::kDeletesData};
  apply::DataLossGuard guard(nullptr);
  auto found = guard.check(s);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().kind, apply::DataLoss::kDeletes);
  // Without the directive the unknown old type is unclassified, never safe.
  s.hazards.reset();
  apply::DataLossGuard fresh(nullptr);
  auto unknown = fresh.check(s);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].kind, apply::DataLoss::kUnclassified);
}

// --- 9. Secrets ---------------------------------------------------------------

// `url` with `password` set in its userinfo.
std::string with_password(const std::string& url, const std::string& password) {
  const size_t at = url.find('@');
  return url.substr(0, at) + ":" + password + url.substr(at);
}

TEST_F(TrustTest, NoConnectionStringFormShowsItsPassword) {
  const std::string secret = "s3cr3tPW";
  g_.write("schema.yaml", std::string(kHeader) +
                              "classes:\n  Sample:\n    attributes:\n"
                              "      id:\n        identifier: true\n");
  struct Form {
    const char* name;
    std::string conninfo;
  };
  const std::vector<Form> forms = {
      {"url without scheme", "app:" + secret + "@127.0.0.1:1/db"},
      {"url", "postgresql://app:" + secret + "@127.0.0.1:1/db"},
      {"url query parameter", "postgresql://app@127.0.0.1:1/db?password=" + secret},
      {"keyword/value", "host=127.0.0.1 port=1 user=app password=" + secret + " dbname=db"},
      {"keyword/value quoted", "host=127.0.0.1 port=1 password='" + secret + " x' dbname=db"},
      {"sslpassword", "host=127.0.0.1 port=1 sslpassword=" + secret + " dbname=db"},
      {"PGPASSWORD style", "PGPASSWORD=" + secret + " host=127.0.0.1 port=1 dbname=db"},
      {"broken keyword/value", "host=127.0.0.1 password=" + secret + " dbname='db"},
  };
  const std::vector<std::string> commands = {
      "status",  "status --format json",      "status --no-drift", "plan",    "apply", "check",
      "inspect", "revision -m x --no-commit", "downgrade",         "baseline"};
  int runs = 0;
  for (const auto& f : forms) {
    for (const auto& c : commands) {
      GitResult r = run(g_.path(), "-v --database " + sh_quote(f.conninfo) + " " + c);
      ++runs;
      EXPECT_NE(r.exit_code, 0) << f.name << ": " << c << "\n" << show(r);
      EXPECT_EQ(r.out.find(secret), std::string::npos) << f.name << ": " << c << "\n" << show(r);
      EXPECT_EQ(r.err.find(secret), std::string::npos) << f.name << ": " << c << "\n" << show(r);
    }
    // The same through DATABASE_URL, reconcile.yaml and as a diff side.
    GitResult env = run(g_.path(), "status --format json", "DATABASE_URL=" + sh_quote(f.conninfo));
    EXPECT_EQ((env.out + env.err).find(secret), std::string::npos) << f.name << "\n" << show(env);
    g_.write("other.yaml", "database: " + nlohmann::json(f.conninfo).dump() + "\n");
    GitResult cfg = run(g_.path(), "--config other.yaml status");
    EXPECT_EQ((cfg.out + cfg.err).find(secret), std::string::npos) << f.name << "\n" << show(cfg);
    GitResult diff = run(g_.path(), "diff schema.yaml " + sh_quote(f.conninfo));
    EXPECT_EQ((diff.out + diff.err).find(secret), std::string::npos) << f.name << "\n"
                                                                     << show(diff);
    runs += 3;
  }
  // A scheme-less URL never reaches libpq: reconcile says what is wrong.
  GitResult bare = cli("--database 'app:" + secret + "@127.0.0.1:5432/db' status");
  EXPECT_NE(bare.err.find("`app:***@127.0.0.1:5432/db` is not a database URL: the scheme is "
                          "missing"),
            std::string::npos)
      << show(bare);
  EXPECT_NE(bare.err.find("postgresql://app:***@127.0.0.1:5432/db"), std::string::npos)
      << show(bare);
  EXPECT_EQ(bare.err.find("missing \"=\""), std::string::npos) << show(bare);

  // A working URL with a password: the status JSON names the database without it.
  GitResult ok = run(g_.path(), "--database " + sh_quote(with_password(url(), secret)) +
                                    " status --no-drift --format json");
  EXPECT_EQ(ok.exit_code, 0) << show(ok);
  EXPECT_EQ((ok.out + ok.err).find(secret), std::string::npos) << show(ok);
  EXPECT_NE(nlohmann::json::parse(ok.out)["database"].get<std::string>().find(":***@"),
            std::string::npos)
      << ok.out;
  std::cout << "[ figures ] connection string forms: " << forms.size() << ", runs of the binary "
            << runs + 2 << ", password seen 0 times\n";
}

// --- 10. Small but real ---------------------------------------------------------

TEST_F(TrustTest, StatusExitsOneWithTheReasonWhenTheDatabaseCannotBeRead) {
  const std::string down = "postgresql://nobody@127.0.0.1:1/nothing";
  GitResult text = cli("--database " + down + " status");
  EXPECT_EQ(text.exit_code, 1) << show(text);
  EXPECT_NE(text.out.find("database: " + down), std::string::npos) << show(text);
  EXPECT_NE(text.err.find("reconcile: error: cannot read the database " + down +
                          ": cannot "
                          "connect"),
            std::string::npos)
      << show(text);
  GitResult json = cli("--database " + down + " status --format json");
  EXPECT_EQ(json.exit_code, 1) << show(json);
  EXPECT_TRUE(nlohmann::json::parse(json.out).contains("database_error")) << json.out;
  // A git hook never fails.
  EXPECT_EQ(cli("--database " + down + " status --hook").exit_code, 0);
  // Reachable: 0.
  EXPECT_EQ(cli("status --no-drift").exit_code, 0);
}

TEST_F(TrustTest, AGlobalOptionGivenTwiceTakesTheLastValue) {
  const std::string down = "postgresql://nobody@127.0.0.1:1/nothing";
  GitResult last_good =
      cli("--database " + down + " status --no-drift --database " + sh_quote(url()));
  EXPECT_EQ(last_good.exit_code, 0) << show(last_good);
  GitResult last_bad =
      cli("--database " + sh_quote(url()) + " status --no-drift --database " + down);
  EXPECT_EQ(last_bad.exit_code, 1) << show(last_bad);
  EXPECT_NE(last_bad.out.find("database: " + down), std::string::npos) << show(last_bad);
  GitResult formats = cli("--format text status --no-drift --format json");
  EXPECT_EQ(formats.exit_code, 0) << show(formats);
  EXPECT_NO_THROW(nlohmann::json::parse(formats.out)) << formats.out;
  for (const auto* r : {&last_good, &last_bad, &formats})
    EXPECT_EQ(r->err.find("At Most 1"), std::string::npos) << show(*r);
}

TEST_F(TrustTest, ATypeChangeKeepsACollationWithADotQuoted) {
  exec_sql(url(), "CREATE TABLE public.t (c text COLLATE \"C.utf8\")");
  introspect::IntrospectOptions io;
  catalog::Catalog have = introspect::introspect_url(url(), io);
  catalog::Catalog want = have;
  catalog::Column* c = want.schemas["public"].tables["t"].find_column("c");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->collation, std::optional<std::string>("C.utf8"));
  c->type = "character varying(20)";
  plan::Plan p = plan::make_plan(have, want);
  const std::string sql = p.up_sql();
  EXPECT_NE(sql.find("TYPE character varying(20) COLLATE \"C.utf8\""), std::string::npos) << sql;
  // The planner and the DDL renderer spell it the same way.
  EXPECT_NE(catalog::column_definition_sql(*c).find(" COLLATE " + catalog::collation_sql("C.utf8")),
            std::string::npos);
  ASSERT_NO_THROW(exec_sql(url(), sql)) << sql;
  EXPECT_TRUE(introspect::introspect_url(url(), io) == want);
  // Back: the down statements run too.
  ASSERT_NO_THROW(exec_sql(url(), p.down_sql())) << p.down_sql();
  EXPECT_TRUE(introspect::introspect_url(url(), io) == have);
}

}  // namespace
}  // namespace reconcile
