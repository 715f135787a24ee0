// Planner: turns the changes of a diff into a plan of SQL steps, ordered by a
// statement graph.
//
// Order. Every step declares what it does to which objects (kind + qualified
// name, catalog::ObjectRef): what it creates, drops, renames and alters, and
// what it needs as the plan leaves it or as it was before (a column's enum
// type, the sequence of a nextval() default, the columns of an index, the key a
// foreign key references; expressions are read with libpg_query). The steps
// are then sorted topologically (core/order/graph.h), so that, for example:
//   * a foreign key is dropped before the table or key it references, and
//     added after both tables and the key;
//   * an enum (or a new enum value) exists before a column or check uses it,
//     and is dropped after the last column of its type is gone;
//   * renames run before anything that uses the new name;
//   * an index or constraint runs after the columns it covers are added or
//     altered, and is dropped before they are;
//   * a generated column is added after the columns it reads are altered;
//   * a name that is freed (a dropped enum, sequence or index) is freed before
//     an object of the same name (a table, say) is created.
// Foreign keys are always steps of their own (ALTER TABLE ... ADD CONSTRAINT
// after the tables), so tables that reference each other form no cycle.
//
// Where the dependencies leave a choice, a fixed preference decides (the
// tie-break: its phase, then the diff's deterministic order):
//   1 create schemas            2 create / move extensions
//   3 renames (tables, enums, columns, enum values)
//   4 release sequences whose owning column goes away (OWNED BY NONE)
//   5 drop foreign keys         6 drop indexes, checks, unique constraints, primary keys
//   7 rename constraints and indexes
//   8 drop columns (generated ones first)   9 drop tables
//  10 create enums             11 add enum values (own step, outside a transaction)
//  12 recreate enums whose values were removed or reordered
//  13 create / alter sequences 14 create tables (indexes, comments; no FKs)
//  15 add columns              16 alter columns (type, default, nullability, identity)
//  17 add primary keys, unique constraints, checks, indexes
//  18 add foreign keys         19 comments                 20 sequence ownership
//  21 drop enums, drop sequences  22 drop extensions       23 drop schemas
// The result is deterministic, byte for byte.
//
// SQL. Every statement text comes from the one renderer, core/catalog/ddl.h;
// the planner only decides which statements a change needs. Each step keeps
// the index of the change it comes from (Step::source into Plan::changes).
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
// one after its last user).
//
// Down SQL undoes each step where possible (structure only when data is
// deleted; such steps carry NOT_REVERSIBLE). Steps without any down SQL
// (enum value additions, enum recreation) carry NOT_REVERSIBLE too.
#pragma once

#include <vector>

#include "core/catalog/catalog.h"
#include "core/diff/diff.h"
#include "core/order/graph.h"
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

// The steps of make_plan(from, to) before ordering, in the order the changes
// made them, and the statement graph over them (node i is step i):
// make_plan's steps are `steps` in the order graph.sort() gives. For tests and
// tools that look at why a step comes where it does.
struct StatementGraph {
  std::vector<Step> steps;
  order::Graph graph;
};
StatementGraph statement_graph(const catalog::Catalog& from, const catalog::Catalog& to,
                               const PlannerOptions& options = {});

// The USING-free / rewrite-free knowledge the planner uses for type changes.
struct TypeChange {
  bool needs_using = true;  // no implicit or assignment cast is known
  bool rewrites = true;     // not known to be binary coercible
  bool narrows = false;     // may lose data (shorter length, smaller range, ...)
};
TypeChange classify_type_change(const std::string& from_type, const std::string& to_type);

}  // namespace reconcile::plan
