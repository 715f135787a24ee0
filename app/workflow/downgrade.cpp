#include "app/workflow/downgrade.h"

namespace reconcile::workflow {

DowngradeResult run_downgrade(const DowngradeOptions& options) {
  apply::DowngradeOptions o;
  static_cast<apply::LockRetryOptions&>(o) = options.lock;
  o.steps = options.steps;
  o.target = options.target;
  o.allow_destructive = options.allow_destructive;
  o.force = options.force;
  o.dry_run = options.dry_run;
  o.lock_wait = options.lock_wait;
  o.log = log_to(options.observer);
  o.progress = progress_to(options.observer);

  DowngradeResult result;
  result.store = revision::RevisionStore::load(options.project.migrations_dir);
  result.report = apply::downgrade(options.database.get(), result.store, o);
  return result;
}

}  // namespace reconcile::workflow
