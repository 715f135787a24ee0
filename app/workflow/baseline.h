// The `baseline` workflow: adopt an existing database without running SQL.
//
// With revision files: records `revision` and its ancestors (default: every
// revision) as applied (apply::baseline, app/apply/baseline.h). Without any
// revision yet (a database built by another tool): writes a baseline
// revision holding the full DDL of the introspected database (told to the
// observer at once, as revision_written), commits it when `commit` and the
// folder is in a git repository (a warning says when it is not), and
// records it as applied. Refuses (InputError) revision files with problems;
// (UsageError) a `revision` when there are no revisions, and a database with
// nothing to adopt in the target schemas.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "app/apply/baseline.h"
#include "app/workflow/observer.h"
#include "app/workflow/project.h"

namespace reconcile::workflow {

struct BaselineOptions {
  Project project;
  DatabaseUrl database;
  std::optional<std::string> revision;  // default: every revision
  std::string message = "baseline";     // of a new baseline revision
  bool commit = true;                   // false (--no-commit): only write a new revision
  std::chrono::milliseconds lock_wait{60000};
  Observer* observer = nullptr;
};

struct BaselineResult {
  std::optional<Written> written;  // the new baseline revision, when there were none
  apply::BaselineReport report;    // what was recorded
};

BaselineResult run_baseline(const BaselineOptions& options);

}  // namespace reconcile::workflow
