// The `merge` workflow: write a merge revision over all heads, with conflict
// detection.
//
// The heads' histories are replayed in shadow databases
// (history/replay/merge.h). Conflicts (both branches changed the same
// object differently, or the union does not replay) are returned and nothing
// is written. Otherwise the merge revision's parents are all heads and its
// body is what the LinkML schema still needs relative to the replayed union
// (usually nothing; without a LinkML schema, nothing: a warning says so); it
// is written, and committed when `commit` and the folder is in a git
// repository (a warning says when it is not). Fewer than two heads: nothing
// to merge, nothing written. Throws InputError for revision files with
// problems or a LinkML schema with errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/apply/generate.h"
#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "history/replay/merge.h"

namespace reconcile::workflow {

struct MergeOptions {
  Project project;
  std::string message;  // empty: "merge heads"
  bool commit = true;   // false (--no-commit): only write the file
  Observer* observer = nullptr;
};

struct MergeResult {
  std::vector<std::string> heads;  // the heads found, sorted
  // Where each head came from ("a1b2c3d4e5 (feature-x) Add sample"); only
  // with two heads or more.
  std::map<std::string, std::string> origins;
  std::vector<replay::Conflict> conflicts;  // not empty: nothing was written
  apply::Body body;                // what the LinkML schema still needed on top of the union
  std::optional<Written> written;  // the merge revision
};

MergeResult run_merge(const MergeOptions& options);

}  // namespace reconcile::workflow
