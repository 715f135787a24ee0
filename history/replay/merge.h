// Merge analysis: can the histories of several heads be combined, and what
// state does their union give?
//
// Method (all states come from replays in shadow databases, replay.h):
//  * base    = the revisions every head has in its history (their common
//              ancestors); its state is replayed once.
//  * branch  = for each head, its revisions that are not in the base, in
//              topological order. They are replayed on top of the base one by
//              one, introspecting after each, so every change of a branch
//              (diff(previous state, next state)) is attributed to the
//              revisions that made it.
//  * conflict: two branches changed the same object (same kind, schema,
//              table or enum, name: a column, a constraint, an index, an
//              enum, an enum value, a table ...) with different results
//              (the object differs between the heads' states), or one branch
//              dropped or renamed a table or enum in which the other changed
//              something.
//  * union   = every revision of every head, in topological order, replayed
//              into one database. If a statement fails there, that is a
//              conflict too (reported with the revision, file and line).
//
// Guarantees: deterministic (heads sorted by id, conflicts sorted by object);
// nothing is written anywhere but shadow databases.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "history/replay/replay.h"
#include "history/revision/store.h"

namespace reconcile::replay {

// One branch's part in a conflict.
struct ConflictSide {
  std::string head;                    // the head revision of the branch
  std::vector<std::string> revisions;  // the branch revisions that changed the object
  std::string change;                  // "alter column public.sample.value (type)" ...
  std::string result;                  // the object as this branch leaves it, one line
};

struct Conflict {
  std::string object;  // "column public.sample.value"
  std::vector<ConflictSide> sides;
  std::string reason;    // for failures of the union replay; empty otherwise
  SourceLocation where;  // the failing statement, for union replay failures
};

struct MergeAnalysis {
  std::vector<std::string> heads;                          // sorted
  std::vector<std::string> base;                           // common ancestors, topological order
  std::map<std::string, std::vector<std::string>> branch;  // head -> its own revisions
  std::vector<Conflict> conflicts;                         // empty when the heads merge cleanly
  std::optional<catalog::Catalog> merged;  // state of the union replay (when it succeeded)
};

// Analyses the store's current heads (needs at least two; UsageError
// otherwise). Throws DatabaseError when the shadow server fails; a failing
// revision in the base or in a branch is reported as a conflict too.
MergeAnalysis analyze_merge(const revision::RevisionStore& store, const ReplayOptions& options);

// Human-readable report of the conflicts, one block per conflict:
//   conflict: column public.sample.value
//     branch of 2026..._b (revisions 2026..._b): alter column ... -> value integer
//     branch of 2026..._c (revisions 2026..._c): alter column ... -> value text
std::string format_conflicts(const std::vector<Conflict>& conflicts,
                             const std::map<std::string, std::string>& head_origins = {});

}  // namespace reconcile::replay
