// Provenance: where a file came from in the history — the commit that added
// it and the local branches that contain that commit. `reconcile heads` and
// `status --hook` use it to name the branch each revision head came from.
//
// The commit that added a path is a commit whose tree has the path while none
// of its parents' trees has it (so a merge commit never "adds" a file one of
// its sides already had). All history reachable from HEAD and every local
// branch is searched, along every parent (not only first parents); if several
// commits qualify (the file was deleted and re-added, or added on two
// branches independently), the first one met in a walk from the oldest
// commit (reverse topological order, then time) wins.
//
// Guarantees: deterministic; branch lists sorted; a path that is in no commit
// (only in the work tree) has no `added_by` and no branches.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/repository.h"

namespace reconcile::gitsync {

struct Provenance {
  std::string path;                    // repo path
  std::optional<CommitInfo> added_by;  // nullopt: not committed anywhere
  std::vector<std::string> branches;   // local branches whose tip contains added_by, sorted

  auto operator<=>(const Provenance&) const = default;
};

// Provenance of each path (repo paths or absolute paths inside the work
// tree), in one walk of the history; keyed by the path as given.
std::map<std::string, Provenance> provenance(const Repository& repo,
                                             const std::vector<std::string>& paths);
Provenance provenance(const Repository& repo, const std::string& path);

// Local branches (sorted) whose tip is `commit_id` or has it in its history.
std::vector<std::string> branches_containing(const Repository& repo, const std::string& commit_id);

// "a1b2c3d4e5 (feature-x, main) Add sample table" — for messages.
std::string describe(const Provenance& p);

}  // namespace reconcile::gitsync
