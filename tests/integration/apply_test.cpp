// apply (C++ API) against a real PostgreSQL: ordering, the version table,
// atomicity of a failing revision, hazards, checksums, heads, --to, dry runs,
// no-transaction statements and lock-timeout retries.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/apply/apply.h"
#include "db/apply/connect.h"
#include "db/apply/destructive.h"
#include "db/apply/runner.h"
#include "db/apply/version_table.h"
#include "history/revision/store.h"
#include "support/pg_fixture.h"

namespace reconcile::apply {
namespace {

using reconcile::testing::exec_sql;
using reconcile::testing::query_value;

revision::Revision rev(const std::string& id, std::vector<std::string> parents,
                       const std::string& up, const std::string& down = "") {
  revision::Revision r;
  r.id = id;
  r.parents = std::move(parents);
  r.message = "test " + id;
  r.schema_hash = "sha256:" + std::string(64, '0');
  r.up = up;
  r.down = down;
  r.checksum = r.compute_checksum();
  return r;
}

revision::RevisionStore store_of(std::vector<revision::Revision> revs) {
  return revision::RevisionStore::from_revisions(std::move(revs));
}

ApplyOptions quick() {
  ApplyOptions o;
  o.lock_wait = std::chrono::milliseconds(2000);
  o.lock_timeout = std::chrono::milliseconds(200);
  o.retry_backoff = std::chrono::milliseconds(50);
  return o;
}

// --- no database needed -----------------------------------------------------

TEST(Destructive, FindsStatementsThatDeleteData) {
  EXPECT_EQ(describe_data_loss("DROP TABLE public.t"),
            std::vector<std::string>{"drops table public.t"});
  EXPECT_EQ(describe_data_loss("ALTER TABLE s.t DROP COLUMN c, ADD COLUMN d int"),
            std::vector<std::string>{"drops column s.t.c"});
  EXPECT_EQ(describe_data_loss("DROP TYPE public.mood CASCADE"),
            std::vector<std::string>{"drops type public.mood with CASCADE"});
  EXPECT_EQ(describe_data_loss("WITH d AS (DELETE FROM t RETURNING 1) SELECT count(*) FROM d"),
            std::vector<std::string>{"deletes rows from t"});
  EXPECT_EQ(describe_data_loss("UPDATE s.t SET a = 1"),
            std::vector<std::string>{"updates rows of s.t"});
  EXPECT_EQ(describe_data_loss("TRUNCATE a, b"),
            (std::vector<std::string>{"truncates a", "truncates b"}));
  EXPECT_EQ(describe_data_loss("DELETE FROM t WHERE false"),
            std::vector<std::string>{"deletes rows from t"});
  EXPECT_EQ(describe_data_loss("DROP SCHEMA x CASCADE"),
            std::vector<std::string>{"drops schema x with CASCADE"});
  EXPECT_EQ(describe_data_loss("DROP INDEX CONCURRENTLY i CASCADE"),
            std::vector<std::string>{"drops index i with CASCADE"});
  for (const char* harmless :
       {"DROP INDEX public.t_idx", "ALTER TABLE t DROP CONSTRAINT t_fkey",
        "ALTER TABLE t ADD COLUMN c int", "CREATE TABLE t (id int)", "DROP SEQUENCE s",
        "ALTER TYPE mood ADD VALUE 'x'", "this is not SQL",
        // Without CASCADE PostgreSQL refuses to drop a type or schema that is in use.
        "DROP TYPE public.mood", "DROP SCHEMA x"})
    EXPECT_TRUE(describe_data_loss(harmless).empty()) << harmless;
}

TEST(Destructive, FindingsCarryRevisionFileAndLine) {
  auto r = rev("20260101T000000Z_a", {}, "CREATE TABLE x (id int);\nDROP TABLE y;\n",
               "ALTER TABLE x DROP COLUMN id;\n");
  r.path = "m/20260101T000000Z_a.sql";
  r.up_line = 7;
  r.down_line = 10;
  auto up = destructive_statements(r, Direction::kUp);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].what, "drops table y");
  EXPECT_EQ(up[0].where.file, "m/20260101T000000Z_a.sql");
  EXPECT_EQ(up[0].where.line, 8);
  auto down = destructive_statements(r, Direction::kDown);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0].what, "drops column x.id");
  auto err = refuse_destructive(up, "reconcile apply");
  EXPECT_EQ(err.exit_code(), 3);
  EXPECT_NE(std::string(err.what())
                .find("m/20260101T000000Z_a.sql:8: revision 20260101T000000Z_a "
                      "drops table y"),
            std::string::npos)
      << err.what();
}

