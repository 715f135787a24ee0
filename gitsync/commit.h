// Committing chosen files on the current branch, like
// `git commit --only -- <paths>`.
//
// What is committed: the tree of HEAD (empty for a first commit) with exactly
// the given paths replaced by their work-tree content (or removed, when the
// file no longer exists in the work tree). The index is updated for those
// paths too (so `git status` shows them clean afterwards); any other staged
// changes stay staged and are NOT part of the commit. The commit's parent is
// HEAD's commit (none on an unborn branch) and the current branch (or the
// detached HEAD) moves to it.
//
// Git's own index lock is respected: `<index>.lock` is created exclusively
// before the index is read and held until the updated index replaces it
// (rename, as git does), so a concurrent git command or another reconcile
// never loses or half-writes the index; when another process holds it,
// commit_paths waits up to 10 s, then throws GitError naming the lock file.
// The index is written only after the commit is made.
//
// Identity: author from GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, committer from
// GIT_COMMITTER_NAME / GIT_COMMITTER_EMAIL, each falling back to git config
// user.name / user.email; GitError with a hint when neither gives a name and
// an email. The time is now.
#pragma once

#include <string>
#include <vector>

#include "gitsync/repository.h"

namespace reconcile::gitsync {

struct Signature {
  std::string name;
  std::string email;

  auto operator<=>(const Signature&) const = default;
};

enum class Role { kAuthor, kCommitter };

// The identity git would use for `role` (see above). Throws GitError when
// none is configured.
Signature resolve_signature(const Repository& repo, Role role);

// Commits `paths` (repo paths or absolute paths inside the work tree; files,
// not folders) with `message`. Returns the new commit. Throws GitError when
// `paths` is empty, a path is outside the work tree or a folder, or nothing
// would change (every path already matches HEAD).
CommitInfo commit_paths(const Repository& repo, const std::vector<std::string>& paths,
                        const std::string& message);

// True when the work-tree content of `path` differs from its content at HEAD
// (also when it is new, or deleted from the work tree but present at HEAD).
bool differs_from_head(const Repository& repo, const std::string& path);

}  // namespace reconcile::gitsync
