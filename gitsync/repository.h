// Repository: an open git repository (libgit2), the single entry point of
// gitsync. Reads files and directories at any ref without a checkout,
// resolves refs, answers merge-base questions and knows the work tree, the
// current branch and the hooks folder.
//
// Guarantees:
//  * libgit2 is initialised once per process while any Repository is alive
//    (a reference-counted handle owned by each Repository; no other global
//    state).
//  * Copies share the same underlying handle (cheap to copy and to pass by
//    value); a Repository is not meant to be used from several threads at once.
//  * Every libgit2 failure is thrown as reconcile::GitError with libgit2's own
//    message and a hint where one helps.
//  * "Repo paths" are '/'-separated and relative to the work-tree root
//    ("db/migrations/x.sql"). Methods that take a path accept a repo path or
//    an absolute filesystem path inside the work tree (see to_repo_path).
//  * Listings are sorted by name (byte order); output is deterministic.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

struct git_repository;  // libgit2

namespace reconcile::gitsync {

// One commit, as shown to people.
struct CommitInfo {
  std::string id;        // full 40-hex object id
  std::string short_id;  // first 10 hex digits
  std::string summary;   // first line of the message
  std::string author_name;
  std::string author_email;
  long long time = 0;  // committer time, seconds since the epoch (UTC)

  auto operator<=>(const CommitInfo&) const = default;
};

// An entry of a tree listing.
struct TreeEntry {
  std::string name;  // file or folder name (no '/')
  bool is_directory = false;

  auto operator<=>(const TreeEntry&) const = default;
};

class Repository {
 public:
  // Opens the repository containing `path` (a file or folder, which need not
  // exist yet; searched upwards like `git` does). Throws GitError if there is none, or if it is
  // bare (reconcile needs a work tree).
  static Repository discover(const std::string& path);
  // Same, but nullopt instead of throwing when `path` is not inside a repository.
  static std::optional<Repository> try_discover(const std::string& path);

  // Absolute path of the work-tree root, without a trailing '/'.
  const std::string& workdir() const;
  // Absolute path of the .git folder, without a trailing '/'.
  std::string git_dir() const;

  // Short name of the branch HEAD points at ("main"), also when the branch
  // has no commit yet; nullopt when HEAD is detached.
  std::optional<std::string> current_branch() const;
  // The commit HEAD points at; nullopt for a new repository without commits.
  std::optional<CommitInfo> head_commit() const;

  // Resolves a revision expression (branch, tag, "HEAD", "HEAD~2", "origin/main",
  // a full or abbreviated id) to the commit it names. Throws GitError if it
  // names nothing or not a commit.
  CommitInfo resolve(const std::string& ref) const;
  std::optional<CommitInfo> try_resolve(const std::string& ref) const;
  // Information about a commit given by its full id.
  CommitInfo commit_info(const std::string& commit_id) const;

  // The blob at `path` in the tree of `ref`, or nullopt if the path does not
  // exist there (or is a folder). Nothing is checked out.
  std::optional<std::string> read_file(const std::string& ref, const std::string& path) const;
  // The entries of folder `dir` ("" or "." for the root) in the tree of `ref`,
  // sorted by name; empty if the folder does not exist there.
  std::vector<TreeEntry> list_directory(const std::string& ref, const std::string& dir) const;

  // The best common ancestor of two refs; nullopt when they share no history.
  std::optional<CommitInfo> merge_base(const std::string& ref_a, const std::string& ref_b) const;
  // True if commit `descendant` has `ancestor` in its history, or is it.
  bool contains(const std::string& descendant_id, const std::string& ancestor_id) const;
  // Short names of the local branches ("main", "feature/x"), sorted.
  std::vector<std::string> local_branches() const;

  // A git config value (repository, then global/system config), or nullopt.
  std::optional<std::string> config_string(const std::string& key) const;
  // Where hooks live: core.hooksPath if set (a relative value is taken
  // relative to the work tree, like git does), else <git_dir>/hooks. Absolute.
  std::string hooks_dir() const;

  // `path` as a repo path: an absolute path must lie inside the work tree
  // (GitError otherwise); a relative path is taken as already relative to the
  // work-tree root. "." and ".." segments are resolved; the result never
  // starts with '/' or "..".
  std::string to_repo_path(const std::string& path) const;
  // The absolute filesystem path of a repo path.
  std::string to_absolute(const std::string& repo_path) const;

  // For the other gitsync modules: the libgit2 handle (valid while any copy lives).
  git_repository* raw() const;

 private:
  struct Impl;
  explicit Repository(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace reconcile::gitsync
