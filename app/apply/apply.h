// Apply and downgrade: bring a database's applied revisions in step with the
// revision store (or back down), under the apply lock.
//
// apply():
//  1. Refuses (ConflictError) when the store has several heads and no target
//     was given, naming each head and where it came from (`head_origins`),
//     and saying to run `reconcile merge`. Refuses (InputError) when the store
//     has structural problems (unparsable files, duplicates, dangling parents,
//     cycles).
//  2. Takes the apply lock (lock.h) unless the caller holds it already
//     (`held_lock`), then reads the version table.
//  3. Refuses (InputError) when an applied revision's file no longer has the
//     bodies that were applied (CHECKSUM_MISMATCH: edited after apply).
//  4. Pending = revisions not recorded, in topological order (ties by id),
//     limited to `to` and its ancestors when given. Refuses (InputError,
//     CHECKSUM_MISMATCH with file:line) when a pending revision's bodies no
//     longer match its checksum header: only reviewed SQL runs (`reconcile
//     rehash` accepts an intended edit).
//  5. Refuses (RefusedError, exit 3) when a pending revision deletes data or
//     has statements that cannot be shown not to (destructive.h, judged
//     against the live tables) unless allow_destructive.
//  6. Runs each pending revision with its record (runner.h): one transaction
//     per revision (per step when it has no-transaction statements, with
//     progress recorded so that an interrupted run is continued by the next
//     one), lock_timeout per transaction, jittered retries on lock timeouts
//     within lock_retry_for in all. The first failure stops the run; earlier
//     revisions stay applied.
// With dry_run, steps 2 and 6 are skipped: the result lists what would run.
//
// downgrade(): the same lock and checks, then runs the down bodies of the
// chosen applied revisions in reverse topological order, each in a
// transaction with the deletion of its record. Refuses (InputError) a chosen
// revision whose file no longer matches its checksum header, even with
// `force`. Refuses (RefusedError) a revision whose down body is empty while
// its up body is not (not reversible) unless `force` (then only its record
// is removed), and a down body that deletes data (or cannot be shown not to)
// unless allow_destructive.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/apply/destructive.h"
#include "db/apply/version_table.h"
#include "history/revision/store.h"
#include "util/progress.h"

namespace reconcile::apply {

class ApplyLock;

// Lock-timeout handling shared by apply and downgrade (runner.h): the
// defaults are those of reconcile.yaml.
struct LockRetryOptions {
  std::chrono::milliseconds lock_timeout{500};       // SET lock_timeout for each step
  int max_lock_attempts = 31;                        // attempts per step (lock_retries + 1)
  std::chrono::milliseconds lock_retry_for{120000};  // time all retries may take together
  std::chrono::milliseconds retry_backoff{100};      // first backoff cap
  std::chrono::milliseconds max_retry_backoff{5000};
};

struct ApplyOptions : LockRetryOptions {
  bool allow_destructive = false;
  std::optional<std::string> to;  // apply only this revision and its ancestors
  bool dry_run = false;
  std::chrono::milliseconds lock_wait{60000};
  // The apply lock on this database when the caller took it already (apply
  // with generation: the revision is written under the same lock).
  const ApplyLock* held_lock = nullptr;
  // Head id -> where it came from ("a1b2c3d4e5 (feature-x) Add sample"), for
  // the several-heads refusal.
  std::map<std::string, std::string> head_origins;
  // Progress lines for people (stderr); may be empty.
  std::function<void(const std::string&)> log;
  // Progress events (util/progress.h): Task::kApply for the revisions, and
  // Task::kStatements for the statements of each; may be empty.
  util::ProgressFn progress;
};

struct StepReport {
  std::string id;
  int statements = 0;
  int retries = 0;
  int resumed = 0;  // steps an earlier, interrupted run had committed
  long long duration_ms = 0;
};

struct ApplyReport {
  std::string database;              // current_database() (empty in dry runs)
  std::vector<std::string> planned;  // what was (or would be) run, in order
  std::vector<StepReport> done;      // what ran (empty in dry runs)
  std::vector<std::string> unknown;  // recorded revisions that no file has (warnings)
  // Statements of `planned` that delete data or are unclassified (dry runs
  // list them instead of refusing).
  std::vector<DestructiveStatement> destructive;
};

// Revisions of `store` not in `applied`, topological order, limited to
// path_to(*to) when given (UsageError when `to` names no revision).
std::vector<std::string> pending_revisions(const revision::RevisionStore& store,
                                           const std::set<std::string>& applied,
                                           const std::optional<std::string>& to);

// Applied revisions whose file bodies differ from what was applied, as
// "id (file): applied sha256:..., file now sha256:..." lines, sorted by id.
std::vector<std::string> applied_checksum_mismatches(const revision::RevisionStore& store,
                                                     const std::vector<AppliedRevision>& applied);

// InputError listing the store's structural problems (everything but
// checksum mismatches, which apply tolerates for revisions not yet applied).
void require_valid_structure(const revision::RevisionStore& store);

// The several-heads refusal (see apply() step 1).
ConflictError multiple_heads_error(const revision::RevisionStore& store,
                                   const std::map<std::string, std::string>& head_origins);

ApplyReport apply(const std::string& url, const revision::RevisionStore& store,
                  const ApplyOptions& options);

struct DowngradeOptions : LockRetryOptions {
  // Exactly one of these: undo the last `steps` applied revisions (reverse
  // topological order), or undo every applied revision that is not
  // `target` or one of its ancestors (target "base": undo everything).
  int steps = 1;
  std::optional<std::string> target;
  bool allow_destructive = false;
  bool force = false;
  bool dry_run = false;
  std::chrono::milliseconds lock_wait{60000};
  std::function<void(const std::string&)> log;
  // Progress events: Task::kDowngrade for the revisions, Task::kStatements
  // for the statements of each; may be empty.
  util::ProgressFn progress;
};

// Which applied revisions a downgrade undoes, in the order it undoes them.
// Throws UsageError for a target that is not applied, or an applied revision
// to undo that has no file.
std::vector<std::string> downgrade_selection(const revision::RevisionStore& store,
                                             const std::vector<AppliedRevision>& applied,
                                             const DowngradeOptions& options);

ApplyReport downgrade(const std::string& url, const revision::RevisionStore& store,
                      const DowngradeOptions& options);

}  // namespace reconcile::apply
