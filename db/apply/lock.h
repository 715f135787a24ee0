// The apply lock: a PostgreSQL session advisory lock, held on a connection of
// its own for as long as an apply or downgrade runs, so two of them never run
// against the same database at once.
//
// acquire() polls pg_try_advisory_lock with a growing pause (50 ms doubling
// up to 1 s) until `wait` has passed, then throws ConflictError naming the
// holder found in pg_locks/pg_stat_activity:
//   "another reconcile apply holds the lock on <db> (pid N, since <time>)".
// The lock is released when the ApplyLock is destroyed (or its connection
// dies: PostgreSQL releases session locks of a closed session, so a crashed
// apply never leaves the database locked).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace reconcile::apply {

// The advisory lock key (bigint form): 'RECONCIL' in ASCII.
inline constexpr long long kApplyLockKey = 0x5245434f4e43494cLL;

struct LockHolder {
  int pid = 0;
  std::string since;        // backend start of the holding session, ISO 8601 UTC
  std::string application;  // its application_name
  std::string user;
};

// The session holding the apply lock on the connected database, if any.
std::optional<LockHolder> find_lock_holder(pqxx::connection& conn);

class ApplyLock {
 public:
  // Connects to `url` (application_name "reconcile apply lock") and takes the
  // lock, waiting up to `wait`. `on_wait` is called once when the lock is
  // busy at the first try (to tell the user it waits).
  static std::unique_ptr<ApplyLock> acquire(
      const std::string& url, std::chrono::milliseconds wait,
      const std::function<void(const std::string&)>& on_wait = {});
  ~ApplyLock();
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;

  const std::string& database() const { return database_; }

 private:
  ApplyLock(std::unique_ptr<pqxx::connection> conn, std::string database);
  std::unique_ptr<pqxx::connection> conn_;
  std::string database_;
};

}  // namespace reconcile::apply
