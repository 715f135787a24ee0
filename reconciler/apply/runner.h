// Runner: executes one revision's up or down body on a connection, the way
// apply, downgrade and replay all do.
//
// Segments. The statements are cut into segments: a run of transactional
// statements is one transaction; a statement marked
// `-- reconcile:no-transaction` (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD
// VALUE) commits nothing of its own but runs alone in autocommit, after the
// segment before it committed and before the next one starts, so later
// statements can rely on it. The `finish` callback (apply: insert the
// version-table record; downgrade: delete it) runs in the LAST transaction:
// the final segment's, or a transaction of its own when the body ends with a
// no-transaction statement or is empty.
//
// Crash and failure semantics:
//  * A revision without no-transaction statements is atomic: either every
//    statement and its record commit, or nothing does.
//  * With no-transaction statements, segments that committed before a
//    failure stay, but the record is not written, so the revision counts as
//    not applied and runs again in full next time. Such statements should be
//    idempotent (IF NOT EXISTS), which is what reconcile generates.
//
// Lock timeouts. With lock_timeout > 0, every transaction starts with
// `SET LOCAL lock_timeout` and every no-transaction statement runs with the
// session setting (reset afterwards). A segment that fails with
// lock_not_available (SQLSTATE 55P03) is rolled back and retried after an
// exponential backoff (backoff, 2*backoff, ...), at most max_attempts times
// in all; any other error fails at once.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "reconciler/revision/revision.h"
#include "schema/error.h"

namespace reconcile::apply {

enum class Direction { kUp, kDown };

struct RunOptions {
  std::chrono::milliseconds lock_timeout{0};  // 0: leave the server's setting
  int max_attempts = 5;                       // per segment, for lock timeouts
  std::chrono::milliseconds backoff{200};     // first wait before a retry
  // Runs inside the last transaction, after its statements (may be empty).
  std::function<void(pqxx::transaction_base&)> finish;
  // Told about each retry: (attempt that failed, wait before the next one, message).
  std::function<void(int, std::chrono::milliseconds, const std::string&)> on_retry;
};

// A statement of a revision that failed.
struct StatementError : DatabaseError {
  StatementError(const std::string& message, std::string hint, std::string revision_id,
                 SourceLocation where, std::string database_message, std::string sqlstate,
                 bool partial)
      : DatabaseError(message, std::move(hint)),
        revision(std::move(revision_id)),
        location(std::move(where)),
        database_message(std::move(database_message)),
        sqlstate(std::move(sqlstate)),
        partially_applied(partial) {}
  std::string revision;
  SourceLocation location;       // revision file and line of the statement
  std::string database_message;  // PostgreSQL's message, first line
  std::string sqlstate;
  bool partially_applied;  // no-transaction segments before it had committed
};

struct RunResult {
  int statements = 0;  // statements executed (last attempt of each segment)
  int retries = 0;     // lock-timeout retries
  long long duration_ms = 0;
};

// A segment of a body: transactional statements run together, or one
// no-transaction statement.
struct Segment {
  bool transactional = true;
  std::vector<revision::Statement> statements;
};
std::vector<Segment> segments(const std::vector<revision::Statement>& statements);

// Runs the body of `r` in `direction` on `conn` (see above). Throws
// StatementError when a statement fails (after the retries for lock
// timeouts); the failing segment is rolled back.
RunResult run_revision(pqxx::connection& conn, const revision::Revision& r, Direction direction,
                       const RunOptions& options = {});

}  // namespace reconcile::apply
