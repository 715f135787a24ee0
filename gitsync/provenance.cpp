#include "gitsync/provenance.h"

#include <set>

#include "gitsync/detail.h"

namespace reconcile::gitsync {
namespace {

bool tree_has(git_tree* tree, const std::string& path) {
  git_tree_entry* entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree, path.c_str()) < 0) return false;
  git_tree_entry_free(entry);
  return true;
}

}  // namespace

std::vector<std::string> branches_containing(const Repository& repo, const std::string& commit_id) {
  std::vector<std::string> out;
  for (const auto& branch : repo.local_branches()) {
    auto tip = repo.try_resolve("refs/heads/" + branch);
    if (tip && repo.contains(tip->id, commit_id)) out.push_back(branch);
  }
  return out;  // local_branches() is sorted
}

std::map<std::string, Provenance> provenance(const Repository& repo,
                                             const std::vector<std::string>& paths) {
  git_repository* raw = repo.raw();
  std::map<std::string, Provenance> out;
  std::map<std::string, std::vector<std::string>> wanted;  // repo path -> paths as given
  for (const auto& p : paths) {
    Provenance prov;
    prov.path = repo.to_repo_path(p);
    out[p] = prov;
    wanted[prov.path].push_back(p);
  }
  if (wanted.empty()) return out;

  git_revwalk* walk_raw = nullptr;
  detail::check(git_revwalk_new(&walk_raw, raw), "cannot walk the history");
  detail::RevwalkPtr walk(walk_raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
  bool pushed = false;
  if (detail::head_commit(raw)) {
    detail::check(git_revwalk_push_head(walk.get()), "cannot walk from HEAD");
    pushed = true;
  }
  if (!repo.local_branches().empty()) {
    detail::check(git_revwalk_push_glob(walk.get(), "refs/heads/*"),
                  "cannot walk the local branches");
    pushed = true;
  }
  if (!pushed) return out;

  std::map<std::string, CommitInfo> found;  // repo path -> commit
  git_oid oid;
  while (found.size() < wanted.size() && git_revwalk_next(&oid, walk.get()) == 0) {
    git_commit* c = nullptr;
    detail::check(git_commit_lookup(&c, raw, &oid), "cannot read commit " + detail::oid_hex(oid));
    detail::CommitPtr commit(c);
    detail::TreePtr tree = detail::tree_of(commit.get());
    std::vector<detail::TreePtr> parent_trees;
    unsigned n = git_commit_parentcount(commit.get());
    for (unsigned i = 0; i < n; ++i) {
      git_commit* parent = nullptr;
      detail::check(git_commit_parent(&parent, commit.get(), i), "cannot read a parent commit");
      detail::CommitPtr owned(parent);
      parent_trees.push_back(detail::tree_of(parent));
    }
    for (const auto& [rp, _] : wanted) {
      if (found.count(rp) || !tree_has(tree.get(), rp)) continue;
      bool in_parent = false;
      for (const auto& pt : parent_trees) in_parent = in_parent || tree_has(pt.get(), rp);
      if (!in_parent) found.emplace(rp, detail::info_of(commit.get()));
    }
  }

  std::map<std::string, std::vector<std::string>> branch_cache;  // commit id -> branches
  for (const auto& [rp, commit] : found) {
    auto it = branch_cache.find(commit.id);
    if (it == branch_cache.end())
      it = branch_cache.emplace(commit.id, branches_containing(repo, commit.id)).first;
    for (const auto& given : wanted[rp]) {
      out[given].added_by = commit;
      out[given].branches = it->second;
    }
  }
  return out;
}

Provenance provenance(const Repository& repo, const std::string& path) {
  return provenance(repo, std::vector<std::string>{path}).at(path);
}

std::string describe(const Provenance& p) {
  if (!p.added_by) return "not committed yet";
  std::string s = p.added_by->short_id;
  if (!p.branches.empty()) {
    s += " (";
    for (size_t i = 0; i < p.branches.size(); ++i) s += (i ? ", " : "") + p.branches[i];
    s += ")";
  }
  if (!p.added_by->summary.empty()) s += " " + p.added_by->summary;
  return s;
}

}  // namespace reconcile::gitsync
