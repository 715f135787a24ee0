#include "app/apply/apply.h"

#include <algorithm>

#include "db/apply/connect.h"
#include "db/apply/lock.h"
#include "db/apply/progress.h"
#include "db/apply/runner.h"
#include "util/redact.h"

namespace reconcile::apply {
namespace {

void say(const std::function<void(const std::string&)>& log, const std::string& line) {
  if (log) log(line);
}

RunOptions run_options(const LockRetryOptions& o, RetryBudget& budget,
                       const std::function<void(const std::string&)>& log,
                       const util::ProgressFn& progress, const std::string& id) {
  RunOptions run;
  run.progress = progress;
  run.lock_timeout = o.lock_timeout;
  run.max_attempts = o.max_lock_attempts;
  run.backoff = o.retry_backoff;
  run.max_backoff = o.max_retry_backoff;
  run.budget = &budget;
  run.track_progress = true;
  run.on_retry = [log, id](int attempt, std::chrono::milliseconds wait, const std::string& why) {
    say(log, "lock timeout in " + id + " (attempt " + std::to_string(attempt) + ": " + why +
                 "); retrying in " + std::to_string(wait.count()) + " ms");
  };
  run.log = [log, id](const std::string& line) { say(log, id + ": " + line); };
  return run;
}

}  // namespace

void require_valid_structure(const revision::RevisionStore& store) {
  std::vector<revision::Problem> bad;
  for (const auto& p : store.problems())
    if (p.kind != revision::ProblemKind::kChecksumMismatch) bad.push_back(p);
  if (bad.empty()) return;
  std::string msg = "the revision files have problems:";
  for (const auto& p : bad) msg += "\n  " + p.to_string();
  throw InputError(msg, bad.front().where, "fix them (see `reconcile check`) and run again");
}

namespace {

// Revisions about to run must carry the bodies that were reviewed: a body
// that no longer matches its checksum header is refused (CHECKSUM_MISMATCH);
// `reconcile rehash` accepts an intended edit explicitly.
void refuse_edited(const revision::RevisionStore& store, const std::vector<std::string>& ids,
                   const std::string& command) {
  std::set<std::string> wanted(ids.begin(), ids.end());
  std::vector<revision::Problem> edited;
  for (const auto& p : store.problems())
    if (p.kind == revision::ProblemKind::kChecksumMismatch && wanted.count(p.revision))
      edited.push_back(p);
  if (edited.empty()) return;
  std::string msg = "CHECKSUM_MISMATCH: refusing to run revisions edited after they were written:";
  for (const auto& p : edited) msg += "\n  " + p.to_string();
  std::string rehash;
  for (const auto& p : edited)
    rehash += (rehash.empty() ? "" : ", ") + ("`reconcile rehash " + p.revision + "`");
  throw InputError(msg, edited.front().where,
                   "undo the edit (`git checkout -- FILE`), or review it and accept it with " +
                       rehash + ", which records it in a commit; then run `" + command + "` again");
}

std::vector<std::string> unknown_applied(const revision::RevisionStore& store,
                                         const std::vector<AppliedRevision>& applied) {
  std::vector<std::string> out;
  for (const auto& a : applied)
    if (!store.contains(a.id)) out.push_back(a.id);
  std::sort(out.begin(), out.end());
  return out;
}

void refuse_mismatches(const revision::RevisionStore& store,
                       const std::vector<AppliedRevision>& applied, const std::string& database) {
  auto mismatches = applied_checksum_mismatches(store, applied);
  if (mismatches.empty()) return;
  std::string msg =
      "CHECKSUM_MISMATCH: revisions applied to " + database + " were edited afterwards:";
  for (const auto& m : mismatches) msg += "\n  " + m;
  throw InputError(
      msg, {},
      "restore the applied version of each file (e.g. `git checkout <commit> -- FILE`); "
      "to change the schema further, write a new revision");
}

std::string current_database(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return tx.exec1("SELECT current_database()")[0].as<std::string>();
}

template <class F>
auto wrap_db(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the database connection: " + util::redact_url(e.what()));
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(util::redact_url(e.what()));
  }
}

}  // namespace

