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
  write_revision(g, make_revision(id, parents, up));
}

void write_revision(const GitRepo& g, const revision::Revision& r) {
  g.write("migrations/" + r.id + ".sql", revision::format_revision(r));
}

}  // namespace reconcile::testing