TEST(Runner, SegmentsSplitAroundNoTransactionStatements) {
  auto r = rev("20260101T000000Z_a", {},
               "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n-- reconcile:no-transaction\n"
               "CREATE INDEX CONCURRENTLY i ON a (id);\nCREATE TABLE c (id int);\n");
  auto segs = segments(r.up_statements());
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_TRUE(segs[0].transactional);
  EXPECT_EQ(segs[0].statements.size(), 2u);
  EXPECT_FALSE(segs[1].transactional);
  EXPECT_EQ(segs[1].statements.size(), 1u);
  EXPECT_TRUE(segs[2].transactional);
  EXPECT_TRUE(segments({}).empty());
}

TEST(Pending, TopologicalOrderLimitedToTarget) {
  auto store = store_of({
      rev("20260101T000000Z_a", {}, ""),
      rev("20260102T000000Z_b", {"20260101T000000Z_a"}, ""),
      rev("20260103T000000Z_c", {"20260102T000000Z_b"}, ""),
  });
  EXPECT_EQ(pending_revisions(store, {"20260101T000000Z_a"}, std::nullopt),
            (std::vector<std::string>{"20260102T000000Z_b", "20260103T000000Z_c"}));
  EXPECT_EQ(pending_revisions(store, {}, std::string("20260102T000000Z_b")),
            (std::vector<std::string>{"20260101T000000Z_a", "20260102T000000Z_b"}));
  EXPECT_THROW(pending_revisions(store, {}, std::string("nope")), UsageError);
}

class ApplyTest : public reconcile::testing::PgTest {};

TEST_F(ApplyTest, AppliesPendingRevisionsInOrderAndRecordsThem) {
  auto store = store_of({
      rev("20260101T000000Z_a", {}, "CREATE TABLE a (id integer PRIMARY KEY);\n",
          "DROP TABLE a;\n"),
      rev("20260102T000000Z_b", {"20260101T000000Z_a"},
          "CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));\n",
          "DROP TABLE b;\n"),
  });
  auto report = apply::apply(url(), store, quick());
  ASSERT_EQ(report.done.size(), 2u);
  EXPECT_EQ(report.done[0].id, "20260101T000000Z_a");
  EXPECT_EQ(report.done[1].id, "20260102T000000Z_b");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM b"), "0");

  pqxx::connection conn(url());
  auto applied = read_applied(conn);
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].id, "20260101T000000Z_a");
  EXPECT_TRUE(applied[0].parents.empty());
  EXPECT_EQ(applied[1].parents, std::vector<std::string>{"20260101T000000Z_a"});
  EXPECT_EQ(applied[1].checksum, store.get("20260102T000000Z_b").compute_checksum());
  EXPECT_EQ(applied[1].message, "test 20260102T000000Z_b");
  EXPECT_EQ(applied[0].applied_by, query_value(url(), "SELECT current_user"));
  EXPECT_FALSE(applied[0].applied_at.empty());

  // Nothing left to do the second time.
  auto again = apply::apply(url(), store, quick());
  EXPECT_TRUE(again.planned.empty());
  EXPECT_TRUE(again.done.empty());
}

TEST_F(ApplyTest, ReadAppliedOnAFreshDatabaseIsEmptyAndCreatesNothing) {
  pqxx::connection conn(url());
  EXPECT_TRUE(read_applied(conn).empty());
  EXPECT_FALSE(version_table_exists(conn));
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'reconcile'"),
            "0");
}

