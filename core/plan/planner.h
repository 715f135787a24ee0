// Planner: orders the changes of a diff into a plan of SQL steps.
//
// Order. Every step belongs to a layer of the dependency graph between
// statements; a step only depends on steps of earlier layers, so the layers in
// order are a topological order of that graph (ties keep the diff's
// deterministic order):
//   1 create schemas            2 create / move extensions
//   3 renames (tables, enums, columns, enum values) — later layers use new names
//   4 release sequences whose owning column goes away (OWNED BY NONE)
//   5 drop foreign keys (dropped, replaced, on dropped tables, on replaced keys)
//   6 drop indexes, checks, unique constraints, primary keys
//   7 rename constraints and indexes (after the drops free their names)
//   8 drop columns (generated ones first)   9 drop tables (their foreign keys are gone)
//  10 create enums             11 add enum values (own step, outside a transaction)
//  12 recreate enums whose values were removed or reordered
//  13 create / alter sequences 14 create tables (indexes, comments; no FKs)
//  15 add columns              16 alter columns (type, default, nullability, identity)
//  17 add primary keys, unique constraints, checks, indexes
//  18 add foreign keys (after the keys they reference; cycles need no care
//     because every foreign key is its own ALTER TABLE ... ADD CONSTRAINT)
//  19 comments                 20 sequence ownership
//  21 drop enums (after no column uses them), drop sequences
//  22 drop extensions          23 drop schemas
//
// Safety patterns: foreign keys and checks on existing tables are added NOT
// VALID and validated by a second statement; SET NOT NULL on an existing table
// goes through a validated CHECK (col IS NOT NULL) first; type changes use
// `USING col::type` unless the cast is known to be implicit; enum values are
// added with ALTER TYPE ... ADD VALUE BEFORE/AFTER in a step of their own that
// is marked non-transactional: apply must commit what ran before, run the step
// on its own (autocommit) and only then go on, so that later steps may use the
// new value. Removing or reordering enum values recreates the type (rename the
// old one, create the new one, convert the columns through text, drop the old
// one in layer 21).
//
// Down SQL undoes each step where possible (structure only when data is
// deleted; such steps carry NOT_REVERSIBLE). Steps without any down SQL
// (enum value additions, enum recreation) carry NOT_REVERSIBLE too.
#pragma once

#include <vector>

#include "core/catalog/catalog.h"
#include "core/diff/diff.h"
#include "core/plan/plan.h"

namespace reconcile::plan {

struct PlannerOptions {
  // Build and drop indexes on tables that exist before the plan with CREATE
  // INDEX CONCURRENTLY IF NOT EXISTS / DROP INDEX CONCURRENTLY IF EXISTS:
  // each such step runs outside a transaction and takes no lock that blocks
  // reads or writes (reconcile.yaml concurrent_indexes). Indexes of tables
  // the plan creates are always built inside the transaction that creates
  // the table.
  bool concurrent_indexes = true;
};

// diff(from, to) planned. The same catalogs always give the same plan.
Plan make_plan(const catalog::Catalog& from, const catalog::Catalog& to,
               const PlannerOptions& options = {});

// Plans changes produced by diff(from, to) (the same `from` and `to`).
Plan plan_changes(const std::vector<diff::Change>& changes, const catalog::Catalog& from,
                  const catalog::Catalog& to, const PlannerOptions& options = {});

// The USING-free / rewrite-free knowledge the planner uses for type changes.
struct TypeChange {
  bool needs_using = true;  // no implicit or assignment cast is known
  bool rewrites = true;     // not known to be binary coercible
  bool narrows = false;     // may lose data (shorter length, smaller range, ...)
};
TypeChange classify_type_change(const std::string& from_type, const std::string& to_type);

}  // namespace reconcile::plan
