// SQL rendering of catalog objects: pure functions from catalog values to
// statements (no trailing ';'). The planner composes these into steps, and
// render_catalog() prints the whole DDL of a catalog (`reconcile sql`).
//
// Guarantees: identifiers are quoted with quote_ident, literals escaped with
// quote_literal; every object is schema-qualified; output is deterministic;
// executing the statements of render_catalog(c) in an empty database and
// introspecting it gives back a catalog equal to c.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace reconcile::catalog {

const char* fk_action_sql(FkAction a);  // "NO ACTION", "CASCADE", ...

// `name type [COLLATE c] [GENERATED ...] [DEFAULT ...] [NOT NULL]`
std::string column_definition_sql(const Column& c);

// CREATE TABLE with columns, primary key, unique and check constraints inline;
// foreign keys only when `with_foreign_keys` (otherwise add them afterwards).
std::string create_table_sql(const std::string& schema, const Table& t, bool with_foreign_keys);
std::string drop_table_sql(const std::string& schema, const std::string& table);

std::string add_foreign_key_sql(const std::string& schema, const std::string& table,
                                const ForeignKey& fk, bool not_valid = false);
std::string add_unique_sql(const std::string& schema, const std::string& table,
                           const UniqueConstraint& u);
std::string add_check_sql(const std::string& schema, const std::string& table,
                          const CheckConstraint& c, bool not_valid = false);
std::string add_primary_key_sql(const std::string& schema, const std::string& table,
                                const PrimaryKey& pk);
std::string drop_constraint_sql(const std::string& schema, const std::string& table,
                                const std::string& name);

// With `concurrently`, the online forms that may run again after an
// interruption: CREATE INDEX CONCURRENTLY IF NOT EXISTS and DROP INDEX
// CONCURRENTLY IF EXISTS.
std::string create_index_sql(const std::string& schema, const std::string& table, const Index& ix,
                             bool concurrently = false);
std::string drop_index_sql(const std::string& schema, const std::string& name,
                           bool concurrently = false);

std::string create_enum_sql(const std::string& schema, const EnumType& e);
std::string drop_enum_sql(const std::string& schema, const std::string& name);

std::string create_sequence_sql(const std::string& schema, const Sequence& s);
// ALTER SEQUENCE ... OWNED BY table.column (empty when the sequence has no owner)
std::string sequence_owned_by_sql(const std::string& schema, const Sequence& s);
std::string drop_sequence_sql(const std::string& schema, const std::string& name);

// CREATE SCHEMA IF NOT EXISTS ("public" and friends may already exist).
std::string create_schema_sql(const std::string& schema);
std::string create_extension_sql(const Extension& e);

// COMMENT ON ... IS '...' (or IS NULL when comment is empty)
std::string comment_on_table_sql(const std::string& schema, const std::string& table,
                                 const std::optional<std::string>& comment);
std::string comment_on_column_sql(const std::string& schema, const std::string& table,
                                  const std::string& column,
                                  const std::optional<std::string>& comment);
std::string comment_on_type_sql(const std::string& schema, const std::string& type,
                                const std::optional<std::string>& comment);
std::string comment_on_schema_sql(const std::string& schema,
                                  const std::optional<std::string>& comment);

// DROP SCHEMA; DROP EXTENSION; ALTER EXTENSION ... SET SCHEMA.
std::string drop_schema_sql(const std::string& schema);
std::string drop_extension_sql(const std::string& name);
std::string alter_extension_schema_sql(const std::string& name, const std::string& schema);

// Renames. `table` / `type` is the name the object has when the statement runs.
std::string rename_table_sql(const std::string& schema, const std::string& from,
                             const std::string& to);
std::string rename_column_sql(const std::string& schema, const std::string& table,
                              const std::string& from, const std::string& to);
std::string rename_type_sql(const std::string& schema, const std::string& from,
                            const std::string& to);
std::string rename_enum_value_sql(const std::string& schema, const std::string& type,
                                  const std::string& from, const std::string& to);
std::string rename_index_sql(const std::string& schema, const std::string& from,
                             const std::string& to);
std::string rename_constraint_sql(const std::string& schema, const std::string& table,
                                  const std::string& from, const std::string& to);

// ALTER TYPE ... ADD VALUE 'v' [BEFORE|AFTER 'neighbor'] (no neighbor: at the end).
std::string add_enum_value_sql(const std::string& schema, const std::string& type,
                               const std::string& value, const std::string& neighbor,
                               bool before_neighbor);

// ALTER SEQUENCE with every option of `s` (type, increment, bounds, start,
// cache, cycle).
std::string alter_sequence_sql(const std::string& schema, const Sequence& s);
// ALTER SEQUENCE ... OWNED BY table.column, or OWNED BY NONE when `s` has no
// owner.
std::string sequence_owner_sql(const std::string& schema, const Sequence& s);

// ALTER TABLE ... ADD COLUMN <column_definition_sql> / DROP COLUMN.
std::string add_column_sql(const std::string& schema, const std::string& table, const Column& c);
std::string drop_column_sql(const std::string& schema, const std::string& table,
                            const std::string& column);
// The CHECK (column IS NOT NULL) that proves a column has no NULL before SET
// NOT NULL, named like PostgreSQL's own names (table_column_not_null).
CheckConstraint not_null_check(const std::string& table, const std::string& column);
// ALTER TABLE ... VALIDATE CONSTRAINT.
std::string validate_constraint_sql(const std::string& schema, const std::string& table,
                                    const std::string& name);

// ALTER TABLE ... ALTER COLUMN statements, one clause each.
enum class ColumnClause {
  kDropExpression,  // DROP EXPRESSION
  kDropIdentity,    // DROP IDENTITY
  kDropDefault,     // DROP DEFAULT
  kSetDefault,      // SET DEFAULT <c.default_expr>
  kDropNotNull,     // DROP NOT NULL
  kSetNotNull,      // SET NOT NULL
  kAddIdentity,     // ADD GENERATED <c.identity> AS IDENTITY
  kSetIdentity,     // SET GENERATED <c.identity>
};
// `c` is the column as the clause leaves it (its name, default, identity).
std::string alter_column_sql(const std::string& schema, const std::string& table, const Column& c,
                             ColumnClause clause);

// How ALTER COLUMN ... TYPE converts the values.
enum class TypeUsing {
  kNone,         // PostgreSQL's own (implicit or assignment) cast
  kCast,         // USING col::type
  kThroughText,  // USING col::text::type (col::text[]::type for arrays); enums
};
// ALTER TABLE ... ALTER COLUMN c TYPE <c.type> [COLLATE ...] [USING ...]. The
// COLLATE clause is rendered when `with_collation`: c.collation, or the
// database default when c has none.
std::string alter_column_type_sql(const std::string& schema, const std::string& table,
                                  const Column& c, bool with_collation, TypeUsing using_);

// The whole catalog as an ordered list of statements: schemas, extensions,
// enum types, sequences, tables (dependency order; FK cycles broken with
// ALTER TABLE ... ADD CONSTRAINT at the end), indexes, comments, ownerships,
// then views (render_views).
std::vector<std::string> render_catalog(const Catalog& c);
// The views of the catalog in creation order (views_in_order), each with
// its indexes and comment.
std::vector<std::string> render_views(const Catalog& c);
// render_catalog joined with ";\n" (and a trailing ";\n").
std::string render_catalog_sql(const Catalog& c);

}  // namespace reconcile::catalog
