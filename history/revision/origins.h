// Where revisions came from in git: the commit that added each revision file
// and the local branches that contain it (gitsync provenance), phrased for
// the messages of apply, status and merge.
//
// Guarantees: never throws for git trouble (no repository, unreadable
// history): the revision is then described as "not committed" or "no git
// repository". Deterministic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "history/revision/store.h"

namespace reconcile::apply {

struct Origin {
  std::string revision;
  std::string commit;                 // short id (7 hex), empty when not committed
  std::string summary;                // commit summary
  std::vector<std::string> branches;  // branches containing the commit, sorted; the current
                                      // branch is left out when others contain it too
  // "branch feature-a, commit abc1234" / "branches a, b, commit abc1234" / "not committed"
  std::string describe() const;
};

// The origin of each of `ids` (revisions of `store`; their files' paths are
// looked up in the repository that holds them).
std::map<std::string, Origin> origins(const revision::RevisionStore& store,
                                      const std::vector<std::string>& ids);

// origins() of ids, as id -> describe().
std::map<std::string, std::string> describe_origins(const revision::RevisionStore& store,
                                                    const std::vector<std::string>& ids);

}  // namespace reconcile::apply
