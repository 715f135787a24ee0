// Replays run untrusted SQL (check runs the revisions of branches nobody has
// reviewed): they run as a role of their own that owns only the shadow
// database. Hostile revisions that try to escalate (ALTER ROLE ... SUPERUSER,
// CREATE ROLE, COPY ... PROGRAM, ALTER SYSTEM, ...) fail and change nothing
// outside the shadow database, on a real PostgreSQL whose shadow server role
// is a superuser. Extensions of reconcile.yaml that need a superuser still
// replay (PostGIS), and revisions generated with them apply and check clean.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "core/catalog/json.h"
#include "core/revision/revision.h"
#include "history/replay/replay.h"
#include "history/revision/store.h"
#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

namespace fs = std::filesystem;
namespace rt = reconcile::testing;
using rt::exec_sql;
using rt::query_value;

revision::Revision rev(const std::string& id, const std::string& parent, const std::string& up) {
  return rt::make_revision(
      id, parent.empty() ? std::vector<std::string>{} : std::vector<std::string>{parent}, up);
}

std::string admin_url() {
  return rt::TestServer::get().admin_url();
}

class ReplayTrustTest : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    // Cluster-wide names unique to this test (roles and databases are global).
    static int counter = 0;
    suffix_ = std::to_string(::getpid()) + "_" + std::to_string(++counter);
    victim_ = "victim_" + suffix_;
    evil_ = "evil_" + suffix_;
    hint_ = "trust_" + std::to_string(::getpid());
    marker_ = "/tmp/reconcile_replay_marker_" + suffix_;
    exec_sql(admin_url(), "CREATE ROLE " + victim_ + " NOSUPERUSER LOGIN");
  }
  void TearDown() override {
    if (!suffix_.empty()) {
      for (const auto& sql :
           {"DROP DATABASE IF EXISTS " + evil_ + " WITH (FORCE)", "DROP ROLE IF EXISTS " + evil_,
            "DROP ROLE IF EXISTS " + victim_, std::string("ALTER SYSTEM RESET work_mem"),
            std::string("ALTER DATABASE postgres RESET work_mem")}) {
        try {
          exec_sql(admin_url(), sql);
        } catch (const std::exception&) {
        }
      }
      for (const auto& f : {marker_, marker_ + ".file", marker_ + ".lo"}) {
        std::error_code ec;
        fs::remove(f, ec);
      }
    }
    rt::PgTest::TearDown();
  }

  replay::ReplayOptions options() const {
    replay::ReplayOptions o;
    o.server_url = admin_url();
    o.name_hint = hint_;
    return o;
  }

  // Shadow roles and databases of this test still on the server.
  std::string leftovers() const {
    return query_value(admin_url(),
                       "SELECT (SELECT count(*) FROM pg_roles WHERE rolname LIKE '" + hint_ +
                           "%') + (SELECT count(*) FROM pg_database WHERE datname LIKE '" + hint_ +
                           "%')");
  }

  std::string suffix_, victim_, evil_, hint_, marker_;
};

