// Replay: the schema state a revision history implies, obtained by running
// the revisions' up bodies into a fresh shadow database and introspecting it.
// No schema snapshots are kept in git; every "state at revision X" in
// reconcile (check's replay claims and drift, merge analysis, apply's
// "is the schema ahead of the head revision") comes from here.
//
// Shadow databases are created on a PostgreSQL server given by an admin URL
// (see shadow.h: the embedded cluster, or RECONCILE_SHADOW_URL) with CREATE
// DATABASE and dropped (WITH (FORCE)) when the replay is done, also when it
// fails. The database that is replayed into is never the user's, and the
// revisions run as a role with no privileges that owns only that database
// (shadow.h, "Trust"; shadow_session.h).
//
// What runs: each selected revision's up_statements() in topological order
// (RevisionStore::topological_order restricted to the selection; ties by id).
// Transactional statements of a revision run in one transaction; statements
// marked `-- reconcile:no-transaction` run on their own in autocommit, in
// file order, exactly as apply runs them. The resulting database is
// introspected with the given schemas and exclude patterns (the `reconcile`
// schema is never part of the catalog).
//
// Guarantees:
//  * Deterministic: the same store and target give the same statements in the
//    same order, hence the same catalog.
//  * A statement that fails throws ReplayError naming the revision, the file
//    and line of the statement and PostgreSQL's message; the shadow database
//    is dropped anyway.
//  * Checksums are not verified here (RevisionStore reports mismatches); the
//    bodies are replayed as they are in the files.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/catalog/catalog.h"
#include "history/revision/store.h"
#include "util/error.h"
#include "util/progress.h"

namespace reconcile::replay {

// Which revisions to replay.
struct Target {
  enum class Kind {
    kAll,       // every revision of the store (the union of all heads' histories)
    kRevision,  // `id` and its ancestors (RevisionStore::path_to)
    kSet,       // exactly `ids` (e.g. the applied set of a database), nothing added
  };
  Kind kind = Kind::kAll;
  std::string id;
  std::set<std::string> ids;

  static Target all() { return {}; }
  static Target revision(std::string id) { return Target{Kind::kRevision, std::move(id), {}}; }
  static Target set(std::set<std::string> ids) { return Target{Kind::kSet, {}, std::move(ids)}; }
};

struct ReplayOptions {
  // A URL of the server to create shadow databases on, connecting as a role
  // that may CREATE DATABASE (its database part is only used to connect).
  std::string server_url;
  // Schemas to introspect after the replay, and exclude patterns (as in
  // reconcile.yaml).
  std::vector<std::string> schemas = {"public"};
  std::vector<std::string> exclude;
  // reconcile.yaml `extensions`: those the replay role may not create itself
  // are installed before the replay (shadow.h).
  std::vector<std::string> extensions;
  // Name hint of the shadow databases ("reconcile_shadow" by default).
  std::string name_hint = "reconcile_shadow";
  // Folder of the replay cache (empty: no cache). replay() stores each result
  // there as catalog JSON under a key made of the replayed revisions (ids and
  // body checksums, in order), the shadow server's version, the schemas, the
  // exclude patterns and reconcile's version; a file that cannot be read is
  // ignored and replaced. The cache is never committed (.reconcile/).
  std::string cache_dir;
  // Told before each revision runs and once when a replay is done
  // (util/progress.h: Task::kReplay; a cache hit reports only the last event).
  util::ProgressFn progress;
};

// A revision whose replay failed.
struct ReplayError : InputError {
  ReplayError(const std::string& message, SourceLocation where, std::string revision_id,
              std::string database_message)
      : InputError(message, std::move(where),
                   "fix the statement in the revision file, or regenerate the revision"),
        revision(std::move(revision_id)),
        database_message(std::move(database_message)) {}
  std::string revision;          // the revision whose statement failed
  std::string database_message;  // PostgreSQL's message (first line)
};

// The ids `target` selects, in topological order. Throws UsageError when a
// kRevision id or a kSet id names no revision of the store.
std::vector<std::string> select(const revision::RevisionStore& store, const Target& target);

// Replays the selected revisions into a new shadow database and returns the
// introspected catalog. An empty selection gives the catalog of an empty
// database. Throws ReplayError (a statement failed), DatabaseError (the
// shadow server cannot be reached or the database cannot be created).
catalog::Catalog replay(const revision::RevisionStore& store, const Target& target,
                        const ReplayOptions& options);

// The state after each revision with exactly its ancestors applied before it
// (what the revision's schema-hash claims to describe).
struct RevisionState {
  std::string revision;
  std::optional<catalog::Catalog> catalog;  // nullopt when the replay failed
  std::string error;                        // why it failed (empty on success)
  SourceLocation where;                     // file and line of the failing statement
};

// One RevisionState per revision in the store's topological order. A linear
// chain is replayed once, introspecting after each revision; a revision whose
// ancestors differ from what the current shadow database holds starts a new
// one. A failure is recorded (never thrown) and only affects that revision
// and its descendants (which are reported as failing because of it).
// Throws DatabaseError only when the shadow server itself fails.
std::vector<RevisionState> replay_each(const revision::RevisionStore& store,
                                       const ReplayOptions& options);

}  // namespace reconcile::replay