TEST_F(ApplyTest, ConnectNamesTheApplicationOverOneTheUrlGives) {
  const std::string named =
      url() + (url().find('?') == std::string::npos ? "?" : "&") + "application_name=mine";
  auto conn = connect(named, "reconcile status");
  pqxx::nontransaction tx(*conn);
  EXPECT_EQ(tx.exec1("SHOW application_name")[0].as<std::string>(), "reconcile status");
  EXPECT_EQ(tx.exec1("SELECT current_database()")[0].as<std::string>(),
            query_value(url(), "SELECT current_database()"));
}

TEST_F(ApplyTest, ConnectKeepsQuotesAndBackslashesOfTheApplicationName) {
  auto conn = connect(url(), "it's a \\ name");
  pqxx::nontransaction tx(*conn);
  EXPECT_EQ(tx.exec1("SHOW application_name")[0].as<std::string>(), "it's a \\ name");
}

TEST_F(ApplyTest, AFailingRevisionLeavesThePreviousRevisionAndRecordsNothing) {
  auto store = store_of({
      rev("20260101T000000Z_a", {}, "CREATE TABLE a (id integer PRIMARY KEY);\n"),
      rev("20260102T000000Z_b", {"20260101T000000Z_a"},
          "CREATE TABLE b (id integer);\nINSERT INTO b VALUES (1);\n"
          "ALTER TABLE b ADD COLUMN x no_such_type;\n"),
  });
  try {
    apply::apply(url(), store, quick());
    FAIL() << "the failing revision must throw";
  } catch (const StatementError& e) {
    EXPECT_EQ(e.revision, "20260102T000000Z_b");
    EXPECT_NE(std::string(e.what()).find("no_such_type"), std::string::npos) << e.what();
    EXPECT_FALSE(e.partially_applied);
  }
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.a') IS NOT NULL"), "t");
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.b') IS NULL"), "t");
  EXPECT_EQ(query_value(url(), "SELECT string_agg(id, ',') FROM reconcile.revisions"),
            "20260101T000000Z_a");
}

TEST_F(ApplyTest, RefusesStatementsThatDeleteDataUnlessAllowed) {
  exec_sql(url(), "CREATE TABLE old (id integer, note text); INSERT INTO old VALUES (1, 'x');");
  auto store =
      store_of({rev("20260101T000000Z_drop", {}, "ALTER TABLE public.old DROP COLUMN note;\n")});
  try {
    apply::apply(url(), store, quick());
    FAIL() << "must refuse";
  } catch (const RefusedError& e) {
    EXPECT_EQ(e.exit_code(), 3);
    EXPECT_NE(std::string(e.what()).find("drops column public.old.note"), std::string::npos)
        << e.what();
    EXPECT_NE(e.hint().find("--allow-destructive"), std::string::npos);
  }
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM information_schema.columns WHERE "
                        "table_name = 'old' AND column_name = 'note'"),
            "1");
  auto opts = quick();
  opts.allow_destructive = true;
  apply::apply(url(), store, opts);
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM information_schema.columns WHERE "
                        "table_name = 'old' AND column_name = 'note'"),
            "0");
}

TEST_F(ApplyTest, RefusesWhenAnAppliedRevisionWasEditedAfterwards) {
  auto a = rev("20260101T000000Z_a", {}, "CREATE TABLE a (id integer);\n");
  apply::apply(url(), store_of({a}), quick());
  auto edited = a;
  edited.up = "CREATE TABLE a (id bigint);\n";  // header checksum left as it was
  try {
    apply::apply(url(), store_of({edited}), quick());
    FAIL() << "must refuse";
  } catch (const InputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("CHECKSUM_MISMATCH"), std::string::npos) << m;
    EXPECT_NE(m.find("20260101T000000Z_a"), std::string::npos) << m;
  }
  pqxx::connection conn(url());
  auto mism = applied_checksum_mismatches(store_of({edited}), read_applied(conn));
  ASSERT_EQ(mism.size(), 1u);
}

