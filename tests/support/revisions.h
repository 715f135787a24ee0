// Valid revisions for tests: the checksum is set from the bodies, the
// message is "message <id>" unless given.
#pragma once

#include <string>
#include <vector>

#include "core/revision/revision.h"
#include "support/git_repo.h"

namespace reconcile::testing {

revision::Revision make_revision(const std::string& id, const std::vector<std::string>& parents,
                                 const std::string& up, const std::string& down = "",
                                 const std::string& message = "");

// Writes make_revision(id, parents, up) as migrations/<id>.sql in the work tree.
void write_revision(const GitRepo& g, const std::string& id,
                    const std::vector<std::string>& parents, const std::string& up);
// Writes `r` as migrations/<r.id>.sql in the work tree, as it is (checksum included).
void write_revision(const GitRepo& g, const revision::Revision& r);

}  // namespace reconcile::testing
