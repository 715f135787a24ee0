#include "app/workflow/baseline.h"

#include "db/introspect/introspect.h"
#include "gitsync/repository.h"
#include "history/revision/store.h"

namespace reconcile::workflow {

BaselineResult run_baseline(const BaselineOptions& options) {
  const auto& config = options.project.config;
  const std::string& dir = options.project.migrations_dir;
  auto store = revision::RevisionStore::load(dir);
  store.require_valid();
  const std::string url = options.database.get();

  apply::BaselineOptions o;
  o.lock_wait = options.lock_wait;
  o.log = log_to(options.observer);
  o.revision = options.revision;

  BaselineResult result;
  if (store.empty()) {
    if (o.revision)
      throw UsageError(
          "there are no revisions in " + dir + ", so there is no revision " + *o.revision,
          "run `reconcile baseline` without REV to write a baseline from the database");
    introspect::IntrospectOptions io;
    io.schemas = config.schemas;
    io.exclude = config.exclude;
    const util::ProgressFn progress = progress_to(options.observer);
    util::report(progress, util::Task::kIntrospect, 0, 1);
    auto live = introspect::introspect_url(url, io);
    util::report(progress, util::Task::kIntrospect, 1, 1);
    size_t objects = live.extensions.size();
    for (const auto& [_, s] : live.schemas)
      objects += s.tables.size() + s.enums.size() + s.sequences.size();
    if (objects == 0)
      throw UsageError("the database has nothing to adopt in the target schemas",
                       "run `reconcile apply` to build it from the LinkML schema instead");
    bool commit = options.commit;
    if (commit && !gitsync::Repository::try_discover(dir)) {
      note(options.observer, Severity::kWarning,
           dir + " is not in a git repository; the baseline revision is not committed");
      commit = false;
    }
    result.written = describe_written(
        apply::write_revision(dir, apply::baseline_revision(live, options.message), commit), dir);
    if (options.observer) options.observer->revision_written(*result.written);
    store = revision::RevisionStore::load(dir);
    o.revision = result.written->file.revision.id;
  }

  result.report = apply::baseline(url, store, o);
  return result;
}

}  // namespace reconcile::workflow
