// The data-loss guard of `apply` and `downgrade`: which statements of the
// revisions about to run delete data, or cannot be shown not to, and so are
// refused without --allow-destructive (exit 3).
//
// Revision files are SQL that people may edit, so every statement is judged
// from its libpg_query parse tree (core/sql/classify.h), never from its
// text, and from the directives in the file (revision.h):
//
//  * DELETES (always refused without the flag; no directive clears it):
//    what the parse tree proves: DELETE, UPDATE, MERGE, TRUNCATE,
//    INSERT ... ON CONFLICT DO UPDATE anywhere in the statement (CTEs
//    included); DROP TABLE / MATERIALIZED VIEW / EXTENSION / DATABASE /
//    OWNED and any DROP ... CASCADE; ALTER TABLE ... DROP COLUMN; an
//    ALTER COLUMN ... TYPE that narrows the column (decided with
//    plan::classify_type_change against the column's type at that point of
//    the run: the live database's, followed through the statements that run
//    before it); and every statement marked `-- reconcile:hazard
//    DELETES_DATA` (the planner writes that for its own data-deleting steps).
//  * UNCLASSIFIED (refused without the flag unless the statement carries a
//    `-- reconcile:hazard ...` directive, which records that a person or the
//    planner decided its hazards): what the parse tree cannot decide: DO
//    blocks, CALL, EXECUTE, COPY, definitions of code (functions, triggers,
//    rules, ...), transaction control, SET search_path, calls of functions
//    not known to be free of side effects where they run (a SELECT, a USING,
//    a DEFAULT or CHECK evaluated over the rows of a table that existed
//    before the run), a type change with a USING expression other than a
//    cast of the column, a type change whose current column type is not
//    known, text that does not parse, and any statement kind the classifier
//    does not recognize. An unknown statement is never assumed safe.
//
// Guarantees: deterministic; findings in run order; a statement with both a
// proven and an unclassified finding reports both.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/revision/revision.h"
#include "core/sql/classify.h"
#include "db/apply/runner.h"
#include "util/error.h"

namespace reconcile::apply {

enum class DataLoss {
  kDeletes,       // proven (or declared) to delete data
  kUnclassified,  // cannot be shown not to delete data
};

struct DestructiveStatement {
  std::string revision;
  SourceLocation where;  // revision file and line of the statement
  std::string what;      // "drops table public.sample", "runs a DO block (...)"
  DataLoss kind = DataLoss::kDeletes;

  auto operator<=>(const DestructiveStatement&) const = default;
};

// The tables that exist before a run, as the data-loss guard sees them.
class LiveTables {
 public:
  struct Table {
    std::string schema;
    std::map<std::string, std::string> columns;  // name -> format_type()
  };
  virtual ~LiveTables() = default;
  // The table `name` resolves to now (search_path applied to unqualified
  // names), or nullopt when there is none.
  virtual std::optional<Table> find(const sql::RelationName& name) = 0;
  // The schema CREATE TABLE puts an unqualified table in (current_schema()).
  virtual std::string creation_schema() = 0;
};

// LiveTables read from `conn` (lazily, one query per table; cached).
std::unique_ptr<LiveTables> live_tables(pqxx::connection& conn);

// Follows tables and column types through the statements of one run (the
// revisions in the order they will run) and reports what each statement
// deletes or leaves unclassified.
class DataLossGuard {
 public:
  // `live` may be null: then no table is known to exist before the run.
  explicit DataLossGuard(LiveTables* live);
  ~DataLossGuard();

  // The findings for `r`'s body in `direction`; call in run order.
  std::vector<DestructiveStatement> check(const revision::Revision& r, Direction direction);
  // The findings for one statement (revision id and file are left empty).
  std::vector<DestructiveStatement> check(const revision::Statement& s);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// DataLossGuard(nullptr).check(r, direction): the findings for one revision
// as if no table existed before it.
std::vector<DestructiveStatement> destructive_statements(const revision::Revision& r,
                                                         Direction direction);

// What `sql` (one or more statements) is proven to delete, one phrase per
// finding ("drops table public.t"); empty when nothing.
std::vector<std::string> describe_data_loss(const std::string& sql);

// A RefusedError listing each finding ("file:line: revision X drops table
// public.t"), with the hint to review and re-run `command` with
// --allow-destructive (and, for unclassified statements, how to mark them).
RefusedError refuse_destructive(const std::vector<DestructiveStatement>& findings,
                                const std::string& command);

}  // namespace reconcile::apply
