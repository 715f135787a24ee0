// The `status` workflow: applied, pending, heads and drift.
//
// Reads the revision files and the database's version table: applied
// revisions, pending ones, heads (with the branch and commit each came
// from), revisions edited after they were applied (checksum mismatches),
// revisions recorded in the database that no file has, and the problems of
// the revision files. Drift: the live schema against the state its applied
// revisions imply (replayed in a shadow database, as `check` does),
// summarized as the objects that differ.
//
// A database that cannot be read (or whose URL cannot be resolved) is not
// an error here: the result says why (`database_error`), and the rest is
// still there. Errors reading the revision files are thrown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "db/apply/version_table.h"
#include "history/revision/origins.h"
#include "history/revision/store.h"

namespace reconcile::workflow {

struct StatusOptions {
  Project project;
  // The database; not given: it is not read (`database_skipped`).
  DatabaseUrl database;
  // The origin of every head; false: only when there are several (faster).
  bool all_origins = true;
  bool drift = true;  // false (--no-drift): no replay
  Observer* observer = nullptr;
};

// The drift summary.
struct Drift {
  bool checked = false;
  std::string why_not;               // why it was not checked
  std::vector<std::string> objects;  // the objects that differ, sorted; none: no drift
};

struct StatusResult {
  revision::RevisionStore store;
  std::vector<std::string> heads;
  std::map<std::string, apply::Origin> head_origins;
  bool database_skipped = false;  // no database was given
  std::string database;           // its URL, redacted (empty when it could not be resolved)
  std::string database_error;     // why it cannot be read (redacted); empty: it was read
  std::string database_hint;
  std::vector<apply::AppliedRevision> applied;
  std::vector<std::string> pending;     // revisions not applied, topological order
  std::vector<std::string> mismatches;  // apply::applied_checksum_mismatches
  std::vector<std::string> unknown;     // applied revisions no file has
  std::optional<Drift> drift;           // with options.drift
};

StatusResult run_status(const StatusOptions& options);

}  // namespace reconcile::workflow
