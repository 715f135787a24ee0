// The progress table `reconcile.revision_progress`: which steps of a
// revision that is being applied (or downgraded) have already committed, so
// that a run interrupted between two steps (a crash, SIGKILL, a failing
// statement) continues where it stopped instead of running committed steps
// a second time. One row per step of a revision body that is not yet
// recorded in reconcile.revisions:
//
//   revision    text      the revision id
//   direction   text      'up' (apply) or 'down' (downgrade)
//   step        integer   0-based index of the step (runner.h, segments())
//   step_hash   text      "sha256:<hex>" of the step's statements
//   state       text      'started' (an autocommit statement began) or 'done'
//   at          timestamptz
//   PRIMARY KEY (revision, direction, step)
//
// A transactional step writes its 'done' row in its own transaction, so the
// row commits exactly when the step does. A statement PostgreSQL refuses in a
// transaction block (CREATE INDEX CONCURRENTLY ...) cannot share a
// transaction with its row: a 'started' row is committed before it and
// turned into 'done' after it; a 'started' row tells the next run that the
// statement may have run in part or in full (runner.cpp decides what to do).
// The rows of a revision are deleted in the transaction that records it in
// (or, for a downgrade, removes it from) reconcile.revisions.
//
// Guarantees: read_progress() never writes and never fails because the table
// is missing; the table is created with the version table (and on first use)
// and is left out of introspection with the rest of the `reconcile` schema.
#pragma once

#include <map>
#include <string>

#include <pqxx/pqxx>

namespace reconcile::apply {

struct StepProgress {
  std::string step_hash;
  bool done = false;  // false: 'started'
};

// Creates the table (and the `reconcile` schema) unless it exists. apply
// does this with the version table, so the table is there from the first
// apply on.
void ensure_progress_table(pqxx::transaction_base& tx);

// Step index -> progress, for `revision` in `direction` ("up" or "down").
std::map<int, StepProgress> read_progress(pqxx::connection& conn, const std::string& revision,
                                          const std::string& direction);

// Inserts or replaces the row of one step (creating the table if needed).
// Takes effect when `tx` commits.
void mark_step(pqxx::transaction_base& tx, const std::string& revision,
               const std::string& direction, int step, const std::string& step_hash, bool done);

// Deletes the rows of `revision` in `direction` (nothing when the table is missing).
void clear_progress(pqxx::transaction_base& tx, const std::string& revision,
                    const std::string& direction);

}  // namespace reconcile::apply
