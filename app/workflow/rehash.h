// The `rehash` workflow: accept an intended hand edit of a revision file
// explicitly.
//
// `apply` and `downgrade` refuse a revision whose bodies no longer match its
// checksum header (CHECKSUM_MISMATCH): only reviewed SQL runs. After
// reviewing an edit, rehash rewrites that one header line with the checksum
// of the bodies as they are now (every other byte of the file stays; the
// file is replaced whole), tells the old and the new checksum as a warning,
// and with `commit` commits the file with libgit2 on the current branch
// ("reconcile: rehash REV", the checksums in the commit body).
//
//  * `revision` is a revision id or its file name (`ID.sql`).
//  * A revision whose checksum already matches is left alone.
//  * GitError when committing is asked for outside a git repository or
//    without a signature (before anything is written); InputError for a file
//    that does not parse; UsageError for an unknown id.
//  * A revision already applied somewhere keeps the checksum it was applied
//    with there: `check --database` and `status` still report the edit.
#pragma once

#include <optional>
#include <string>

#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "gitsync/repository.h"

namespace reconcile::workflow {

struct RehashOptions {
  Project project;
  std::string revision;
  bool commit = true;  // false (--no-commit): only rewrite the file
  Observer* observer = nullptr;
};

struct RehashResult {
  std::string id;
  std::string path;                           // the revision file
  bool changed = false;                       // false: the checksum matched already
  std::string old_checksum;                   // the header's checksum before
  std::string checksum;                       // the checksum of the bodies (the header's now)
  std::optional<gitsync::CommitInfo> commit;  // the commit that records it
};

RehashResult run_rehash(const RehashOptions& options);

}  // namespace reconcile::workflow
