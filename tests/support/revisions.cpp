#include "support/revisions.h"

namespace reconcile::testing {

revision::Revision make_revision(const std::string& id, const std::vector<std::string>& parents,
                                 const std::string& up, const std::string& down,
                                 const std::string& message) {
  revision::Revision r;
  r.id = id;
  r.parents = parents;
  r.message = message.empty() ? "message " + id : message;
  r.up = up;
  r.down = down;
  r.checksum = r.compute_checksum();
  return r;
}

void write_revision(const GitRepo& g, const std::string& id,
                    const std::vector<std::string>& parents, const std::string& up) {
  g.write("migrations/" + id + ".sql", revision::format_revision(make_revision(id, parents, up)));
}

}  // namespace reconcile::testing