TEST_F(ApplyTest, RefusesSeveralHeadsNamingEach) {
  auto store = store_of({
      rev("20260101T000000Z_base", {}, "CREATE TABLE base (id integer);\n"),
      rev("20260102T000000Z_left", {"20260101T000000Z_base"}, "CREATE TABLE l (id integer);\n"),
      rev("20260103T000000Z_right", {"20260101T000000Z_base"}, "CREATE TABLE r (id integer);\n"),
  });
  auto opts = quick();
  opts.head_origins["20260102T000000Z_left"] = "branch feature-a, commit abc1234";
  try {
    apply::apply(url(), store, opts);
    FAIL() << "must refuse";
  } catch (const ConflictError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("2 heads"), std::string::npos) << m;
    EXPECT_NE(m.find("20260102T000000Z_left — branch feature-a, commit abc1234"), std::string::npos)
        << m;
    EXPECT_NE(m.find("20260103T000000Z_right — not committed"), std::string::npos) << m;
    EXPECT_NE(e.hint().find("reconcile merge"), std::string::npos);
  }
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.base') IS NULL"), "t");

  // --to picks one line of history.
  opts.to = "20260102T000000Z_left";
  auto report = apply::apply(url(), store, opts);
  ASSERT_EQ(report.done.size(), 2u);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.l') IS NOT NULL"), "t");
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.r') IS NULL"), "t");
}

TEST_F(ApplyTest, DryRunChangesNothing) {
  auto store = store_of({rev("20260101T000000Z_a", {}, "CREATE TABLE a (id integer);\n")});
  auto opts = quick();
  opts.dry_run = true;
  auto report = apply::apply(url(), store, opts);
  EXPECT_EQ(report.planned, std::vector<std::string>{"20260101T000000Z_a"});
  EXPECT_TRUE(report.done.empty());
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.a') IS NULL"), "t");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'reconcile'"),
            "0");
}

TEST_F(ApplyTest, NoTransactionStatementsRunOnTheirOwnAndLaterStatementsSeeThem) {
  auto store = store_of({
      rev("20260101T000000Z_a", {},
          "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE t (id integer, m mood);\n"),
      rev("20260102T000000Z_b", {"20260101T000000Z_a"},
          "-- reconcile:no-transaction\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n"
          "INSERT INTO t VALUES (1, 'happy');\n"
          "-- reconcile:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t "
          "(id);\n"),
  });
  auto report = apply::apply(url(), store, quick());
  ASSERT_EQ(report.done.size(), 2u);
  EXPECT_EQ(report.done[1].statements, 3);
  EXPECT_EQ(query_value(url(), "SELECT m::text FROM t"), "happy");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_indexes WHERE indexname = 't_id_idx'"),
            "1");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "2");
}

TEST_F(ApplyTest, LockTimeoutsAreRetriedAndThenFailClearly) {
  exec_sql(url(), "CREATE TABLE busy (id integer)");
  auto store =
      store_of({rev("20260101T000000Z_a", {}, "ALTER TABLE busy ADD COLUMN note text;\n")});

  // A session holds the table; every attempt times out; the error says so.
  {
    pqxx::connection blocker(url());
    pqxx::work hold(blocker);
    hold.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
    auto opts = quick();
    opts.lock_timeout = std::chrono::milliseconds(100);
    opts.max_lock_attempts = 3;
    std::vector<std::string> logs;
    opts.log = [&](const std::string& l) { logs.push_back(l); };
    try {
      apply::apply(url(), store, opts);
      FAIL() << "must time out";
    } catch (const StatementError& e) {
      EXPECT_EQ(e.sqlstate, "55P03");
      EXPECT_NE(std::string(e.what()).find("after 3 attempts"), std::string::npos) << e.what();
    }
    int retries = 0;
    for (const auto& l : logs) retries += l.find("retrying") != std::string::npos;
    EXPECT_EQ(retries, 2);
  }
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('reconcile.revisions') IS NULL"), "t")
      << "nothing recorded, not even the version table";

  // The blocker lets go during the retries: apply succeeds.
  pqxx::connection blocker(url());
  auto hold = std::make_unique<pqxx::work>(blocker);
  hold->exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    hold->commit();
  });
  auto opts = quick();
  opts.lock_timeout = std::chrono::milliseconds(100);
  opts.max_lock_attempts = 8;
  auto report = apply::apply(url(), store, opts);
  release.join();
  ASSERT_EQ(report.done.size(), 1u);
  EXPECT_GE(report.done[0].retries, 1);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "1");
}

