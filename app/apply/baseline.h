// Baseline: adopt a database without running SQL.
//
// baseline() records revisions as applied (version-table rows with duration
// 0) under the apply lock, in one transaction: `revision` and its ancestors,
// or every revision of the store when none is given. Revisions already
// recorded are left alone; an already-recorded revision whose file was edited
// since is refused (CHECKSUM_MISMATCH) as in apply.
//
// baseline_revision() is for a database built by another tool when there are
// no revisions yet: a revision whose up body is the full DDL of the given
// (introspected) catalog, so that a fresh database can be built from the
// history alone. Its down body is empty: a baseline is not reversible.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"

namespace reconcile::apply {

struct BaselineOptions {
  std::optional<std::string> revision;  // default: every revision
  std::chrono::milliseconds lock_wait{60000};
  std::function<void(const std::string&)> log;
};

struct BaselineReport {
  std::string database;
  std::vector<std::string> recorded;  // newly recorded, topological order
  std::vector<std::string> already;   // were recorded before
};

BaselineReport baseline(const std::string& url, const revision::RevisionStore& store,
                        const BaselineOptions& options);

// The new revision describing `live` (up = render_catalog of it; schema hash =
// its content hash; no parents).
NewRevision baseline_revision(const catalog::Catalog& live, const std::string& message);

}  // namespace reconcile::apply
