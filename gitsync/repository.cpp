#include "gitsync/repository.h"

#include <algorithm>
#include <filesystem>

#include "gitsync/detail.h"

namespace reconcile::gitsync {

namespace fs = std::filesystem;

namespace detail {

void check(int rc, const std::string& what) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  std::string message = what;
  if (e && e->message) message += ": " + std::string(e->message);
  throw GitError(message);
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

CommitInfo info_of(const git_commit* commit) {
  CommitInfo info;
  info.id = oid_hex(*git_commit_id(commit));
  info.short_id = info.id.substr(0, 10);
  const char* summary = git_commit_summary(const_cast<git_commit*>(commit));
  info.summary = summary ? summary : "";
  const git_signature* author = git_commit_author(commit);
  if (author) {
    info.author_name = author->name ? author->name : "";
    info.author_email = author->email ? author->email : "";
  }
  info.time = static_cast<long long>(git_commit_time(commit));
  return info;
}

CommitPtr find_commit(git_repository* repo, const std::string& ref) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, ref.c_str()) < 0) return nullptr;
  ObjectPtr owned(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) return nullptr;
  return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

CommitPtr get_commit(git_repository* repo, const std::string& ref) {
  CommitPtr c = find_commit(repo, ref);
  if (!c) {
    throw GitError("`" + ref + "` names no commit in this repository",
                   "use a branch, tag or commit id (`git log --oneline` lists commits)");
  }
  return c;
}

TreePtr tree_of(const git_commit* commit) {
  git_tree* tree = nullptr;
  check(git_commit_tree(&tree, commit),
        "cannot read the tree of commit " + oid_hex(*git_commit_id(commit)));
  return TreePtr(tree);
}

CommitPtr head_commit(git_repository* repo) {
  git_reference* head = nullptr;
  int rc = git_repository_head(&head, repo);
  if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) return nullptr;
  check(rc, "cannot read HEAD");
  ReferencePtr owned(head);
  git_object* obj = nullptr;
  check(git_reference_peel(&obj, head, GIT_OBJECT_COMMIT), "cannot resolve HEAD to a commit");
  return CommitPtr(reinterpret_cast<git_commit*>(obj));
}

}  // namespace detail

namespace {

// Keeps libgit2 initialised while alive (libgit2 counts init/shutdown pairs).
struct LibraryHandle {
  LibraryHandle() { git_libgit2_init(); }
  ~LibraryHandle() { git_libgit2_shutdown(); }
  LibraryHandle(const LibraryHandle&) = delete;
  LibraryHandle& operator=(const LibraryHandle&) = delete;
};

std::string strip_trailing_slash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string canonical_path(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p;
  fs::path c = fs::weakly_canonical(abs, ec);
  return strip_trailing_slash((ec ? abs.lexically_normal() : c).string());
}

}  // namespace

struct Repository::Impl {
  LibraryHandle library;  // declared first: destroyed last
  git_repository* repo = nullptr;
  std::string workdir;

  ~Impl() {
    if (repo) git_repository_free(repo);
  }
};

