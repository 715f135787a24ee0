#include "app/workflow/merge.h"

#include <filesystem>

#include "core/catalog/json.h"
#include "core/plan/planner.h"
#include "gitsync/repository.h"
#include "history/replay/shadow.h"
#include "history/revision/origins.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"

namespace reconcile::workflow {

MergeResult run_merge(const MergeOptions& o) {
  const auto& config = o.project.config;
  const std::string& dir = o.project.migrations_dir;
  auto store = revision::RevisionStore::load(dir);
  store.require_valid();
  MergeResult result;
  result.heads = store.heads();
  if (result.heads.size() < 2) return result;
  result.origins = apply::describe_origins(store, result.heads);
  note(o.observer, Severity::kInfo,
       "replaying " + std::to_string(result.heads.size()) + " heads in shadow databases");
  auto ropts = replay::replay_options(config);
  ropts.progress = progress_to(o.observer);
  auto analysis = replay::analyze_merge(store, ropts);
  if (!analysis.conflicts.empty()) {
    result.conflicts = std::move(analysis.conflicts);
    return result;
  }

  // What the LinkML schema still needs on top of the union.
  const catalog::Catalog& merged = *analysis.merged;
  std::string hash = catalog::content_hash(merged);
  const auto desired_opts = o.project.desired_options();
  if (std::filesystem::exists(desired_opts.schema_path)) {
    util::report(ropts.progress, util::Task::kLoadSchema, 0, 1);
    auto desired =
        apply::load_desired(desired_opts, o.project.strict, nullptr, warnings_to(o.observer));
    util::report(ropts.progress, util::Task::kLoadSchema, 1, 1);
    plan::PlannerOptions popts;
    popts.concurrent_indexes = config.concurrent_indexes;
    result.body = apply::render_body(plan::make_plan(merged, desired, popts));
  } else {
    note(o.observer, Severity::kWarning,
         "LinkML schema " + desired_opts.schema_path +
             " not found; the merge revision only joins the heads");
  }

  apply::NewRevision r;
  r.message = o.message.empty() ? "merge heads" : o.message;
  r.parents = result.heads;
  r.up = result.body.up;
  r.down = result.body.down;
  r.schema_hash = result.body.up.empty() ? hash : apply::schema_hash_after(store, r, ropts);
  bool commit = o.commit;
  if (commit && !gitsync::Repository::try_discover(dir)) {
    note(o.observer, Severity::kWarning,
         dir + " is not in a git repository; the merge revision is not committed");
    commit = false;
  }
  result.written = describe_written(apply::write_revision(dir, r, commit), dir);
  return result;
}

}  // namespace reconcile::workflow
