#include "app/workflow/apply.h"

#include <filesystem>
#include <memory>
#include <set>

#include "core/catalog/json.h"
#include "core/plan/planner.h"
#include "db/apply/lock.h"
#include "gitsync/repository.h"
#include "history/replay/shadow.h"
#include "history/revision/origins.h"
#include "history/revision/revision_writer.h"
#include "util/file_lock.h"
#include "util/local_state.h"
#include "util/source_reader.h"

namespace reconcile::workflow {
namespace {

struct Changes {
  Unrevised unrevised;
  std::set<std::string> sources;  // the LinkML files read (committed with the revision)
};

replay::ReplayOptions replay_options(const ApplyOptions& o) {
  replay::ReplayOptions r = replay::replay_options(o.project.config);
  r.progress = progress_to(o.observer);
  return r;
}

// Changes of the LinkML schema that no revision covers, planned from the
// state at the (single) head. nullopt when there are none.
std::optional<Changes> unrevised_changes(const ApplyOptions& o,
                                         const revision::RevisionStore& store) {
  const auto& config = o.project.config;
  auto dopts = o.project.desired_options();
  if (!std::filesystem::exists(dopts.schema_path)) {
    note(o.observer, Severity::kDebug,
         "no LinkML schema at " + dopts.schema_path + "; only applying revisions");
    return std::nullopt;
  }
  FileSourceReader files;
  RecordingSourceReader reader(files);
  const util::ProgressFn progress = progress_to(o.observer);
  util::report(progress, util::Task::kLoadSchema, 0, 1);
  auto desired = apply::load_desired(dopts, o.project.strict, &reader, warnings_to(o.observer));
  util::report(progress, util::Task::kLoadSchema, 1, 1);
  auto heads = store.heads();
  if (heads.size() == 1 && store.get(heads.front()).schema_hash == catalog::content_hash(desired))
    return std::nullopt;
  note(o.observer, Severity::kDebug,
       "replaying the revision history to compare it with the LinkML schema");
  auto state = replay::replay(store, replay::Target::all(), replay_options(o));
  plan::PlannerOptions popts;
  popts.concurrent_indexes = config.concurrent_indexes;
  auto plan = plan::make_plan(state, desired, popts);
  if (plan.empty()) return std::nullopt;
  return Changes{Unrevised{plan, apply::render_body(plan)}, reader.files()};
}

std::string message_for(const plan::Plan& plan) {
  std::string m = plan.steps.front().summary;
  if (plan.steps.size() > 1) m += " (+" + std::to_string(plan.steps.size() - 1) + " more changes)";
  return m;
}

// Writes and commits the revision for `changes`.
Written generate(const ApplyOptions& o, const revision::RevisionStore& store,
                 const Changes& changes, const std::vector<std::string>& heads) {
  const std::string& dir = o.project.migrations_dir;
  apply::NewRevision r;
  r.message = message_for(changes.unrevised.plan);
  r.parents = heads;
  r.up = changes.unrevised.body.up;
  r.down = changes.unrevised.body.down;
  r.schema_hash = apply::schema_hash_after(store, r, replay_options(o));
  bool commit = gitsync::Repository::try_discover(dir).has_value();
  if (!commit)
    note(o.observer, Severity::kWarning,
         dir + " is not in a git repository; the new revision is not committed");
  Written written = describe_written(apply::write_revision(dir, r, commit, changes.sources), dir);
  if (o.observer) o.observer->revision_written(written);
  return written;
}

}  // namespace

ApplyResult run_apply(const ApplyOptions& options) {
  const auto& config = options.project.config;
  const std::string& dir = options.project.migrations_dir;

  apply::ApplyOptions o;
  static_cast<apply::LockRetryOptions&>(o) = options.lock;
  o.allow_destructive = options.allow_destructive;
  o.to = options.to;
  o.dry_run = options.dry_run;
  o.lock_wait = options.lock_wait;
  o.log = log_to(options.observer);
  o.progress = progress_to(options.observer);
  const std::string url = options.database.get();

  // Everything from reading the revision files to running them happens under
  // the apply lock (dry runs change nothing and take no lock).
  std::unique_ptr<apply::ApplyLock> lock;
  if (!options.dry_run) lock = apply::ApplyLock::acquire(url, o.lock_wait, o.log);
  o.held_lock = lock.get();

  ApplyResult result;
  result.store = revision::RevisionStore::load(dir);
  apply::require_valid_structure(result.store);
  auto heads = result.store.heads();
  if (heads.size() > 1) o.head_origins = apply::describe_origins(result.store, heads);
  if (heads.size() > 1 && !o.to) throw apply::multiple_heads_error(result.store, o.head_origins);

  if (!o.to) {
    auto changes = unrevised_changes(options, result.store);
    std::unique_ptr<util::FileLock> generation;
    if (changes && !options.dry_run && options.generate) {
      // About to write: take the work tree's generation lock, then look again
      // (an apply to another database may have written the revision meanwhile).
      const auto state = std::filesystem::path(config.resolve(".reconcile"));
      generation = util::FileLock::acquire((state / "generate.lock").string(), o.lock_wait, o.log);
      util::mark_local_state(state);
      result.store = revision::RevisionStore::load(dir);
      apply::require_valid_structure(result.store);
      heads = result.store.heads();
      if (heads.size() > 1)
        throw apply::multiple_heads_error(result.store,
                                          apply::describe_origins(result.store, heads));
      changes = unrevised_changes(options, result.store);
    }
    if (changes) {
      result.unrevised = changes->unrevised;
      if (!options.generate) {
        result.stopped = true;
        return result;
      }
      const plan::Plan& plan = changes->unrevised.plan;
      if (plan.has(plan::Hazard::kDeletesData) && !options.allow_destructive) {
        std::string msg = "refusing to generate a revision that deletes data (DELETES_DATA):";
        for (const auto& s : plan.steps)
          if (s.has(plan::Hazard::kDeletesData)) msg += "\n  " + s.summary;
        throw RefusedError(
            msg, "review `reconcile plan`, then run `reconcile apply --allow-destructive`");
      }
      if (!options.dry_run) {
        result.generated = generate(options, result.store, *changes, heads);
        result.store = revision::RevisionStore::load(dir);
      }
    }
  }

  result.report = apply::apply(url, result.store, o);
  return result;
}

}  // namespace reconcile::workflow
