// An apply killed with SIGKILL inside or right after each statement that
// cannot run in a transaction (ALTER TYPE ... ADD VALUE, CREATE INDEX
// CONCURRENTLY) is continued by the next apply, which converges: the
// revision is recorded once, the database is what an uninterrupted apply
// gives (planning again is empty, no INVALID index is left, no progress row
// is left).
//
// The revision is the one reconcile generates for a LinkML edit that adds an
// enum value, a column and an index on an existing table:
//   step 1  ALTER TYPE status ADD VALUE 'c'            (no-transaction)
//   step 2  ALTER TABLE sample ADD COLUMN note ...     (transaction)
//   step 3  CREATE INDEX CONCURRENTLY ... label        (no-transaction)
//   step 4  the record in reconcile.revisions           (transaction)
// Each kill happens at a place chosen deterministically: a test session holds
// a lock that stops apply exactly there, the test waits until apply's
// backend waits on it (pg_stat_activity), then kills the process and ends
// its backends (the connection is lost, as when the machine goes away).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"

namespace {

namespace rt = reconcile::testing;
using rt::query_value;

std::string schema(bool edited) {
  std::string s = R"(id: https://example.org/lab
name: lab
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
enums:
  Status:
    permissible_values:
      a:
      b:
)";
  if (edited) s += "      c:\n";
  s += R"(classes:
  Sample:
    attributes:
      id:
        identifier: true
        range: integer
      status:
        range: Status
      label:
        range: string
)";
  if (edited)
    s += "        annotations:\n          index: true\n      note:\n        range: string\n";
  return s;
}

