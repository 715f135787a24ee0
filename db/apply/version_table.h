// The version table `reconcile.revisions`: which revisions a database has
// applied. One row per applied revision:
//
//   id           text primary key      the revision id
//   parents      text[]                its parents (sorted), as in the file
//   checksum     text                  "sha256:<hex>" of the bodies that ran
//   schema_hash  text                  the schema hash the revision claimed
//   message      text                  the revision message
//   applied_at   timestamptz           default now()
//   applied_by   text                  default current_user
//   duration_ms  bigint                how long its statements took (0 for baseline)
//
// The table (and the `reconcile` schema) is created by the first apply or
// baseline; reading a database without it gives "nothing applied".
// Introspection leaves the `reconcile` schema out, so the table never shows
// up in plans or drift.
//
// Guarantees:
//  * read_applied() never writes and never fails because the table is
//    missing; its result is ordered by applied_at, then id.
//  * record_applied() and remove_applied() only take effect when the caller's
//    transaction commits, so a revision and its record commit together.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/revision/revision.h"

namespace reconcile::apply {

inline constexpr const char* kVersionSchema = "reconcile";
inline constexpr const char* kVersionTable = "revisions";

// One row of reconcile.revisions.
struct AppliedRevision {
  std::string id;
  std::vector<std::string> parents;  // sorted
  std::string checksum;              // "sha256:<hex>" as applied
  std::string schema_hash;           // as claimed by the revision when applied
  std::string message;
  std::string applied_at;  // ISO 8601 in UTC, e.g. "2026-11-25T21:40:00.123456Z"
  std::string applied_by;  // database role that applied it
  long long duration_ms = 0;

  bool operator==(const AppliedRevision&) const = default;
};

// True when reconcile.revisions exists in the connected database.
bool version_table_exists(pqxx::connection& conn);

// Every applied revision, ordered by applied_at then id; empty when the
// version table does not exist. Throws DatabaseError on a query failure.
std::vector<AppliedRevision> read_applied(pqxx::connection& conn);
// Inside a transaction the caller holds (same ordering, same guarantees).
std::vector<AppliedRevision> read_applied(pqxx::transaction_base& tx);

// The ids of read_applied(), as a set.
std::set<std::string> applied_ids(const std::vector<AppliedRevision>& applied);

// CREATE SCHEMA IF NOT EXISTS reconcile; CREATE TABLE IF NOT EXISTS
// reconcile.revisions (...). Safe to run concurrently with another process
// doing the same (guarded by a transaction-level advisory lock).
void ensure_version_table(pqxx::transaction_base& tx);

// Inserts the record of `r` (checksum = the checksum of its bodies as they
// are now, i.e. what actually ran). Throws DatabaseError if it is already
// recorded.
void record_applied(pqxx::transaction_base& tx, const revision::Revision& r, long long duration_ms);

// Deletes the record of revision `id`; returns false if it was not recorded.
bool remove_applied(pqxx::transaction_base& tx, const std::string& id);

}  // namespace reconcile::apply