Repository::Repository(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::optional<Repository> Repository::try_discover(const std::string& path) {
  auto impl = std::make_shared<Impl>();
  std::string start = canonical_path(path.empty() ? "." : path);
  std::error_code ec;
  // Start from the nearest folder that exists (the path may not be created yet).
  while (!fs::is_directory(start, ec) && fs::path(start).has_parent_path() &&
         fs::path(start).parent_path() != fs::path(start)) {
    start = fs::path(start).parent_path().string();
  }
  int rc = git_repository_open_ext(&impl->repo, start.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  detail::check(rc, "cannot open the git repository at " + start);
  const char* wd = git_repository_workdir(impl->repo);
  if (!wd) {
    throw GitError("the repository at " + start + " is bare",
                   "reconcile needs a repository with a work tree (a normal clone)");
  }
  impl->workdir = canonical_path(wd);
  return Repository(std::move(impl));
}

Repository Repository::discover(const std::string& path) {
  auto repo = try_discover(path);
  if (!repo) {
    throw GitError("not inside a git repository: " + canonical_path(path.empty() ? "." : path),
                   "run `git init` first, or run reconcile inside your repository");
  }
  return *repo;
}

const std::string& Repository::workdir() const {
  return impl_->workdir;
}

std::string Repository::git_dir() const {
  return strip_trailing_slash(git_repository_path(impl_->repo));
}

git_repository* Repository::raw() const {
  return impl_->repo;
}

std::optional<std::string> Repository::current_branch() const {
  if (git_repository_head_detached(impl_->repo) == 1) return std::nullopt;
  git_reference* head = nullptr;
  detail::check(git_reference_lookup(&head, impl_->repo, "HEAD"), "cannot read HEAD");
  detail::ReferencePtr owned(head);
  if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  std::string target = git_reference_symbolic_target(head);
  const std::string prefix = "refs/heads/";
  if (target.rfind(prefix, 0) == 0) return target.substr(prefix.size());
  return target;
}

std::optional<CommitInfo> Repository::head_commit() const {
  auto c = detail::head_commit(impl_->repo);
  if (!c) return std::nullopt;
  return detail::info_of(c.get());
}

CommitInfo Repository::resolve(const std::string& ref) const {
  return detail::info_of(detail::get_commit(impl_->repo, ref).get());
}

std::optional<CommitInfo> Repository::try_resolve(const std::string& ref) const {
  auto c = detail::find_commit(impl_->repo, ref);
  if (!c) return std::nullopt;
  return detail::info_of(c.get());
}

CommitInfo Repository::commit_info(const std::string& commit_id) const {
  return resolve(commit_id);
}

std::optional<std::string> Repository::read_file(const std::string& ref,
                                                 const std::string& path) const {
  std::string rp = to_repo_path(path);
  if (rp.empty()) return std::nullopt;
  auto commit = detail::get_commit(impl_->repo, ref);
  auto tree = detail::tree_of(commit.get());
  git_tree_entry* entry = nullptr;
  int rc = git_tree_entry_bypath(&entry, tree.get(), rp.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  detail::check(rc, "cannot look up " + rp + " at " + ref);
  detail::TreeEntryPtr owned(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return std::nullopt;
  git_blob* blob = nullptr;
  detail::check(git_blob_lookup(&blob, impl_->repo, git_tree_entry_id(entry)),
                "cannot read " + rp + " at " + ref);
  detail::BlobPtr blob_owned(blob);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::string(data, static_cast<size_t>(git_blob_rawsize(blob)));
}

std::vector<TreeEntry> Repository::list_directory(const std::string& ref,
                                                  const std::string& dir) const {
  std::string rp = to_repo_path(dir);
  auto commit = detail::get_commit(impl_->repo, ref);
  detail::TreePtr tree = detail::tree_of(commit.get());
  if (!rp.empty()) {
    git_tree_entry* entry = nullptr;
    int rc = git_tree_entry_bypath(&entry, tree.get(), rp.c_str());
    if (rc == GIT_ENOTFOUND) return {};
    detail::check(rc, "cannot look up " + rp + " at " + ref);
    detail::TreeEntryPtr owned(entry);
    if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) return {};
    git_tree* sub = nullptr;
    detail::check(git_tree_lookup(&sub, impl_->repo, git_tree_entry_id(entry)),
                  "cannot read folder " + rp);
    tree.reset(sub);
  }
  std::vector<TreeEntry> out;
  size_t n = git_tree_entrycount(tree.get());
  for (size_t i = 0; i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
    out.push_back({git_tree_entry_name(e), git_tree_entry_type(e) == GIT_OBJECT_TREE});
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<CommitInfo> Repository::merge_base(const std::string& ref_a,
                                                 const std::string& ref_b) const {
  auto a = detail::get_commit(impl_->repo, ref_a);
  auto b = detail::get_commit(impl_->repo, ref_b);
  git_oid base;
  int rc = git_merge_base(&base, impl_->repo, git_commit_id(a.get()), git_commit_id(b.get()));
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  detail::check(rc, "cannot compute the merge base of " + ref_a + " and " + ref_b);
  return resolve(detail::oid_hex(base));
}

bool Repository::contains(const std::string& descendant_id, const std::string& ancestor_id) const {
  auto d = detail::get_commit(impl_->repo, descendant_id);
  auto a = detail::get_commit(impl_->repo, ancestor_id);
  if (git_oid_equal(git_commit_id(d.get()), git_commit_id(a.get()))) return true;
  int rc = git_graph_descendant_of(impl_->repo, git_commit_id(d.get()), git_commit_id(a.get()));
  detail::check(rc, "cannot walk the history");
  return rc == 1;
}

std::vector<std::string> Repository::local_branches() const {
  git_branch_iterator* it = nullptr;
  detail::check(git_branch_iterator_new(&it, impl_->repo, GIT_BRANCH_LOCAL),
                "cannot list branches");
  detail::BranchIteratorPtr owned(it);
  std::vector<std::string> out;
  git_reference* ref = nullptr;
  git_branch_t type;
  while (git_branch_next(&ref, &type, it) == 0) {
    detail::ReferencePtr r(ref);
    const char* name = nullptr;
    if (git_branch_name(&name, ref) == 0 && name) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> Repository::config_string(const std::string& key) const {
  git_config* cfg = nullptr;
  detail::check(git_repository_config_snapshot(&cfg, impl_->repo), "cannot read git config");
  detail::ConfigPtr owned(cfg);
  const char* value = nullptr;
  if (git_config_get_string(&value, cfg, key.c_str()) < 0 || !value) return std::nullopt;
  return std::string(value);
}

std::string Repository::hooks_dir() const {
  git_config* cfg = nullptr;
  detail::check(git_repository_config_snapshot(&cfg, impl_->repo), "cannot read git config");
  detail::ConfigPtr owned(cfg);
  git_buf buf = GIT_BUF_INIT;
  if (git_config_get_path(&buf, cfg, "core.hooksPath") == 0) {
    std::string p(buf.ptr, buf.size);
    git_buf_dispose(&buf);
    if (!p.empty()) {
      fs::path hp(p);
      if (hp.is_relative()) hp = fs::path(workdir()) / hp;
      return strip_trailing_slash(hp.lexically_normal().string());
    }
  }
  git_buf_dispose(&buf);
  git_buf item = GIT_BUF_INIT;
  detail::check(git_repository_item_path(&item, impl_->repo, GIT_REPOSITORY_ITEM_HOOKS),
                "cannot find the hooks folder");
  std::string p(item.ptr, item.size);
  git_buf_dispose(&item);
  return strip_trailing_slash(p);
}

std::string Repository::to_repo_path(const std::string& path) const {
  fs::path p(path);
  fs::path rel;
  if (p.is_absolute()) {
    std::string abs = canonical_path(path);
    const std::string& root = workdir();
    if (abs == root) return "";
    if (abs.compare(0, root.size() + 1, root + "/") != 0) {
      throw GitError("path " + path + " is outside the repository at " + root);
    }
    rel = fs::path(abs.substr(root.size() + 1));
  } else {
    rel = p;
  }
  std::string out = rel.lexically_normal().generic_string();
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out == ".") out.clear();
  if (out == ".." || out.rfind("../", 0) == 0) {
    throw GitError("path " + path + " is outside the repository at " + workdir());
  }
  return out;
}

std::string Repository::to_absolute(const std::string& repo_path) const {
  if (repo_path.empty()) return workdir();
  return workdir() + "/" + repo_path;
}

}  // namespace reconcile::gitsync
