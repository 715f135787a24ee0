// Runner: executes one revision's up or down body on a connection, the way
// apply, downgrade and replay all do.
//
// Steps. The statements are cut into steps (segments()): a run of
// transactional statements is one step; a statement marked
// `-- reconcile:no-transaction` (CREATE INDEX CONCURRENTLY, ALTER TYPE ...
// ADD VALUE) is a step of its own that commits before the next step starts,
// so later statements can rely on it. Such a statement runs in a transaction
// of its own when PostgreSQL allows it (ALTER TYPE ... ADD VALUE since
// PostgreSQL 12, backfills in batches, ...), and in autocommit when
// PostgreSQL refuses it in a transaction block (statement_info.h: CREATE/DROP
// INDEX CONCURRENTLY, VACUUM, ...; any other statement that fails with
// SQLSTATE 25001 is run again in autocommit). The `finish` callback (apply:
// insert the version-table record; downgrade: delete it) runs in the LAST
// transaction: the final step's, or a transaction of its own when the body
// ends with a no-transaction statement or is empty.
//
// Crash and failure semantics:
//  * A body of one step is atomic: either every statement and its record
//    commit, or nothing does.
//  * With several steps and track_progress (apply, downgrade), every step
//    that commits records itself in reconcile.revision_progress in the same
//    transaction (progress.h), and the next run skips the steps recorded as
//    done: a run interrupted anywhere (SIGKILL, lost connection, a failing
//    statement) is continued by the next run, which converges to the state of
//    an uninterrupted run, with the revision recorded once.
//  * An autocommit statement cannot share a transaction with its record, so
//    it is recorded as 'started' before it runs and 'done' after it. When the
//    next run finds it 'started' (the previous run died between the two):
//    CREATE INDEX CONCURRENTLY whose index exists and is valid is done; an
//    INVALID index of that name (a build that was interrupted) is dropped
//    with DROP INDEX CONCURRENTLY and the statement runs again; DROP INDEX
//    CONCURRENTLY of an index that no longer exists is done; anything else
//    runs again (VACUUM, REINDEX and ALTER SYSTEM are idempotent). An INVALID
//    index in the way of CREATE INDEX CONCURRENTLY is dropped first in every
//    case, also between retries after a lock timeout.
//  * A step recorded as done whose statements differ from the step at that
//    place in the file now (the file was edited after a partial run) is
//    refused (StatementError, nothing runs): the database holds part of
//    another version of the revision.
//  * Without track_progress (replay into a fresh shadow database), steps
//    that committed before a failure stay and nothing is recorded.
//
// Lock timeouts. With lock_timeout > 0, every transaction starts with
// `SET LOCAL lock_timeout` and every autocommit statement runs with the
// session setting (reset afterwards). Online index statements (CREATE/DROP
// INDEX CONCURRENTLY, REINDEX CONCURRENTLY) block no reader or writer while
// they wait, but wait for every older transaction: they get the larger of
// lock_timeout and the retry budget left. A step that fails with
// lock_not_available (SQLSTATE 55P03) is rolled back and retried after a
// jittered exponential backoff (a random wait between half and all of
// min(max_backoff, backoff * 2^(attempt-1))), at most max_attempts times in
// all, and only while the time spent in failed attempts and waits, plus the
// next wait and attempt, stays within the shared retry budget (the last wait
// is shortened to fit); any other error fails at once.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/revision/revision.h"
#include "util/error.h"
#include "util/progress.h"

namespace reconcile::apply {

enum class Direction { kUp, kDown };

// Time that lock-timeout retries may still take, shared by all the
// revisions of one apply or downgrade.
struct RetryBudget {
  std::chrono::milliseconds left{0};
};

struct RunOptions {
  std::chrono::milliseconds lock_timeout{0};    // 0: leave the server's setting
  int max_attempts = 5;                         // per step, for lock timeouts
  std::chrono::milliseconds backoff{100};       // first backoff cap before a retry
  std::chrono::milliseconds max_backoff{5000};  // largest backoff cap
  // Shared retry budget; null: no bound beyond max_attempts.
  RetryBudget* budget = nullptr;
  // Record committed steps in reconcile.revision_progress and skip the steps
  // an earlier run recorded (apply and downgrade; not replay).
  bool track_progress = false;
  // Runs inside the last transaction, after its statements (may be empty).
  std::function<void(pqxx::transaction_base&)> finish;
  // Told about each retry: (attempt that failed, wait before the next one, message).
  std::function<void(int, std::chrono::milliseconds, const std::string&)> on_retry;
  // Told about steps skipped or repaired because of an earlier run.
  std::function<void(const std::string&)> log;
  // Told before each statement runs and once when the body is done
  // (util/progress.h: Task::kStatements, item = the revision's id; the
  // statements of steps an earlier run committed count as done). A step
  // retried after a lock timeout reports its statements again.
  util::ProgressFn progress;
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
  bool partially_applied;  // steps before it had committed
};

struct RunResult {
  int statements = 0;  // statements executed (last attempt of each step)
  int retries = 0;     // lock-timeout retries
  int resumed = 0;     // steps skipped because an earlier run committed them
  long long duration_ms = 0;
};

// A step of a body: transactional statements run together, or one
// no-transaction statement.
struct Segment {
  bool transactional = true;
  std::vector<revision::Statement> statements;
};
std::vector<Segment> segments(const std::vector<revision::Statement>& statements);

// "sha256:<hex>" of a step's statements (what reconcile.revision_progress keeps).
std::string segment_hash(const Segment& segment);

// Runs the body of `r` in `direction` on `conn` (see above). Throws
// StatementError when a statement fails (after the retries for lock
// timeouts); the failing step is rolled back.
RunResult run_revision(pqxx::connection& conn, const revision::Revision& r, Direction direction,
                       const RunOptions& options = {});

// The same with the statements given (replay leaves out statements it does
// not run, shadow_session.h); `r` names the revision in messages.
RunResult run_statements(pqxx::connection& conn, const revision::Revision& r,
                         const std::vector<revision::Statement>& statements, Direction direction,
                         const RunOptions& options = {});

}  // namespace reconcile::apply
