// Lock queues: a migration that waits for a lock makes every later query on
// the table wait behind it. With a reader holding ACCESS SHARE on a table and
// plain SELECTs arriving all the time, `reconcile apply` (ALTER TABLE, which
// needs ACCESS EXCLUSIVE) must never hold those SELECTs up for longer than
// its lock_timeout (plus 100 ms of slack for the measurement), must keep
// retrying until the reader lets go, and must give up within its total retry
// time when the reader never does.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "core/revision/revision.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/revisions.h"

namespace {

namespace rt = reconcile::testing;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Plain SELECTs on `table` from `n` sessions, one every few milliseconds
// each, until stopped; remembers the longest one.
class Readers {
 public:
  Readers(const std::string& url, const std::string& table, int n) {
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([this, url, table] {
        pqxx::connection conn(url);
        while (!stop_) {
          auto start = Clock::now();
          pqxx::nontransaction(conn).exec("SELECT count(*) FROM " + table);
          auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
          long long seen = longest_.load();
          while (took > seen && !longest_.compare_exchange_weak(seen, took)) {
          }
          ++queries_;
          std::this_thread::sleep_for(milliseconds(5));
        }
      });
    }
  }
  ~Readers() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  long long longest_ms() const { return longest_; }
  long long queries() const { return queries_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<long long> longest_{0};
  std::atomic<long long> queries_{0};
  std::vector<std::thread> threads_;
};

class LockQueue : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    rt::exec_sql(url(), "CREATE TABLE busy (id integer); INSERT INTO busy VALUES (1)");
    auto r =
        rt::make_revision("20260101T000000Z_note", {}, "ALTER TABLE busy ADD COLUMN note text;\n");
    rt::write_file(dir_.path() + "/migrations/" + r.id + ".sql",
                   reconcile::revision::format_revision(r));
  }
  rt::CommandResult apply(const std::string& args = "") {
    return rt::run_command("NO_COLOR=1 " + rt::sh_quote(rt::reconcile_binary()) + " --database " +
                               rt::sh_quote(url()) + " apply " + args,
                           dir_.path());
  }
  rt::TempDir dir_;
};

TEST_F(LockQueue, ReadersNeverWaitLongerThanTheLockTimeout) {
  // The defaults: lock_timeout 500ms, retried.
  rt::write_file(dir_.path() + "/reconcile.yaml", "migrations: migrations\n");
  const long long lock_timeout_ms = 500;

  pqxx::connection holder_conn(url());
  auto holder = std::make_unique<pqxx::work>(holder_conn);
  holder->exec("SELECT * FROM busy");  // holds ACCESS SHARE until it ends

  Readers readers(url(), "busy", 3);
  auto started = Clock::now();
  auto applying = std::async(std::launch::async, [&] { return apply(); });
  std::this_thread::sleep_for(milliseconds(3000));
  holder->commit();  // the reader lets go; the next attempt succeeds
  auto result = applying.get();
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
  std::this_thread::sleep_for(milliseconds(200));
  readers.stop();

  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("retries"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("lock timeout"), std::string::npos) << result.err;
  EXPECT_EQ(rt::query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "1");
  std::cout << "longest reader wait: " << readers.longest_ms() << " ms over " << readers.queries()
            << " SELECTs (lock_timeout " << lock_timeout_ms << " ms; apply took " << took
            << " ms)\n";
  EXPECT_LE(readers.longest_ms(), lock_timeout_ms + 100);
  // The readers did queue behind the waiting ALTER (the test measures something).
  EXPECT_GE(readers.longest_ms(), lock_timeout_ms / 4);
}

TEST_F(LockQueue, ARetryTimeBoundEndsTheRetries) {
  rt::write_file(dir_.path() + "/reconcile.yaml",
                 "migrations: migrations\nlock_timeout: 200ms\nlock_retries: 1000\n");
  pqxx::connection holder_conn(url());
  pqxx::work holder(holder_conn);
  holder.exec("SELECT * FROM busy");

  auto started = Clock::now();
  auto result = apply("--lock-retry-for 2s");
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("lock timeout"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("lock_retry_for"), std::string::npos) << result.err;
  // Failed attempts and waits stay within the 2 s bound; the rest is start-up.
  EXPECT_LE(took, 2000 + 200 + 3000) << result.err;
  EXPECT_GE(took, 1500) << result.err;
  holder.commit();
  EXPECT_EQ(rt::query_value(url(), "SELECT to_regclass('reconcile.revisions') IS NULL"), "t");
}

TEST_F(LockQueue, BadDurationsOnTheCommandLineAreUsageErrors) {
  rt::write_file(dir_.path() + "/reconcile.yaml", "migrations: migrations\n");
  auto huge = apply("--lock-timeout 99999999999999999999h");
  EXPECT_EQ(huge.exit_code, 1);
  EXPECT_NE(huge.err.find("--lock-timeout"), std::string::npos) << huge.err;
  EXPECT_NE(huge.err.find("out of range"), std::string::npos) << huge.err;
  auto retries = apply("--lock-retries lots");
  EXPECT_EQ(retries.exit_code, 1);
  EXPECT_NE(retries.err.find("--lock-retries"), std::string::npos) << retries.err;
  EXPECT_EQ(rt::query_value(url(), "SELECT to_regclass('reconcile.revisions') IS NULL"), "t");
}

TEST_F(LockQueue, AnOutOfRangeDurationInTheConfigNamesItsPosition) {
  rt::write_file(dir_.path() + "/reconcile.yaml",
                 "migrations: migrations\nlock_timeout: 99999999999999999999h\n");
  auto r = apply();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("reconcile.yaml:2:15"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
}

}  // namespace