std::vector<std::string> pending_revisions(const revision::RevisionStore& store,
                                           const std::set<std::string>& applied,
                                           const std::optional<std::string>& to) {
  auto pending = store.pending(applied);
  if (!to) return pending;
  auto path = store.path_to(store.get(*to).id);
  std::set<std::string> wanted(path.begin(), path.end());
  std::vector<std::string> out;
  for (const auto& id : pending)
    if (wanted.count(id)) out.push_back(id);
  return out;
}

std::vector<std::string> applied_checksum_mismatches(const revision::RevisionStore& store,
                                                     const std::vector<AppliedRevision>& applied) {
  std::vector<std::string> out;
  for (const auto& a : applied) {
    const auto* r = store.find(a.id);
    if (!r) continue;
    std::string now = r->compute_checksum();
    if (now != a.checksum)
      out.push_back(a.id + " (" + r->path + "): applied " + a.checksum + ", file now " + now);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ConflictError multiple_heads_error(const revision::RevisionStore& store,
                                   const std::map<std::string, std::string>& head_origins) {
  auto heads = store.heads();
  std::string msg = "the revision history has " + std::to_string(heads.size()) + " heads:";
  for (const auto& h : heads) {
    auto it = head_origins.find(h);
    msg += "\n  " + h + " — " + (it != head_origins.end() ? it->second : "not committed");
  }
  return ConflictError(
      msg, "run `reconcile merge` to write a merge revision over all heads, then apply");
}

ApplyReport apply(const std::string& url, const revision::RevisionStore& store,
                  const ApplyOptions& options) {
  if (!options.to && store.heads().size() > 1)
    throw multiple_heads_error(store, options.head_origins);
  require_valid_structure(store);
  if (options.to) store.get(*options.to);

  auto conn = connect(url, "reconcile apply");
  std::unique_ptr<ApplyLock> own_lock;
  const ApplyLock* lock = options.held_lock;
  if (!options.dry_run && !lock) {
    own_lock = ApplyLock::acquire(url, options.lock_wait, options.log);
    lock = own_lock.get();
  }

  ApplyReport report;
  auto applied = wrap_db([&] { return read_applied(*conn); });
  report.database = lock ? lock->database() : wrap_db([&] { return current_database(*conn); });
  refuse_mismatches(store, applied, report.database);
  report.unknown = unknown_applied(store, applied);
  for (const auto& id : report.unknown)
    say(options.log, "warning: revision " + id + " is recorded in " + report.database +
                         " but no revision file has it (applied from another branch?)");

  report.planned = pending_revisions(store, applied_ids(applied), options.to);
  refuse_edited(store, report.planned, "reconcile apply");
  {
    auto live = live_tables(*conn);
    DataLossGuard guard(live.get());
    for (const auto& id : report.planned) {
      auto found = wrap_db([&] { return guard.check(store.get(id), Direction::kUp); });
      report.destructive.insert(report.destructive.end(), found.begin(), found.end());
    }
  }
  if (options.dry_run) return report;
  if (!report.destructive.empty() && !options.allow_destructive)
    throw refuse_destructive(report.destructive, "reconcile apply");

  RetryBudget budget{options.lock_retry_for};
  const size_t total = report.planned.size();
  for (const auto& id : report.planned) {
    const auto& r = store.get(id);
    util::report(options.progress, util::Task::kApply, report.done.size(), total, id);
    say(options.log, "applying " + id);
    auto start = std::chrono::steady_clock::now();
    RunOptions run = run_options(options, budget, options.log, options.progress, id);
    run.finish = [&](pqxx::transaction_base& tx) {
      ensure_version_table(tx);
      ensure_progress_table(tx);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      record_applied(tx, r, ms.count());
    };
    auto result = wrap_db([&] { return run_revision(*conn, r, Direction::kUp, run); });
    if (result.resumed)
      say(options.log, id + ": continued an interrupted run (" + std::to_string(result.resumed) +
                           " step" + (result.resumed == 1 ? "" : "s") + " had committed)");
    report.done.push_back(
        StepReport{id, result.statements, result.retries, result.resumed, result.duration_ms});
  }
  util::report(options.progress, util::Task::kApply, total, total);
  return report;
}

std::vector<std::string> downgrade_selection(const revision::RevisionStore& store,
                                             const std::vector<AppliedRevision>& applied,
                                             const DowngradeOptions& options) {
  auto ids = applied_ids(applied);
  std::vector<std::string> order;  // applied revisions in topological order
  for (const auto& id : store.topological_order())
    if (ids.count(id)) order.push_back(id);
  std::reverse(order.begin(), order.end());

  std::vector<std::string> undo;
  if (options.target) {
    std::set<std::string> keep;
    if (*options.target != "base") {
      if (!ids.count(*options.target))
        throw UsageError("revision " + *options.target + " is not applied to this database",
                         "`reconcile status` lists the applied revisions");
      auto path = store.path_to(*options.target);
      keep.insert(path.begin(), path.end());
    }
    for (const auto& id : order)
      if (!keep.count(id)) undo.push_back(id);
    for (const auto& a : applied)
      if (!store.contains(a.id) && !keep.count(a.id))
        throw UsageError("revision " + a.id +
                         " is applied but has no revision file, so it cannot be undone");
  } else {
    if (options.steps < 1) throw UsageError("downgrade -N needs N >= 1");
    if (static_cast<size_t>(options.steps) > order.size())
      throw UsageError("only " + std::to_string(order.size()) +
                       " applied revisions have files; cannot undo " +
                       std::to_string(options.steps));
    undo.assign(order.begin(), order.begin() + options.steps);
  }
  return undo;
}

ApplyReport downgrade(const std::string& url, const revision::RevisionStore& store,
                      const DowngradeOptions& options) {
  require_valid_structure(store);
  auto conn = connect(url, "reconcile downgrade");
  std::unique_ptr<ApplyLock> lock;
  if (!options.dry_run) lock = ApplyLock::acquire(url, options.lock_wait, options.log);

  ApplyReport report;
  auto applied = wrap_db([&] { return read_applied(*conn); });
  report.database = lock ? lock->database() : wrap_db([&] { return current_database(*conn); });
  if (!options.force) refuse_mismatches(store, applied, report.database);
  report.planned = downgrade_selection(store, applied, options);
  refuse_edited(store, report.planned, "reconcile downgrade");

  std::vector<std::string> irreversible;
  auto live = live_tables(*conn);
  DataLossGuard guard(live.get());
  for (const auto& id : report.planned) {
    const auto& r = store.get(id);
    if (r.down_statements().empty() && !r.up_statements().empty()) irreversible.push_back(id);
    auto found = wrap_db([&] { return guard.check(r, Direction::kDown); });
    report.destructive.insert(report.destructive.end(), found.begin(), found.end());
  }
  if (options.dry_run) return report;
  if (!irreversible.empty() && !options.force) {
    std::string msg = "cannot downgrade: these revisions have no down body (not reversible):";
    for (const auto& id : irreversible) msg += "\n  " + id + " (" + store.get(id).path + ")";
    throw RefusedError(msg,
                       "write their down bodies, or run with --force to only forget that they were "
                       "applied (their changes stay in the database)");
  }
  if (!report.destructive.empty() && !options.allow_destructive)
    throw refuse_destructive(report.destructive, "reconcile downgrade");

  RetryBudget budget{options.lock_retry_for};
  const size_t total = report.planned.size();
  for (const auto& id : report.planned) {
    const auto& r = store.get(id);
    util::report(options.progress, util::Task::kDowngrade, report.done.size(), total, id);
    bool forget_only = r.down_statements().empty();
    say(options.log,
        (forget_only && !r.up_statements().empty() ? "forgetting " : "downgrading ") + id);
    RunOptions run = run_options(options, budget, options.log, options.progress, id);
    run.finish = [&](pqxx::transaction_base& tx) {
      if (!remove_applied(tx, id))
        throw DatabaseError("revision " + id + " was no longer recorded as applied");
    };
    auto result = wrap_db([&] { return run_revision(*conn, r, Direction::kDown, run); });
    report.done.push_back(
        StepReport{id, result.statements, result.retries, result.resumed, result.duration_ms});
  }
  util::report(options.progress, util::Task::kDowngrade, total, total);
  return report;
}

}  // namespace reconcile::apply
