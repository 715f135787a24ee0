// What a statement does to data, read from its libpg_query parse tree (never
// from its text). The data-loss guard of `apply` and `downgrade`
// (db/apply/destructive.h) combines these facts with the revision's
// directives and the live database.
//
// Per statement:
//  * deletes: data loss the parse tree proves, wherever it sits (CTEs,
//    sub-statements of CREATE SCHEMA, EXPLAIN, PREPARE): DELETE, UPDATE,
//    MERGE, TRUNCATE, INSERT ... ON CONFLICT DO UPDATE, DROP TABLE /
//    MATERIALIZED VIEW / EXTENSION / DATABASE / OWNED, any DROP ... CASCADE,
//    ALTER TABLE ... DROP COLUMN.
//  * opaque: why the statement cannot be classified: DO blocks, CALL,
//    EXECUTE, COPY, definitions of code (functions, triggers, rules,
//    operators, ...), transaction control, SET search_path, calls of
//    functions not known to be free of side effects in an expression that
//    is evaluated (a SELECT, a USING, a DEFAULT or CHECK evaluated for
//    existing rows is reported as an event instead, see below), and every
//    statement or ALTER TABLE subcommand this module does not recognize.
//  * events: the changes to tables and columns, in order, so that the
//    caller can follow column types through a revision: tables created,
//    dropped and renamed, columns added, dropped, renamed and retyped
//    (ALTER COLUMN TYPE with its new type and its USING), and expressions
//    evaluated over a table's existing rows that call functions not known
//    to be free of side effects.
//
// Guarantees: a statement kind that is not recognized is opaque, never
// safe; text that does not parse is opaque; deterministic. Never throws.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace reconcile::sql {

// A relation as a statement names it.
struct RelationName {
  std::string schema;  // empty when not qualified
  std::string name;

  // "public.t" or "t"
  std::string to_string() const { return schema.empty() ? name : schema + "." + name; }
  auto operator<=>(const RelationName&) const = default;
};

enum class UsingKind {
  kNone,          // no USING clause
  kCastOfColumn,  // USING col::type (possibly several casts) of the column itself
  kExpression,    // anything else
};

struct TableEvent {
  enum class Kind {
    kCreateTable,      // table, columns (name, type; type empty when unknown), columns_known
    kDropTable,        // table
    kRenameTable,      // table -> renamed_to
    kAddColumn,        // table, column, type
    kDropColumn,       // table, column
    kRenameColumn,     // table, column -> new_name
    kAlterColumnType,  // table, column, type (new), using_kind
    kEvaluates,        // table, call: an expression calling `call` runs over existing rows
  };
  Kind kind = Kind::kCreateTable;
  RelationName table;
  std::string column;
  std::string new_name;
  RelationName renamed_to;
  std::string type;  // as format_type prints it where known ("character varying(10)")
  std::vector<std::pair<std::string, std::string>> columns;
  bool columns_known = true;
  UsingKind using_kind = UsingKind::kNone;
  std::string call;
};

struct StatementEffects {
  std::vector<std::string> deletes;  // "deletes rows from victim", "drops table public.t"
  std::vector<std::string> opaque;   // "runs a DO block", "calls function evil()"
  std::vector<TableEvent> events;
};

// The effects of every statement in `sql` together (normally one statement).
// Text that does not parse is opaque.
StatementEffects analyze(const std::string& sql);

// The effects of one parsed statement node ({"DeleteStmt": {...}}).
StatementEffects analyze_statement(const nlohmann::json& stmt);

// A TypeName node as format_type() would print the type: builtin aliases
// resolved (int4 -> integer, varchar(10) -> character varying(10),
// timestamptz(3) -> timestamp(3) with time zone), other names qualified as
// written and quoted where needed, "[]" for arrays. Empty when it cannot say.
std::string format_type_name(const nlohmann::json& type_name);

// True for functions known to have no effect on stored data (lower, now,
// nextval, count, ...): `name` is the function's name as written, either
// unqualified or qualified with pg_catalog.
bool side_effect_free_function(const std::vector<std::string>& name);

}  // namespace reconcile::sql
