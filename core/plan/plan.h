// A plan: the ordered steps that turn one catalog into another.
//
// Produced by the planner (core/plan/planner.h) from the changes the
// diff finds; consumed by `plan`/`diff` output, revision files and apply.
//
// Guarantees:
//  * Steps are in dependency order; running every step's `up` in order turns
//    the `from` catalog into the `to` catalog, and planning again gives an
//    empty plan (minimality).
//  * Running the `down` statements of all steps in reverse step order undoes
//    the plan, provided no step carries Hazard::kNotReversible.
//  * The same two catalogs always give the same plan, byte for byte.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diff/diff.h"
#include "util/enum_table.h"

namespace reconcile::plan {

// Named after pg-schema-diff's hazards where they mean the same thing.
// clang-format off
#define RECONCILE_HAZARDS(X)                                                  \
  /* DROP TABLE / DROP COLUMN / enum value removal / narrowing type */        \
  X(kDeletesData, "DELETES_DATA")                                             \
  /* type change needing a rewrite, ADD COLUMN with volatile default */       \
  X(kRewritesTable, "REWRITES_TABLE")                                         \
  /* takes ACCESS EXCLUSIVE on an existing table */                           \
  X(kAccessExclusiveLock, "TAKES_ACCESS_EXCLUSIVE_LOCK")                      \
  /* no down SQL can restore the previous state (data is gone) */             \
  X(kNotReversible, "NOT_REVERSIBLE")                                         \
  /* CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE */                   \
  X(kCannotRunInTransaction, "CANNOT_RUN_IN_TRANSACTION")                     \
  /* builds an index on an existing table */                                  \
  X(kIndexBuild, "INDEX_BUILD")                                               \
  /* scans the table to validate a constraint */                              \
  X(kValidatesConstraint, "VALIDATES_CONSTRAINT")                             \
  /* runs a materialized view's query (create WITH DATA, REFRESH): can take  \
     long, and locks the view (ACCESS EXCLUSIVE unless CONCURRENTLY) */      \
  X(kRefreshesMaterializedView, "REFRESHES_MATERIALIZED_VIEW")
// clang-format on
enum class Hazard { RECONCILE_HAZARDS(RECONCILE_ENUMERATOR) };
RECONCILE_ENUM_TABLE(Hazard, RECONCILE_HAZARDS);

// "DELETES_DATA", "REWRITES_TABLE", "TAKES_ACCESS_EXCLUSIVE_LOCK", "NOT_REVERSIBLE",
// "CANNOT_RUN_IN_TRANSACTION", "INDEX_BUILD", "VALIDATES_CONSTRAINT",
// "REFRESHES_MATERIALIZED_VIEW".
const char* hazard_name(Hazard h);
// The hazard a name (as hazard_name prints it) stands for; nullopt otherwise.
std::optional<Hazard> hazard_from_name(std::string_view name);
// Every hazard, in enum order.
const std::vector<Hazard>& all_hazards();

struct Step {
  std::string summary;               // one line for people: "add column public.person.age integer"
  std::vector<std::string> up;       // SQL statements, each without the trailing ';'
  std::vector<std::string> down;     // statements that undo `up`, in the order to run them
  bool transactional = true;         // false: must run outside a transaction block
  std::vector<Hazard> hazards;       // sorted, unique
  std::vector<std::string> objects;  // touched objects, e.g. "public.person", "public.person.age"
  // The change this step comes from: an index into Plan::changes (a step that
  // does part of a change, such as a new table's foreign key, names that
  // change too). Empty only for steps made by hand.
  std::optional<size_t> source;

  bool has(Hazard h) const;
};

struct Plan {
  std::vector<Step> steps;
  // Objects of either side that reconcile does not manage (views, functions,
  // triggers, ...): not compared, but named in every rendering so that "No
  // changes" never hides them. Sorted, distinct, "kind schema.name".
  std::vector<std::string> not_compared;
  // The diff's changes that the steps implement, in the diff's order.
  std::vector<diff::Change> changes;

  bool empty() const { return steps.empty(); }
  bool has(Hazard h) const;
  // All up statements, each followed by ";\n".
  std::string up_sql() const;
  // All down statements (steps in reverse order), each followed by ";\n".
  std::string down_sql() const;
};

}  // namespace reconcile::plan
