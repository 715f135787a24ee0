// Writing a new revision file into the migrations folder and committing it
// with libgit2 (merge and baseline revisions; the same file format as
// `reconcile revision`, revision.h).
//
// Guarantees: the id is `<UTC timestamp>_<slug of the message>_<content tag>`
// (revision::content_tag) and never names an existing file (the timestamp moves on a second if
// needed); the checksum header is computed from the bodies; the file is written whole (temporary
// file + rename). With `commit`, that file is committed on the current branch
// (gitsync::commit_paths), with the revision message as the commit message ("reconcile:
// <message>"), together with those of the `sources` (the LinkML files the revision was planned
// from) that lie in the repository and differ from HEAD, so that the commit holds the schema change
// and its revision as one unit.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/revision/revision.h"
#include "gitsync/repository.h"

namespace reconcile::apply {

struct NewRevision {
  std::string message;
  std::vector<std::string> parents;
  std::string up;  // statements, each ending in ";\n" (may be empty)
  std::string down;
  std::string schema_hash;
};

struct WrittenRevision {
  revision::Revision revision;  // as parsed back from the written file
  std::string path;             // absolute path of the file
  std::optional<gitsync::CommitInfo> commit;
  std::vector<std::string> committed;  // absolute paths: the revision, then sources
};

// The revision (id chosen, checksum set) that write_revision would write.
revision::Revision make_revision(const std::string& migrations_dir, const NewRevision& r,
                                 long long unix_seconds);

// Writes the revision into `migrations_dir` (created if missing) and, with
// `commit`, commits it. Throws GitError when committing fails (the file stays
// written) or when `commit` is asked for outside a git repository.
WrittenRevision write_revision(const std::string& migrations_dir, const NewRevision& r, bool commit,
                               const std::set<std::string>& sources = {});

}  // namespace reconcile::apply
