// The `revision` workflow: plan the live database against the LinkML schema
// and write the plan as a new revision file, committed with libgit2 on the
// current branch.
//
//  * Refuses (UsageError) an empty message; (GitError) committing outside a
//    git repository or without a signature, before anything is read.
//  * Refuses (InputError) revision files with problems other than checksum
//    mismatches (those are warnings); (ConflictError) a history with several
//    heads, naming each head and where it came from: `reconcile merge` first.
//  * Refuses (UsageError) a database that has applied revisions the folder
//    does not have, or has not applied every revision yet: the plan would
//    undo or repeat them. The database is resolved only after the files and
//    the LinkML schema have been read.
//  * The new revision's parent is the single head (none for the first one);
//    up/down are the plan's statements (apply::render_body); schema-hash is
//    the hash of the state the history reaches with it, as replay computes
//    it. With `commit`, the commit ("reconcile: MESSAGE") holds the revision
//    file and the LinkML files it was planned from that differ from HEAD.
//  * An empty plan writes nothing.
#pragma once

#include <optional>
#include <string>

#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "core/plan/plan.h"

namespace reconcile::workflow {

struct RevisionOptions {
  Project project;
  DatabaseUrl database;
  std::string message;
  bool commit = true;  // false (--no-commit): only write the file
  Observer* observer = nullptr;
};

struct RevisionResult {
  plan::Plan plan;                 // what the revision holds; empty: nothing was written
  std::optional<Written> written;  // the revision, when the plan was not empty
};

RevisionResult run_revision(const RevisionOptions& options);

}  // namespace reconcile::workflow
