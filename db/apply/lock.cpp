#include "db/apply/lock.h"

#include <thread>

#include "db/apply/connect.h"
#include "util/error.h"

namespace reconcile::apply {
namespace {

bool try_lock(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return tx.exec_params1("SELECT pg_try_advisory_lock($1)", kApplyLockKey)[0].as<bool>();
}

std::string seconds_text(std::chrono::milliseconds ms) {
  std::string s = std::to_string(ms.count() / 1000);
  if (ms.count() % 1000) s += "." + std::to_string(ms.count() % 1000 / 100);
  return s + " s";
}

}  // namespace

std::optional<LockHolder> find_lock_holder(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  const unsigned long long key = static_cast<unsigned long long>(kApplyLockKey);
  auto res = tx.exec_params(
      "SELECT l.pid, to_char(a.backend_start AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(a.application_name, ''), "
      "coalesce(a.usename::text, '') "
      "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "current_database()) "
      "AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid "
      "ORDER BY l.pid LIMIT 1",
      static_cast<long long>(key >> 32), static_cast<long long>(key & 0xffffffffULL));
  if (res.empty()) return std::nullopt;
  LockHolder h;
  h.pid = res[0][0].as<int>();
  h.since = res[0][1].is_null() ? "" : res[0][1].as<std::string>();
  h.application = res[0][2].as<std::string>();
  h.user = res[0][3].as<std::string>();
  return h;
}

std::unique_ptr<ApplyLock> ApplyLock::acquire(
    const std::string& url, std::chrono::milliseconds wait,
    const std::function<void(const std::string&)>& on_wait) {
  auto conn = connect(url, "reconcile apply lock");
  std::string database;
  try {
    pqxx::nontransaction tx(*conn);
    database = tx.exec1("SELECT current_database()")[0].as<std::string>();
  } catch (const pqxx::failure& e) {
    throw DatabaseError(std::string("cannot take the apply lock: ") + e.what());
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(50);
  bool told = false;
  try {
    while (!try_lock(*conn)) {
      if (!told && on_wait) {
        auto h = find_lock_holder(*conn);
        on_wait("waiting for the apply lock on " + database +
                (h ? " (held by pid " + std::to_string(h->pid) + ")" : std::string()) + ", up to " +
                seconds_text(wait));
        told = true;
      }
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        auto h = find_lock_holder(*conn);
        std::string who = h ? " (pid " + std::to_string(h->pid) +
                                  (h->since.empty() ? "" : ", since " + h->since) +
                                  (h->application.empty() ? "" : ", " + h->application) + ")"
                            : "";
        throw ConflictError("another reconcile apply holds the lock on " + database + who,
                            "wait for it to finish, or raise --lock-wait (config: lock_wait)");
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      std::this_thread::sleep_for(std::min(pause, left));
      pause = std::min(pause * 2, std::chrono::milliseconds(1000));
    }
  } catch (const pqxx::failure& e) {
    throw DatabaseError(std::string("cannot take the apply lock: ") + e.what());
  }
  return std::unique_ptr<ApplyLock>(new ApplyLock(std::move(conn), std::move(database)));
}

ApplyLock::ApplyLock(std::unique_ptr<pqxx::connection> conn, std::string database)
    : conn_(std::move(conn)), database_(std::move(database)) {}

ApplyLock::~ApplyLock() {
  try {
    pqxx::nontransaction tx(*conn_);
    tx.exec_params("SELECT pg_advisory_unlock($1)", kApplyLockKey);
  } catch (const std::exception&) {
    // Closing the connection below releases the lock anyway.
  }
}

}  // namespace reconcile::apply
