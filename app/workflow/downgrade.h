// The `downgrade` workflow: run the down bodies of applied revisions in
// reverse topological order, under the apply lock, with the refusals of
// apply::downgrade (app/apply/apply.h): files edited after they were applied
// (unless `force`), revisions without a down body (unless `force`: then only
// their record is removed), down bodies that delete data (unless
// allow_destructive). A dry run changes nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "app/apply/apply.h"
#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "history/revision/store.h"

namespace reconcile::workflow {

struct DowngradeOptions {
  Project project;
  DatabaseUrl database;
  // Undo the last `steps` applied revisions, or (with `target`) every applied
  // revision that is not `target` or one of its ancestors ("base": all).
  int steps = 1;
  std::optional<std::string> target;
  bool allow_destructive = false;
  bool force = false;
  bool dry_run = false;
  apply::LockRetryOptions lock;
  std::chrono::milliseconds lock_wait{60000};
  Observer* observer = nullptr;
};

struct DowngradeResult {
  apply::ApplyReport report;      // what was undone, or in a dry run what would be
  revision::RevisionStore store;  // the revisions `report` names
};

DowngradeResult run_downgrade(const DowngradeOptions& options);

}  // namespace reconcile::workflow
