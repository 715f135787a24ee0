// GitSourceReader: a SourceReader over the tree of one commit, so the LinkML
// loader and the revision store read a git ref exactly like the work tree,
// without a checkout.
//
// Paths: a relative path is resolved against `base` (a folder given as a repo
// path, "" = the work-tree root), so a reader whose base is the folder the
// command runs in resolves "schema/main.yaml" the way the FileSourceReader
// does; an absolute path inside the work tree is mapped to its repo path.
// Paths outside the repository read as "not found" (nullopt).
//
// Guarantees: the ref is resolved once, at construction (a moving branch does
// not change what an existing reader sees); reads are pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gitsync/repository.h"
#include "util/source_reader.h"

namespace reconcile::gitsync {

class GitSourceReader : public SourceReader {
 public:
  // Throws GitError if `ref` names no commit.
  GitSourceReader(Repository repo, const std::string& ref, std::string base = "");

  std::optional<std::string> read(const std::string& path) const override;
  // "git:<ref as given>".
  std::string describe() const override;

  // Entries of a folder (same path rules as read), sorted; empty if absent.
  std::vector<TreeEntry> list(const std::string& dir) const;
  // The commit this reader reads from.
  const CommitInfo& commit() const { return commit_; }
  const Repository& repository() const { return repo_; }

 private:
  std::optional<std::string> repo_path(
      const std::string& path) const;  // nullopt when outside the repo

  Repository repo_;
  std::string ref_;
  std::string base_;
  CommitInfo commit_;
};

}  // namespace reconcile::gitsync
