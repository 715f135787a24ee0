// The checks of `reconcile check`, one small function each.
//
// Every check is a pure function from values (the revision store, catalogs,
// hashes, the applied revisions read from the database) to findings; the
// work of getting those values (loading files, replaying revisions in a
// shadow database, introspecting the live database) is done by the caller
// (app/check/runner.h), so each check can be tested on its own.
//
// Guarantees: findings carry the revision file and header line where one
// applies, and a hint; the output of each check is deterministic (sorted by
// revision id / file).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/check/finding.h"
#include "core/catalog/catalog.h"
#include "history/revision/store.h"

namespace reconcile::check {

// INVALID_REVISION: files that do not parse, duplicate ids, ids that are not
// the file name, dangling parents, cycles (the store's problems other than
// checksum mismatches).
std::vector<Finding> check_invalid_revisions(const revision::RevisionStore& store);

// CHECKSUM_MISMATCH: revisions whose bodies no longer match the checksum in
// their header (edited after they were generated).
std::vector<Finding> check_file_checksums(const revision::RevisionStore& store);

// MULTIPLE_HEADS: one finding per head when there is more than one head.
// `origins` maps a head id to where it came from (e.g. "a1b2c3d4e5 (feature-x)
// Add sample table"); heads without an entry are described as not committed.
std::vector<Finding> check_heads(const revision::RevisionStore& store,
                                 const std::map<std::string, std::string>& origins);

// What replaying a revision (with exactly its ancestors before it) gave.
struct ReplayOutcome {
  std::string revision;
  std::optional<std::string> hash;  // content hash of the catalog after it; nullopt if it failed
  std::string error;                // why the replay failed (empty on success)
  int error_line = 0;               // line in the revision file of the failing statement, if known
};

// REPLAY_MISMATCH: revisions whose replay fails, or gives a catalog whose hash
// is not the schema hash the revision claims.
std::vector<Finding> check_replay_claims(const revision::RevisionStore& store,
                                         const std::vector<ReplayOutcome>& outcomes);

// PENDING_CHANGES: the desired catalog (from LinkML) differs from the state
// at head (`head_state`, from replaying every revision). The finding lists
// the objects and the SQL a new revision would contain. `schema_file` is the
// LinkML entry file to point at; `heads` names the head revision(s).
std::vector<Finding> check_pending(const catalog::Catalog& head_state,
                                   const catalog::Catalog& desired, const std::string& schema_file,
                                   const std::vector<std::string>& heads);

// A revision as recorded in the database's version table.
struct AppliedRecord {
  std::string id;
  std::string checksum;     // "sha256:<hex>" as applied
  std::string schema_hash;  // as applied
};

// UNAPPLIED: revisions in the files that the database has not applied (warnings).
std::vector<Finding> check_unapplied(const revision::RevisionStore& store,
                                     const std::vector<AppliedRecord>& applied,
                                     const std::string& database);

// UNKNOWN_REVISION: revisions the database has applied that no file has.
std::vector<Finding> check_unknown_revisions(const revision::RevisionStore& store,
                                             const std::vector<AppliedRecord>& applied,
                                             const std::string& database);

// CHECKSUM_MISMATCH against the database: revisions whose file differs from
// what was applied (the recorded checksum is compared with the file's bodies
// as they are now).
std::vector<Finding> check_applied_checksums(const revision::RevisionStore& store,
                                             const std::vector<AppliedRecord>& applied,
                                             const std::string& database);

// DRIFT: the live database (`live`) differs from the state its applied
// revisions imply (`expected`, from replaying exactly the applied set). The
// finding lists the objects and the SQL that brings the database back.
std::vector<Finding> check_drift(const catalog::Catalog& expected, const catalog::Catalog& live,
                                 const std::string& database);

}  // namespace reconcile::check
