// GitRepo: a real git repository in a fresh temporary folder, driven with the
// git CLI the way a user would (init, config, write files, add, commit,
// branch, merge, clone). Tests use it to check gitsync and the git-facing
// commands against git itself.
//
// Guarantees: the folder is removed when the GitRepo is destroyed; every git
// command that fails throws std::runtime_error with the command and its
// output; the repository's default branch is "main" and its identity is
// "Test User <test@example.com>" (repository config, so the user's global
// config does not matter).
#pragma once

#include <string>

namespace reconcile::testing {

struct GitResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// `s` single-quoted for /bin/sh.
std::string sh_quote(const std::string& s);
// Runs `command` with /bin/sh in `cwd`; captures stdout and stderr.
GitResult run_shell(const std::string& command, const std::string& cwd);

class GitRepo {
 public:
  // A new repository (git init -b main) in a new temporary folder.
  GitRepo();
  // A clone of `origin` (git clone) in a new temporary folder.
  static GitRepo clone_of(const GitRepo& origin);
  ~GitRepo();
  GitRepo(GitRepo&& other) noexcept;
  GitRepo& operator=(GitRepo&&) = delete;
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;

  // Absolute path of the work tree (symlinks resolved).
  const std::string& path() const { return path_; }
  // The absolute path of a file in the work tree.
  std::string file(const std::string& rel) const { return path_ + "/" + rel; }

  // `git <args>` in the work tree; stdout without the final line break.
  // Throws std::runtime_error when git fails.
  std::string git(const std::string& args) const;
  // Same, without throwing.
  GitResult try_git(const std::string& args) const;

  // Writes a file (creating folders), reads it, removes it, tests it.
  void write(const std::string& rel, const std::string& content) const;
  std::string read(const std::string& rel) const;
  void remove(const std::string& rel) const;
  bool exists(const std::string& rel) const;

  // git add -A && git commit -m MESSAGE; returns the new commit id.
  std::string commit_all(const std::string& message) const;
  // git rev-parse REF.
  std::string rev(const std::string& ref = "HEAD") const;
  // git checkout -b NAME / git checkout NAME.
  void new_branch(const std::string& name) const;
  void checkout(const std::string& name) const;
  // git merge --no-ff -m MESSAGE NAME; returns the merge commit id.
  std::string merge(const std::string& name, const std::string& message) const;

 private:
  explicit GitRepo(std::string path);
  std::string path_;
};

}  // namespace reconcile::testing
