#include "history/revision/origins.h"

#include <algorithm>
#include <filesystem>

#include "gitsync/provenance.h"
#include "gitsync/repository.h"

namespace reconcile::apply {

std::string Origin::describe() const {
  if (commit.empty()) return "not committed";
  std::string s;
  if (!branches.empty()) {
    s = branches.size() == 1 ? "branch " : "branches ";
    for (size_t i = 0; i < branches.size(); ++i) s += (i ? ", " : "") + branches[i];
    s += ", ";
  }
  return s + "commit " + commit;
}

std::map<std::string, Origin> origins(const revision::RevisionStore& store,
                                      const std::vector<std::string>& ids) {
  std::map<std::string, Origin> out;
  std::vector<std::string> paths;
  for (const auto& id : ids) {
    out[id].revision = id;
    const auto* r = store.find(id);
    if (r && !r->path.empty()) paths.push_back(std::filesystem::absolute(r->path).string());
  }
  if (paths.empty()) return out;
  try {
    auto repo =
        gitsync::Repository::try_discover(std::filesystem::path(paths.front()).parent_path());
    if (!repo) return out;
    auto found = gitsync::provenance(*repo, paths);
    auto current = repo->current_branch();
    for (const auto& id : ids) {
      const auto* r = store.find(id);
      if (!r || r->path.empty()) continue;
      auto it = found.find(std::filesystem::absolute(r->path).string());
      if (it == found.end() || !it->second.added_by) continue;
      auto& o = out[id];
      o.commit = it->second.added_by->id.substr(0, 7);
      o.summary = it->second.added_by->summary;
      o.branches = it->second.branches;
      if (current && o.branches.size() > 1)
        o.branches.erase(std::remove(o.branches.begin(), o.branches.end(), *current),
                         o.branches.end());
    }
  } catch (const std::exception&) {
    // Git trouble: leave the revisions described as not committed.
  }
  return out;
}

std::map<std::string, std::string> describe_origins(const revision::RevisionStore& store,
                                                    const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  for (const auto& [id, o] : origins(store, ids)) out[id] = o.describe();
  return out;
}

}  // namespace reconcile::apply
