// The `apply` workflow: apply pending revisions, generating one first for
// changes of the LinkML schema that no revision covers.
//
// Before applying, the LinkML schema is compared with the state the revision
// history leads to (the head revision's schema hash, and when that differs, a
// replay of the history): changes no revision covers are written as a new
// revision and committed first (told to the observer at once, as
// revision_written); with `generate` false they stop the workflow instead
// (`stopped`: nothing is applied). Generating a revision that deletes data
// is refused (RefusedError) unless allow_destructive. With `to`, no
// revision is generated. Then the pending revisions run
// (app/apply/apply.h).
//
// Concurrency: the apply lock on the database is taken first, and the
// revision files are read, compared, generated and committed under it (and
// under the project's generation lock, .reconcile/generate.lock, which
// serialises applies to different databases from one work tree; the files
// are read again once it is held). So several applies started at once on an
// edited schema write one revision and one commit; the others find it
// written, and apply it or find it applied. The git commit itself respects
// git's index lock (gitsync/commit.h). A dry run takes no lock and changes
// nothing: the result says what would be written and run.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "app/apply/apply.h"
#include "app/apply/generate.h"
#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "core/plan/plan.h"
#include "history/revision/store.h"

namespace reconcile::workflow {

struct ApplyOptions {
  Project project;
  DatabaseUrl database;
  bool allow_destructive = false;
  bool generate = true;           // false (--no-generate): unrevised changes stop the workflow
  std::optional<std::string> to;  // apply only this revision and its ancestors
  bool dry_run = false;
  apply::LockRetryOptions lock;                // lock_timeout and its retries
  std::chrono::milliseconds lock_wait{60000};  // for the apply and generation locks
  Observer* observer = nullptr;
};

// Changes of the LinkML schema that no revision covers, planned from the
// state the history leads to.
struct Unrevised {
  plan::Plan plan;
  apply::Body body;  // the bodies of the revision that covers them
};

struct ApplyResult {
  // The unrevised changes found (under the locks, unless a dry run);
  // nullopt when the revisions cover the LinkML schema, when there is no
  // LinkML schema, or with `to`.
  std::optional<Unrevised> unrevised;
  // `generate` was false and there were unrevised changes: nothing was
  // applied and `report` is empty.
  bool stopped = false;
  // The revision written for the unrevised changes (not in dry runs).
  std::optional<Written> generated;
  // What was applied, or in a dry run what would be.
  apply::ApplyReport report;
  // The revisions `report` names (with the generated one).
  revision::RevisionStore store;
};

ApplyResult run_apply(const ApplyOptions& options);

}  // namespace reconcile::workflow