// `reconcile apply` as a child process whose pid the test knows.
pid_t spawn_apply(const std::string& cwd, const std::string& database_url,
                  const std::string& output) {
  const std::string cmd =
      "exec env NO_COLOR=1 DATABASE_URL=" + rt::sh_quote(database_url) +
      " RECONCILE_SHADOW_URL=" + rt::sh_quote(rt::TestServer::get().admin_url()) + " " +
      rt::sh_quote(rt::reconcile_binary()) + " apply --no-generate >" + rt::sh_quote(output) +
      " 2>&1";
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until a backend of `reconcile apply` on `url` waits for a lock while
// running a statement that starts with `prefix`.
bool wait_for_apply_waiting(const std::string& url, const std::string& prefix) {
  for (int i = 0; i < 1200; ++i) {
    if (query_value(url,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND application_name = 'reconcile apply' AND "
                    "wait_event_type = 'Lock' AND query LIKE '" +
                        prefix + "%'") == "1")
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

// Waits until no backend of reconcile is left on `url`.
void wait_for_no_apply(const std::string& url) {
  for (int i = 0; i < 1200; ++i) {
    if (query_value(url,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND application_name LIKE 'reconcile%'") == "0")
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

// A session of the test that holds something until it ends.
struct Blocker {
  explicit Blocker(const std::string& url) : conn(url), tx(std::make_unique<pqxx::work>(conn)) {}
  void release() { tx.reset(); }  // rolls back
  pqxx::connection conn;
  std::unique_ptr<pqxx::work> tx;
};

struct KillPoint {
  std::string name;
  // Takes the locks that stop apply, waits until it waits; returns the
  // sessions to release after the kill (empty: failed to get there).
  std::function<std::vector<std::unique_ptr<Blocker>>(const std::string& url)> stop;
  bool end_backends = true;  // the connection is lost too (else the server finishes the statement)
  // What the database must show right after the kill, before the next run.
  std::function<void(const std::string& url)> after_kill = [](const std::string&) {};
  // What the next run must say it did (empty: it runs the revision afresh).
  std::string next_run_says;
};

class ApplyInterrupt : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    repo_.write("reconcile.yaml",
                "schema: schema.yaml\nmigrations: migrations\nlock_timeout: 60s\n");
    repo_.write("schema.yaml", schema(false));
    repo_.commit_all("project");
    auto first = rt::reconcile_in(repo_.path(), "apply", url());
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    first_ = query_value(url(), "SELECT id FROM reconcile.revisions");
    repo_.write("schema.yaml", schema(true));
    auto second = rt::reconcile_in(repo_.path(), "revision -m 'value, column and index'", url());
    ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
    const std::string body = rt::run_shell("cat migrations/*value_column*.sql", repo_.path()).out;
    // The generated revision has the shape this test is about.
    const auto add_value =
        body.find("-- reconcile:no-transaction\nALTER TYPE public.status ADD VALUE 'c'");
    const auto add_column = body.find("ALTER TABLE public.sample ADD COLUMN note");
    const auto index = body.find(
        "-- reconcile:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS sample_label_idx");
    ASSERT_NE(add_value, std::string::npos) << body;
    ASSERT_NE(add_column, std::string::npos) << body;
    ASSERT_NE(index, std::string::npos) << body;
    ASSERT_LT(add_value, add_column);
    ASSERT_LT(add_column, index);
  }

  // A database holding only the first revision.
  std::string fresh_database(const std::string& hint) {
    std::string db = rt::TestServer::get().create_database(hint);
    databases_.push_back(db);
    auto r = rt::reconcile_in(repo_.path(), "apply --no-generate --to " + first_, db);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return db;
  }
  void TearDown() override {
    for (const auto& db : databases_) {
      try {
        auto name = query_value(db, "SELECT current_database()");
        rt::TestServer::get().drop_database(name);
      } catch (const std::exception&) {
      }
    }
    rt::PgTest::TearDown();
  }

  rt::GitRepo repo_;
  std::string first_;
  std::vector<std::string> databases_;
};

TEST_F(ApplyInterrupt, KilledAtEveryNonTransactionalStatementTheNextApplyConverges) {
  using Stop = std::function<std::vector<std::unique_ptr<Blocker>>(const std::string&)>;
  std::vector<KillPoint> points;
  auto add = [&](const std::string& name, Stop stop, const std::string& next_run_says = "") {
    KillPoint p;
    p.name = name;
    p.stop = std::move(stop);
    p.next_run_says = next_run_says;
    points.push_back(p);
    return &points.back();
  };
  // Takes `b`'s locks first, then waits for apply to wait on a statement
  // starting with `prefix`.
  auto waits_on = [](std::unique_ptr<Blocker> b, const std::string& db, const std::string& prefix) {
    std::vector<std::unique_ptr<Blocker>> out;
    if (wait_for_apply_waiting(db, prefix)) out.push_back(std::move(b));
    return out;
  };
  auto snapshot_holder = [](const std::string& db) {
    auto b = std::make_unique<Blocker>(db);
    b->tx->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    b->tx->exec("SELECT 1");  // an old snapshot: CREATE INDEX CONCURRENTLY waits for it
    return b;
  };

  add("inside ALTER TYPE ... ADD VALUE", [&](const std::string& db) {
    auto b = std::make_unique<Blocker>(db);
    b->tx->exec("ALTER TYPE status ADD VALUE 'zz_blocker'");  // locks the type
    return waits_on(std::move(b), db, "ALTER TYPE");
  });
  add("after ADD VALUE ran, before its step committed", [&](const std::string& db) {
    auto b = std::make_unique<Blocker>(db);
    b->tx->exec("LOCK TABLE reconcile.revision_progress IN SHARE MODE");
    return waits_on(std::move(b), db, "INSERT INTO reconcile.revision_progress");
  });
  add(
      "after ADD VALUE committed, in the next step",
      [&](const std::string& db) {
        auto b = std::make_unique<Blocker>(db);
        b->tx->exec("SELECT * FROM sample");  // ACCESS SHARE: ADD COLUMN waits
        return waits_on(std::move(b), db, "ALTER TABLE");
      },
      "continued an interrupted run (1 step had committed)");
  Stop inside_build = [&](const std::string& db) {
    return waits_on(snapshot_holder(db), db, "CREATE INDEX CONCURRENTLY");
  };
  add("inside CREATE INDEX CONCURRENTLY (connection lost)", inside_build,
      "dropping the invalid index public.sample_label_idx")
      ->after_kill = [](const std::string& db) {
    EXPECT_EQ(query_value(db,
                          "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = "
                          "i.indexrelid WHERE c.relname = 'sample_label_idx' AND NOT "
                          "i.indisvalid"),
              "1")
        << "the interrupted build leaves an INVALID index";
  };
  add("inside CREATE INDEX CONCURRENTLY (the server finishes the build)", inside_build,
      "was built by an earlier, interrupted run")
      ->end_backends = false;
  add(
      "after CREATE INDEX CONCURRENTLY, before its step is recorded",
      [&](const std::string& db) {
        std::vector<std::unique_ptr<Blocker>> out;
        auto snapshot = snapshot_holder(db);
        if (!wait_for_apply_waiting(db, "CREATE INDEX CONCURRENTLY")) return out;
        auto progress = std::make_unique<Blocker>(db);
        progress->tx->exec("LOCK TABLE reconcile.revision_progress IN SHARE MODE");
        snapshot->release();  // the build finishes; recording it waits
        return waits_on(std::move(progress), db, "INSERT INTO reconcile.revision_progress");
      },
      "was built by an earlier, interrupted run");
  add(
      "in the last step, recording the revision",
      [&](const std::string& db) {
        auto b = std::make_unique<Blocker>(db);
        b->tx->exec("LOCK TABLE reconcile.revisions IN SHARE MODE");
        return waits_on(std::move(b), db, "INSERT INTO reconcile.revisions");
      },
      "continued an interrupted run (3 steps had committed)");

  rt::TempDir logs;
  int tried = 0, converged = 0;
  for (size_t k = 0; k < points.size(); ++k) {
    const auto& point = points[k];
    SCOPED_TRACE(point.name);
    const std::string db = fresh_database("interrupt");
    const std::string log = logs.path() + "/apply." + std::to_string(k);

    pid_t pid = spawn_apply(repo_.path(), db, log);
    ASSERT_GT(pid, 0);
    auto blockers = point.stop(db);
    ASSERT_FALSE(blockers.empty()) << "apply never got there:\n" << rt::read_file(log);
    ++tried;
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "apply ended before the kill:\n" << rt::read_file(log);
    if (point.end_backends)
      rt::exec_sql(db,
                   "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                   "current_database() AND application_name LIKE 'reconcile%'");
    blockers.clear();
    wait_for_no_apply(db);
    point.after_kill(db);
    EXPECT_EQ(query_value(db, "SELECT count(*) FROM reconcile.revisions"), "1")
        << "the interrupted revision is not recorded";

    auto again = rt::reconcile_in(repo_.path(), "apply --no-generate", db);
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    if (!point.next_run_says.empty()) {
      EXPECT_NE(again.err.find(point.next_run_says), std::string::npos) << again.err;
    }
    auto plan = rt::reconcile_in(repo_.path(), "plan --detailed-exitcode", db);
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const bool ok =
        again.exit_code == 0 && plan.exit_code == 0 &&
        query_value(db, "SELECT count(*) FROM reconcile.revisions") == "2" &&
        query_value(db, "SELECT count(DISTINCT id) FROM reconcile.revisions") == "2" &&
        query_value(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0" &&
        query_value(db, "SELECT count(*) FROM reconcile.revision_progress") == "0" &&
        query_value(db,
                    "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum "
                    "WHERE enumtypid = 'public.status'::regtype") == "a,b,c";
    EXPECT_TRUE(ok) << "did not converge";
    converged += ok;
  }
  std::cout << "kills tried: " << tried << ", converged: " << converged << "\n";
}

}  // namespace
