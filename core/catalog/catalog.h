// The relational catalog: the one model both sides of every comparison use.
//
// A Catalog is a plain value. It is built either from a LinkML schema (the
// desired state, linkml/mapping) or by introspecting a live database (the
// actual state, db/introspect); diff and planning always compare
// catalog against catalog, never text against text.
//
// Guarantees:
//  * Canonical form. Every textual field holds exactly what PostgreSQL itself
//    reports for the object when the catalog is read with
//    `search_path = pg_catalog` (so every user object is schema-qualified):
//      - Column::type        format_type(atttypid, atttypmod), e.g. "integer",
//                            "character varying(20)", "timestamp with time zone",
//                            "public.mood", "public.\"GenderType\"", "text[]"
//      - Column::default_expr, Column::generated
//                            pg_get_expr(adbin, adrelid), e.g. "0", "'x'::text",
//                            "nextval('public.t_id_seq'::regclass)"
//      - CheckConstraint::expression
//                            pg_get_expr(conbin, conrelid), e.g. "(age >= 0)"
//      - Index::keys         one string per key column as pg_get_indexdef prints it
//                            between the parentheses (expression, collation,
//                            opclass, DESC, NULLS FIRST/LAST), e.g. "lower(name)",
//                            "created_at DESC"
//      - Index::predicate    pg_get_expr(indpred, indrelid)
//    Names are stored unquoted (the real identifier); quoting happens only when
//    SQL is rendered (core/catalog/names.h). Comments are the exact text
//    PostgreSQL stores; an empty comment is no comment (normalize()).
//  * Default names. Constraints and indexes built from LinkML get the names
//    PostgreSQL would give them when created without a name (t_pkey,
//    t_col_fkey, t_a_b_key, t_col_check, t_col_idx, t_col_seq), including its
//    63-byte truncation; see names.h.
//  * Determinism. Maps are ordered; constraint and index vectors are kept
//    sorted by name (Table::normalize); columns keep their table order. JSON
//    serialization and the content hash are therefore stable byte for byte.
//  * Equality (operator==) compares the managed objects only: rename hints and
//    the list of unmanaged objects take no part in it, nor in the hash.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/enum_table.h"
#include "util/error.h"

namespace reconcile::catalog {

// Enum tables: the name in the catalog's JSON form, and the SQL words.
#define RECONCILE_IDENTITIES(X)  \
  X(kNone, "none", "")           \
  X(kAlways, "always", "ALWAYS") \
  X(kByDefault, "by_default", "BY DEFAULT")
enum class Identity { RECONCILE_IDENTITIES(RECONCILE_ENUMERATOR) };
RECONCILE_ENUM_TABLE(Identity, RECONCILE_IDENTITIES);

// ON DELETE / ON UPDATE actions of a foreign key.
#define RECONCILE_FK_ACTIONS(X)          \
  X(kNoAction, "no_action", "NO ACTION") \
  X(kRestrict, "restrict", "RESTRICT")   \
  X(kCascade, "cascade", "CASCADE")      \
  X(kSetNull, "set_null", "SET NULL")    \
  X(kSetDefault, "set_default", "SET DEFAULT")
enum class FkAction { RECONCILE_FK_ACTIONS(RECONCILE_ENUMERATOR) };
RECONCILE_ENUM_TABLE(FkAction, RECONCILE_FK_ACTIONS);

struct Column {
  std::string name;
  std::string type;  // format_type(), see above
  bool not_null = false;
  std::optional<std::string> default_expr;  // pg_get_expr(adbin); absent for identity columns
  Identity identity = Identity::kNone;
  std::optional<std::string> generated;  // expression of GENERATED ALWAYS AS (...) STORED
  std::optional<std::string> collation;  // only when it differs from the type's default; unquoted
  std::optional<std::string> comment;

  bool operator==(const Column&) const = default;
};

struct PrimaryKey {
  std::string name;
  std::vector<std::string> columns;

  bool operator==(const PrimaryKey&) const = default;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_schema;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  FkAction on_delete = FkAction::kNoAction;
  FkAction on_update = FkAction::kNoAction;
  bool deferrable = false;
  bool initially_deferred = false;

  bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
  bool nulls_not_distinct = false;
  bool deferrable = false;
  bool initially_deferred = false;

  bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
  std::string name;
  std::string expression;  // pg_get_expr(conbin), e.g. "(age >= 0)"
  bool no_inherit = false;

  bool operator==(const CheckConstraint&) const = default;
};

// A stand-alone index. Indexes that back a PRIMARY KEY or UNIQUE constraint are
// part of that constraint and never appear here.
struct Index {
  std::string name;
  bool unique = false;
  std::string method = "btree";
  std::vector<std::string> keys;     // see the canonical-form note above
  std::vector<std::string> include;  // INCLUDE (...) column names
  std::optional<std::string> predicate;
  bool nulls_not_distinct = false;

  bool operator==(const Index&) const = default;
};

struct Table {
  std::string name;
  std::vector<Column> columns;  // in table order
  std::optional<PrimaryKey> primary_key;
  std::vector<ForeignKey> foreign_keys;   // sorted by name
  std::vector<UniqueConstraint> uniques;  // sorted by name
  std::vector<CheckConstraint> checks;    // sorted by name
  std::vector<Index> indexes;             // sorted by name
  std::optional<std::string> comment;

  const Column* find_column(const std::string& column) const;
  Column* find_column(const std::string& column);
  // Sorts constraint and index vectors by name and drops empty comments.
  // Call after building a table.
  void normalize();