TEST_F(ReplayTrustTest, TheReplayRoleOwnsOnlyTheShadowDatabaseAndHasNoPrivileges) {
  auto store = revision::RevisionStore::from_revisions({rev("r1", "", R"SQL(
DO $$
BEGIN
  IF (SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls
      FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the replay role % has privileges', current_user;
  END IF;
  IF (SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
      WHERE r.rolname = current_user) <> 0 THEN
    RAISE EXCEPTION 'the replay role is a member of another role';
  END IF;
  IF (SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
      WHERE r.rolname = current_user) <> 1
     OR (SELECT r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
         WHERE d.datname = current_database()) <> current_user THEN
    RAISE EXCEPTION 'the replay role must own exactly the shadow database';
  END IF;
END $$;
CREATE TABLE t (id integer PRIMARY KEY);
)SQL")});
  catalog::Catalog c = replay::replay(store, replay::Target::all(), options());
  EXPECT_TRUE(c.find_table("public", "t"));
  EXPECT_EQ(leftovers(), "0") << "the shadow database and its role are dropped afterwards";
}

TEST_F(ReplayTrustTest, HostileRevisionsFailAndChangeNothingOutsideTheShadowDatabase) {
  const std::string admin_user = query_value(admin_url(), "SELECT current_user");
  // A session of someone else on the server; a replay must not be able to end it.
  pqxx::connection sentinel(url());
  pqxx::nontransaction(sentinel).exec("SET application_name = 'sentinel_" + suffix_ + "'");

  struct Case {
    std::string name;
    std::string up;
  };
  const std::vector<Case> cases = {
      {"ALTER ROLE ... SUPERUSER", "ALTER ROLE " + victim_ + " SUPERUSER;\n"},
      {"escalation inside a DO block",
       "DO $$ BEGIN EXECUTE format('ALTER ROLE %I SUPERUSER', '" + victim_ + "'); END $$;\n"},
      {"CREATE ROLE", "CREATE ROLE " + evil_ + " SUPERUSER LOGIN;\n"},
      {"COPY ... TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'touch " + marker_ + "';\n"},
      {"COPY ... TO a server file", "COPY (SELECT 1) TO '" + marker_ + ".file';\n"},
      {"lo_export to a server file",
       "SELECT lo_export(lo_from_bytea(0, 'x'), '" + marker_ + ".lo');\n"},
      {"reading a server file",
       "CREATE TABLE leak AS SELECT pg_read_file('/etc/hostname') AS t;\n"},
      {"ALTER SYSTEM", "ALTER SYSTEM SET work_mem = '77MB';\n"},
      {"CREATE DATABASE", "-- reconcile:no-transaction\nCREATE DATABASE " + evil_ + ";\n"},
      {"ALTER DATABASE of another database", "ALTER DATABASE postgres SET work_mem = '3MB';\n"},
      {"SET ROLE to the server role",
       "SET ROLE " + admin_user + ";\nALTER ROLE " + victim_ + " SUPERUSER;\n"},
      {"SET SESSION AUTHORIZATION",
       "SET SESSION AUTHORIZATION " + admin_user + ";\nALTER ROLE " + victim_ + " SUPERUSER;\n"},
      {"granting itself pg_execute_server_program",
       "GRANT pg_execute_server_program TO CURRENT_USER;\n"
       "COPY (SELECT 1) TO PROGRAM 'touch " +
           marker_ + "';\n"},
      {"ending other sessions",
       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
       "'sentinel_" +
           suffix_ + "';\n"},
  };
  int refused = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto store = revision::RevisionStore::from_revisions(
        {rev("r1", "", "CREATE TABLE base (id integer);\n"), rev("r2", "r1", c.up)});
    try {
      replay::replay(store, replay::Target::all(), options());
      ADD_FAILURE() << "the hostile revision replayed";
    } catch (const replay::ReplayError& e) {
      EXPECT_EQ(e.revision, "r2") << e.what();
      ++refused;
    }
    // Nothing outside the shadow database changed.
    EXPECT_EQ(
        query_value(admin_url(), "SELECT rolsuper FROM pg_roles WHERE rolname = '" + victim_ + "'"),
        "f");
    EXPECT_EQ(
        query_value(admin_url(), "SELECT count(*) FROM pg_roles WHERE rolname = '" + evil_ + "'"),
        "0");
    EXPECT_EQ(query_value(admin_url(),
                          "SELECT count(*) FROM pg_database WHERE datname = '" + evil_ + "'"),
              "0");
    EXPECT_EQ(query_value(admin_url(),
                          "SELECT count(*) FROM pg_file_settings WHERE name = 'work_mem' AND "
                          "setting = '77MB'"),
              "0");
    EXPECT_EQ(query_value(admin_url(),
                          "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON "
                          "d.oid = s.setdatabase WHERE d.datname = 'postgres' AND "
                          "array_to_string(s.setconfig, ',') LIKE '%work_mem%'"),
              "0");
    for (const auto& f : {marker_, marker_ + ".file", marker_ + ".lo"})
      EXPECT_FALSE(fs::exists(f)) << f;
    EXPECT_NO_THROW(pqxx::nontransaction(sentinel).exec("SELECT 1")) << "the sentinel was ended";
    EXPECT_EQ(leftovers(), "0");
  }
  std::cout << "hostile revisions refused in replay: " << refused << " of " << cases.size() << "\n";
}

TEST_F(ReplayTrustTest, CheckReportsTheEscalatingRevisionAndTheVictimStaysUnprivileged) {
  rt::GitRepo repo;
  repo.write("reconcile.yaml", "migrations: migrations\nschema: schema.yaml\n");
  rt::write_revision(repo, "20260101T000000Z_base", {}, "CREATE TABLE base (id integer);\n");
  rt::write_revision(repo, "20260102T000000Z_evil", {"20260101T000000Z_base"},
                     "ALTER ROLE " + victim_ + " SUPERUSER;\n");
  repo.commit_all("revisions");
  auto r = rt::reconcile_in(repo.path(), "check --format json");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  bool reported = false;
  for (const auto& f : doc["findings"])
    reported =
        reported || (f["code"] == "REPLAY_MISMATCH" && f["revision"] == "20260102T000000Z_evil");
  EXPECT_TRUE(reported) << doc.dump(2);
  EXPECT_EQ(
      query_value(admin_url(), "SELECT rolsuper FROM pg_roles WHERE rolname = '" + victim_ + "'"),
      "f");
}

// Without RECONCILE_SHADOW_URL, check replays on the embedded cluster it
// starts itself, as a role with no privileges there too.
TEST(ReplayTrustEmbedded, CheckReplaysOnItsOwnClusterAsAnUnprivilegedRole) {
  if (!rt::TestServer::get().available()) {
    if (std::getenv("CI")) FAIL() << rt::TestServer::get().why_unavailable();
    GTEST_SKIP() << rt::TestServer::get().why_unavailable();
  }
  rt::GitRepo repo;
  repo.write("reconcile.yaml", "migrations: migrations\nschema: schema.yaml\n");
  repo.write("schema.yaml", "id: https://example.org/empty\nname: empty\n");
  auto guard = rt::make_revision("20260101T000000Z_guard", {}, R"SQL(DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'replay runs as the superuser %', current_user;
  END IF;
END $$;
)SQL");
  // It changes no schema: it claims the state of an empty database.
  replay::ReplayOptions o;
  o.server_url = admin_url();
  guard.schema_hash = catalog::content_hash(
      replay::replay(revision::RevisionStore::from_revisions({}), replay::Target::all(), o));
  guard.checksum = guard.compute_checksum();
  repo.write("migrations/" + guard.id + ".sql", revision::format_revision(guard));
  repo.commit_all("revisions");
  const std::string bin = rt::sh_quote(rt::reconcile_binary());
  auto r = rt::run_shell("env -u RECONCILE_SHADOW_URL NO_COLOR=1 " + bin + " check", repo.path());
  rt::run_shell("env -u RECONCILE_SHADOW_URL " + bin + " dev-db stop", repo.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(repo.file(".reconcile/dev-db/data"))) << "the embedded cluster was used";
}

// --- extensions ---------------------------------------------------------------

TEST_F(ReplayTrustTest, AnExtensionThatNeedsASuperuserIsRefusedUnlessConfigured) {
  auto store = revision::RevisionStore::from_revisions(
      {rev("r1", "", "CREATE EXTENSION IF NOT EXISTS \"postgis\" SCHEMA \"public\";\n")});
  try {
    replay::replay(store, replay::Target::all(), options());
    ADD_FAILURE() << "postgis needs a superuser; the replay role is none";
  } catch (const replay::ReplayError& e) {
    EXPECT_NE(e.database_message.find("permission denied"), std::string::npos) << e.what();
  }
  // A trusted extension is created by the revision itself.
  auto trusted = revision::RevisionStore::from_revisions(
      {rev("r1", "", "CREATE EXTENSION IF NOT EXISTS \"citext\" SCHEMA \"public\";\n")});
  auto c = replay::replay(trusted, replay::Target::all(), options());
  EXPECT_EQ(c.extensions.count("citext"), 1u);
}

TEST_F(ReplayTrustTest, ConfiguredExtensionsAppearFromTheRevisionThatCreatesThem) {
  for (const std::string create : {"CREATE EXTENSION IF NOT EXISTS \"postgis\" SCHEMA \"public\"",
                                   "CREATE EXTENSION postgis"}) {
    SCOPED_TRACE(create);
    auto store = revision::RevisionStore::from_revisions({
        rev("r1", "", "CREATE TABLE a (id integer);\n"),
        rev("r2", "r1",
            create + ";\nCREATE TABLE place (id integer, geom geometry(Point,4326));\n"),
    });
    auto o = options();
    o.extensions = {"postgis"};
    auto states = replay::replay_each(store, o);
    ASSERT_EQ(states.size(), 2u);
    ASSERT_TRUE(states[0].catalog) << states[0].error;
    ASSERT_TRUE(states[1].catalog) << states[1].error;
    EXPECT_EQ(states[0].catalog->extensions.count("postgis"), 0u)
        << "installed before the replay, but no revision has created it yet";
    ASSERT_EQ(states[1].catalog->extensions.count("postgis"), 1u);
    EXPECT_EQ(states[1].catalog->extensions.at("postgis").schema, "public");
    const auto* place = states[1].catalog->find_table("public", "place");
    ASSERT_TRUE(place);
    EXPECT_NE(place->columns.at(1).type.find("geometry(Point,4326)"), std::string::npos)
        << place->columns.at(1).type;
    // The state before it is the state without the extension configured.
    auto plain = options();
    EXPECT_EQ(catalog::content_hash(replay::replay(store, replay::Target::revision("r1"), o)),
              catalog::content_hash(replay::replay(store, replay::Target::revision("r1"), plain)));
    EXPECT_EQ(leftovers(), "0");
  }
}

TEST_F(ReplayTrustTest, AConfiguredExtensionInASchemaOfItsOwn) {
  auto store = revision::RevisionStore::from_revisions({
      rev("r1", "", "CREATE TABLE public.t0 (id integer);\n"),
      rev("r2", "r1",
          "CREATE SCHEMA IF NOT EXISTS \"gis\";\n"
          "CREATE EXTENSION IF NOT EXISTS \"postgis\" SCHEMA \"gis\";\n"
          "CREATE TABLE gis.place (geom gis.geometry);\n"),
  });
  auto o = options();
  o.extensions = {"postgis"};
  o.schemas = {"gis"};
  auto states = replay::replay_each(store, o);
  ASSERT_EQ(states.size(), 2u);
  ASSERT_TRUE(states[0].catalog) << states[0].error;
  ASSERT_TRUE(states[1].catalog) << states[1].error;
  EXPECT_EQ(states[0].catalog->schemas.count("gis"), 0u);
  EXPECT_EQ(states[0].catalog->extensions.count("postgis"), 0u);
  EXPECT_EQ(states[1].catalog->extensions.count("postgis"), 1u);
  EXPECT_TRUE(states[1].catalog->find_table("gis", "place"));
}

// The whole story with PostGIS: apply generates a revision that creates it
// (replayed with the extension installed before the replay), applies it, and
// check finds the history, the schema and the database in step.
TEST_F(ReplayTrustTest, ApplyAndCheckWithPostgis) {
  rt::GitRepo repo;
  repo.write("reconcile.yaml",
             "schema: schema.yaml\nmigrations: migrations\nextensions: [postgis]\n");
  repo.write("schema.yaml", R"(id: https://example.org/places
name: places
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
classes:
  Place:
    attributes:
      id:
        identifier: true
        range: integer
      name:
        required: true
)");
  repo.commit_all("schema");
  auto applied = rt::reconcile_in(repo.path(), "apply", url());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_NE(applied.out.find("wrote revision"), std::string::npos) << applied.out;
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"), "1");
  // The head revision's claimed state is the LinkML schema: nothing to generate.
  auto again = rt::reconcile_in(repo.path(), "apply --no-generate", url());
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  auto check = rt::reconcile_in(repo.path(), "check --database " + rt::sh_quote(url()));
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto plan = rt::reconcile_in(repo.path(), "plan --detailed-exitcode", url());
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
}

}  // namespace
}  // namespace reconcile