// The failure the progress table exists for: a no-transaction statement
// commits, a later statement fails; the next run must not run the first one
// again (ADD VALUE without IF NOT EXISTS would fail: "already exists").
TEST_F(ApplyTest, AFailureAfterANoTransactionStatementIsContinuedByTheNextRun) {
  exec_sql(url(), "CREATE TYPE e AS ENUM ('a', 'b'); CREATE TABLE busy (id integer)");
  auto r = rev("20260101T000000Z_a", {},
               "-- reconcile:no-transaction\nALTER TYPE e ADD VALUE 'c';\n"
               "ALTER TABLE busy ADD COLUMN note e;\n");
  auto store = store_of({r});
  {
    pqxx::connection blocker(url());
    pqxx::work hold(blocker);
    hold.exec("LOCK TABLE busy IN ACCESS SHARE MODE");
    auto opts = quick();
    opts.lock_timeout = std::chrono::milliseconds(100);
    opts.max_lock_attempts = 2;
    try {
      apply::apply(url(), store, opts);
      FAIL() << "must time out";
    } catch (const StatementError& e) {
      EXPECT_TRUE(e.partially_applied);
      EXPECT_NE(e.hint().find("the next run continues from this statement"), std::string::npos)
          << e.hint();
    }
  }
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_enum WHERE enumlabel = 'c'"), "1");
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM reconcile.revision_progress WHERE state = "
                        "'done'"),
            "1");
  std::vector<std::string> logs;
  auto opts = quick();
  opts.log = [&](const std::string& l) { logs.push_back(l); };
  auto report = apply::apply(url(), store, opts);
  ASSERT_EQ(report.done.size(), 1u);
  EXPECT_EQ(report.done[0].resumed, 1);
  EXPECT_EQ(report.done[0].statements, 1) << "only the statement that failed runs again";
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "1");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revision_progress"), "0");
  EXPECT_EQ(query_value(url(),
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                        "attrelid = 'busy'::regclass AND attname = 'note'"),
            "e");
}

TEST_F(ApplyTest, APartlyAppliedRevisionIsContinuedOnlyWhenItsCommittedStepsAreUnchanged) {
  exec_sql(url(), "CREATE TYPE e AS ENUM ('a')");
  auto failing = rev("20260101T000000Z_a", {},
                     "-- reconcile:no-transaction\nALTER TYPE e ADD VALUE 'b';\n"
                     "ALTER TABLE nosuch ADD COLUMN x integer;\n");
  EXPECT_THROW(apply::apply(url(), store_of({failing}), quick()), StatementError);

  // The committed step was edited: refused, nothing runs.
  auto edited = rev("20260101T000000Z_a", {},
                    "-- reconcile:no-transaction\nALTER TYPE e ADD VALUE 'z';\n"
                    "CREATE TABLE fixed (id integer);\n");
  try {
    apply::apply(url(), store_of({edited}), quick());
    FAIL() << "must refuse";
  } catch (const StatementError& e) {
    EXPECT_NE(std::string(e.what()).find("different version of its file"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_enum WHERE enumlabel = 'z'"), "0");

  // Only the failing statement was fixed: the run continues there.
  auto fixed = rev("20260101T000000Z_a", {},
                   "-- reconcile:no-transaction\nALTER TYPE e ADD VALUE 'b';\n"
                   "CREATE TABLE fixed (id integer);\n");
  auto report = apply::apply(url(), store_of({fixed}), quick());
  ASSERT_EQ(report.done.size(), 1u);
  EXPECT_EQ(report.done[0].resumed, 1);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('fixed') IS NOT NULL"), "t");
  EXPECT_EQ(query_value(url(),
                        "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM "
                        "pg_enum WHERE enumtypid = 'e'::regtype"),
            "a,b");
}

}  // namespace
}  // namespace reconcile::apply