  bool operator==(const Table&) const = default;
};

struct EnumType {
  std::string name;
  std::vector<std::string> values;  // in sort order (enumsortorder)
  std::optional<std::string> comment;

  bool operator==(const EnumType&) const = default;
};

// A sequence. Sequences that back identity columns are implied by the column
// and never listed; sequences behind SERIAL columns are listed with their owner.
struct Sequence {
  std::string name;
  std::string type = "bigint";  // "smallint", "integer" or "bigint"
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t cache = 1;
  bool cycle = false;
  std::optional<std::string> owned_by_table;  // same schema
  std::optional<std::string> owned_by_column;

  bool operator==(const Sequence&) const = default;
};

struct Extension {
  std::string name;
  std::string schema;  // where its objects live

  bool operator==(const Extension&) const = default;
};

// A column of a view as the view's query returns it.
struct ViewColumn {
  std::string name;
  std::string type;  // format_type()

  auto operator<=>(const ViewColumn&) const = default;
};

// A relation a view reads (a table, view or materialized view), and the
// columns of it that the view uses (sorted; empty when it uses none by name).
struct ViewDependency {
  std::string schema;
  std::string relation;
  std::vector<std::string> columns;

  auto operator<=>(const ViewDependency&) const = default;
};

// A view or materialized view.
//
// Views are compared by PostgreSQL's own normalized text of the query,
// pg_get_viewdef(oid, true) read with `search_path = pg_catalog`, never by
// the text a schema wrote: the desired side gets `definition`, `columns` and
// `depends_on` by building the view in a shadow database (history/replay/
// view_build.h); until then `definition` is empty and only `query` is set.
//
// Equality compares name, materialized, definition, columns, indexes and
// comment; `query`, `with_no_data`, `depends_on` and `documented` describe
// how to create and order it and take no part in it (nor in the hash).
struct View {
  // A column the schema documents for the view (a slot of its class), for
  // the warning when it disagrees with what the query returns.
  struct Documented {
    std::string name;
    std::optional<std::string> type;  // canonical type when the slot gives a range
    SourceLocation where;             // the slot
  };

  std::string name;
  bool materialized = false;
  std::string definition;           // pg_get_viewdef(oid, true); empty before the shadow build
  std::vector<ViewColumn> columns;  // in order
  std::vector<Index> indexes;       // materialized views only; sorted by name
  std::optional<std::string> comment;

  std::string query;                       // the SELECT as the schema wrote it (desired side)
  bool with_no_data = false;               // CREATE MATERIALIZED VIEW ... WITH NO DATA
  std::vector<ViewDependency> depends_on;  // sorted
  std::vector<Documented> documented;      // desired side
  SourceLocation where;                    // of sql_definition (desired side)

  // The SQL text to create it with: `definition` when known, else `query`.
  const std::string& sql() const { return definition.empty() ? query : definition; }

  bool operator==(const View& o) const {
    return name == o.name && materialized == o.materialized && definition == o.definition &&
           columns == o.columns && indexes == o.indexes && comment == o.comment;
  }
};

// A namespace and what it holds. Keys of the maps equal the objects' names.
struct Schema {
  std::string name;
  std::map<std::string, Table> tables;
  std::map<std::string, EnumType> enums;
  std::map<std::string, Sequence> sequences;
  std::map<std::string, View> views;  // views and materialized views
  std::optional<std::string> comment;

  bool operator==(const Schema&) const = default;
};

// Something found in a managed schema that reconcile does not manage (yet):
// functions, triggers, policies, grants, ...
// Listed so that the user sees them; never dropped, never compared.
struct UnmanagedObject {
  std::string kind;  // "view", "materialized view", "function", "trigger", "policy", ...
  std::string schema;
  std::string name;  // for triggers and policies: "table.name"

  auto operator<=>(const UnmanagedObject&) const = default;
};

// A desired-side statement that an object used to have another name, so that
// the diff renames it (keeping data) instead of dropping and re-adding it.
#define RECONCILE_RENAME_KINDS(X) \
  X(kTable, "table")              \
  X(kColumn, "column")            \
  X(kEnum, "enum")                \
  X(kEnumValue, "enum_value")
struct RenameHint {
  enum class Kind { RECONCILE_RENAME_KINDS(RECONCILE_ENUMERATOR) };
  Kind kind = Kind::kTable;
  std::string schema;
  std::string parent;  // the table (kColumn) or the enum (kEnumValue); empty otherwise
  std::string from;
  std::string to;

  auto operator<=>(const RenameHint&) const = default;
};
RECONCILE_ENUM_TABLE(RenameHint::Kind, RECONCILE_RENAME_KINDS);

struct Catalog {
  std::map<std::string, Schema> schemas;
  std::map<std::string, Extension> extensions;
  std::vector<UnmanagedObject> unmanaged;  // sorted; not compared
  std::vector<RenameHint> renames;         // sorted; desired side only; not compared

  const Table* find_table(const std::string& schema, const std::string& table) const;
  const EnumType* find_enum(const std::string& schema, const std::string& name) const;
  const View* find_view(const std::string& schema, const std::string& name) const;
  // Sorts every vector that is kept sorted, normalizes every table and drops
  // empty comments.
  void normalize();

  // Managed objects only (schemas, extensions).
  bool operator==(const Catalog& other) const {
    return schemas == other.schemas && extensions == other.extensions;
  }
};

}  // namespace reconcile::catalog
