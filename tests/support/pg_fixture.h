// Real PostgreSQL for tests.
//
// TestServer: one throwaway cluster per test process, started on first use in
// a temporary folder (reusing reconcile::devdb::Cluster) and removed at exit,
// also when a test fails (static destructor + atexit). Folders left by a
// crashed run are recognised (their owner pid is gone) and cleaned up on the
// next start. With RECONCILE_TEST_DATABASE_URL set, tests use that server
// instead (a superuser URL; databases are created there and dropped after).
// With RECONCILE_TEST_SERVER_DIR set (ctest does this), all test processes
// share the cluster in that folder (started by the first, stopped by ctest's
// cleanup fixture).
// Without PostgreSQL, tests are skipped with a message; with CI=true they fail.
// Every test that needs the server goes through PgTest or require_server(),
// so no database test can pass a CI run by skipping.
//
// PgTest: a fixture giving each test its own fresh, empty database.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/ci_rules.h"
#include "support/process.h"
#include "util/error.h"

namespace reconcile::testing {

class TestServer {
 public:
  // The server for this process. Calls GTEST_SKIP-compatible logic through
  // ensure_available(); use it from PgTest or call available() first.
  static TestServer& get();

  // Whether a server could be provided; when not, why_unavailable() says why.
  bool available() const;
  const std::string& why_unavailable() const;

  // A fresh empty database named after `name_hint` (made unique); its URL.
  std::string create_database(const std::string& name_hint);
  // Drops a database created by create_database (no error if it is gone).
  void drop_database(const std::string& name);
  // URL of the maintenance database (postgres) as the superuser.
  std::string admin_url() const;

  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  struct Impl;

 private:
  TestServer();
  std::unique_ptr<Impl> impl_;
};

// For a fixture's SetUp() or a test body that uses TestServer::get() directly:
// true when the server is available; otherwise records a skip (a failure
// under CI=true) saying why, and returns false: the caller returns at once.
//   if (!require_server()) return;
bool require_server();

// Each test gets its own fresh database; url() is its connection URL. The
// database is dropped in TearDown. If no server is available the test is
// skipped (or fails under CI=true).
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  const std::string& url() const { return url_; }
  const std::string& database_name() const { return db_name_; }

 private:
  std::string url_;
  std::string db_name_;
};

// Folder caching a pristine initdb result for test clusters (per user, in
// the temporary folder), so each throwaway cluster is a copy, not an initdb.
std::string initdb_cache_dir();

// Runs a script (several statements) on `url`; throws on error.
void exec_sql(const std::string& url, const std::string& sql);
// First column of the first row of `sql` as text ("" for NULL or no rows).
std::string query_value(const std::string& url, const std::string& sql);

}  // namespace reconcile::testing
