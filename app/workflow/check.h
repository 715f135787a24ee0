// The `check` workflow: the CI checks of app/check (offline: the revision
// files, replays in shadow databases, the LinkML schema; with a database
// URL also what was applied there and drift), composed into one Report by
// check::run_checks (app/check/runner.h, which states the guarantees).
#pragma once

#include <optional>
#include <string>

#include "app/check/finding.h"
#include "app/workflow/observer.h"
#include "app/workflow/project.h"

namespace reconcile::workflow {

struct CheckOptions {
  Project project;
  // Run the database checks against this URL. Only a database named
  // explicitly: an environment's default never turns an offline check into
  // an online one.
  std::optional<std::string> database_url;
  bool replay = true;        // false (--no-replay): no check that needs a shadow database
  std::string display_root;  // paths in findings are made relative to it (empty: as they are)
  Observer* observer = nullptr;
};

// The report: every check, as run (with its findings) or as skipped with a
// reason; report.exit_code() is 0 when clean, 2 with findings.
check::Report run_check(const CheckOptions& options);

}  // namespace reconcile::workflow
