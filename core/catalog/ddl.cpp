// SQL rendering of catalog objects (see ddl.h).
#include "core/catalog/ddl.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/catalog/names.h"
#include "core/catalog/view_sql.h"
#include "util/strings.h"

namespace reconcile::catalog {
namespace {

std::string join_idents(const std::vector<std::string>& names) {
  return util::join(names, ", ", [](const std::string& n) { return quote_ident(n); });
}

std::string deferrable_sql(bool deferrable, bool initially_deferred) {
  if (!deferrable) return "";
  return initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string primary_key_clause(const PrimaryKey& pk) {
  return "CONSTRAINT " + quote_ident(pk.name) + " PRIMARY KEY (" + join_idents(pk.columns) + ")";
}

std::string unique_clause(const UniqueConstraint& u) {
  return "CONSTRAINT " + quote_ident(u.name) + " UNIQUE" +
         (u.nulls_not_distinct ? " NULLS NOT DISTINCT" : "") + " (" + join_idents(u.columns) + ")" +
         deferrable_sql(u.deferrable, u.initially_deferred);
}

std::string check_clause(const CheckConstraint& c) {
  return "CONSTRAINT " + quote_ident(c.name) + " CHECK (" + c.expression + ")" +
         (c.no_inherit ? " NO INHERIT" : "");
}

std::string foreign_key_clause(const ForeignKey& fk) {
  std::string s = "CONSTRAINT " + quote_ident(fk.name) + " FOREIGN KEY (" +
                  join_idents(fk.columns) + ") REFERENCES " +
                  qualified(fk.ref_schema, fk.ref_table) + " (" + join_idents(fk.ref_columns) + ")";
  if (fk.on_update != FkAction::kNoAction)
    s += std::string(" ON UPDATE ") + fk_action_sql(fk.on_update);
  if (fk.on_delete != FkAction::kNoAction)
    s += std::string(" ON DELETE ") + fk_action_sql(fk.on_delete);
  s += deferrable_sql(fk.deferrable, fk.initially_deferred);
  return s;
}

std::string alter_table(const std::string& schema, const std::string& table) {
  return "ALTER TABLE " + qualified(schema, table) + " ";
}

using TableKey = std::pair<std::string, std::string>;  // schema, table

// Tables in creation order: Kahn levels over FK references (a table comes
// after the tables it references), ties by (schema, name). When only cycles
// remain, the smallest remaining table is taken next. Linear in tables and
// foreign keys: each level is the set of tables whose last missing
// reference was output in the level before.
std::vector<TableKey> table_order(const Catalog& c) {
  std::map<TableKey, std::set<TableKey>> deps;  // table -> tables it references
  for (const auto& [sname, schema] : c.schemas)
    for (const auto& [tname, table] : schema.tables) {
      auto& d = deps[{sname, tname}];
      for (const auto& fk : table.foreign_keys) {
        TableKey ref{fk.ref_schema, fk.ref_table};
        if (ref != TableKey{sname, tname} && c.find_table(ref.first, ref.second)) d.insert(ref);
      }
    }
  std::map<TableKey, std::vector<TableKey>> dependents;  // table -> tables referencing it
  std::map<TableKey, size_t> missing;                    // references not output yet
  std::set<TableKey> remaining;
  std::set<TableKey> level;
  for (const auto& [key, d] : deps) {
    for (const auto& r : d) dependents[r].push_back(key);
    missing[key] = d.size();
    remaining.insert(key);
    if (d.empty()) level.insert(key);
  }
  std::vector<TableKey> order;
  while (!remaining.empty()) {
    if (level.empty()) level.insert(*remaining.begin());  // only cycles remain
    std::set<TableKey> next;
    for (const auto& k : level) {
      remaining.erase(k);
      order.push_back(k);
    }
    for (const auto& k : level)
      for (const auto& d : dependents[k])
        if (remaining.count(d) && --missing[d] == 0) next.insert(d);
    level = std::move(next);
  }
  return order;
}

std::string create_table_body(const std::string& schema, const Table& t,
                              const std::vector<const ForeignKey*>& fks) {
  std::vector<std::string> items;
  for (const auto& col : t.columns) items.push_back(column_definition_sql(col));
  if (t.primary_key) items.push_back(primary_key_clause(*t.primary_key));
  for (const auto& u : t.uniques) items.push_back(unique_clause(u));
  for (const auto& ch : t.checks) items.push_back(check_clause(ch));
  for (const auto* fk : fks) items.push_back(foreign_key_clause(*fk));
  std::string s = "CREATE TABLE " + qualified(schema, t.name) + " (";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ",\n  " : "\n  ") + items[i];
  s += items.empty() ? ")" : "\n)";
  return s;
}

}  // namespace

const char* fk_action_sql(FkAction a) {
  return util::enum_text(a).data();
}

std::string column_definition_sql(const Column& c) {
  std::string s = quote_ident(c.name) + " " + c.type;
  if (c.collation) s += " COLLATE " + collation_sql(*c.collation);
  if (c.generated) {
    s += " GENERATED ALWAYS AS (" + *c.generated + ") STORED";
  } else if (c.identity != Identity::kNone) {
    s += " GENERATED " + std::string(util::enum_text(c.identity)) + " AS IDENTITY";
  } else if (c.default_expr) {
    s += " DEFAULT " + *c.default_expr;
  }
  if (c.not_null) s += " NOT NULL";
  return s;
}

std::string create_table_sql(const std::string& schema, const Table& t, bool with_foreign_keys) {
  std::vector<const ForeignKey*> fks;
  if (with_foreign_keys)
    for (const auto& fk : t.foreign_keys) fks.push_back(&fk);
  return create_table_body(schema, t, fks);
}

std::string drop_table_sql(const std::string& schema, const std::string& table) {
  return "DROP TABLE " + qualified(schema, table);
}

std::string add_foreign_key_sql(const std::string& schema, const std::string& table,
                                const ForeignKey& fk, bool not_valid) {
  return alter_table(schema, table) + "ADD " + foreign_key_clause(fk) +
         (not_valid ? " NOT VALID" : "");
}

std::string add_unique_sql(const std::string& schema, const std::string& table,
                           const UniqueConstraint& u) {
  return alter_table(schema, table) + "ADD " + unique_clause(u);
}

std::string add_check_sql(const std::string& schema, const std::string& table,
                          const CheckConstraint& c, bool not_valid) {
  return alter_table(schema, table) + "ADD " + check_clause(c) + (not_valid ? " NOT VALID" : "");
}

std::string add_primary_key_sql(const std::string& schema, const std::string& table,
                                const PrimaryKey& pk) {
  return alter_table(schema, table) + "ADD " + primary_key_clause(pk);
}

std::string drop_constraint_sql(const std::string& schema, const std::string& table,
                                const std::string& name) {
  return alter_table(schema, table) + "DROP CONSTRAINT " + quote_ident(name);
}

std::string create_index_sql(const std::string& schema, const std::string& table, const Index& ix,
                             bool concurrently) {
  std::string s = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " +
                  (concurrently ? "CONCURRENTLY IF NOT EXISTS " : "") + quote_ident(ix.name) +
                  " ON " + qualified(schema, table) + " USING " + quote_ident(ix.method) + " (" +
                  util::join(ix.keys, ", ") + ")";
  if (!ix.include.empty()) s += " INCLUDE (" + join_idents(ix.include) + ")";
  if (ix.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (ix.predicate) s += " WHERE " + *ix.predicate;
  return s;
}

std::string drop_index_sql(const std::string& schema, const std::string& name, bool concurrently) {
  return std::string("DROP INDEX ") + (concurrently ? "CONCURRENTLY IF EXISTS " : "") +
         qualified(schema, name);
}

std::string create_enum_sql(const std::string& schema, const EnumType& e) {
  std::string s = "CREATE TYPE " + qualified(schema, e.name) + " AS ENUM (";
  for (size_t i = 0; i < e.values.size(); ++i) s += (i ? ", " : "") + quote_literal(e.values[i]);
  return s + ")";
}

std::string drop_enum_sql(const std::string& schema, const std::string& name) {
  return "DROP TYPE " + qualified(schema, name);
}

namespace {
std::string sequence_options(const Sequence& s) {
  return " AS " + s.type + " INCREMENT BY " + std::to_string(s.increment) + " MINVALUE " +
         std::to_string(s.min_value) + " MAXVALUE " + std::to_string(s.max_value) + " START WITH " +
         std::to_string(s.start) + " CACHE " + std::to_string(s.cache) +
         (s.cycle ? " CYCLE" : " NO CYCLE");
}
}  // namespace

std::string create_sequence_sql(const std::string& schema, const Sequence& s) {
  return "CREATE SEQUENCE " + qualified(schema, s.name) + sequence_options(s);
}

std::string alter_sequence_sql(const std::string& schema, const Sequence& s) {
  return "ALTER SEQUENCE " + qualified(schema, s.name) + sequence_options(s);
}

std::string sequence_owner_sql(const std::string& schema, const Sequence& s) {
  if (s.owned_by_table && s.owned_by_column) return sequence_owned_by_sql(schema, s);
  return "ALTER SEQUENCE " + qualified(schema, s.name) + " OWNED BY NONE";
}

std::string sequence_owned_by_sql(const std::string& schema, const Sequence& s) {
  if (!s.owned_by_table || !s.owned_by_column) return "";
  return "ALTER SEQUENCE " + qualified(schema, s.name) + " OWNED BY " +
         qualified(schema, *s.owned_by_table) + "." + quote_ident(*s.owned_by_column);
}

std::string drop_sequence_sql(const std::string& schema, const std::string& name) {
  return "DROP SEQUENCE " + qualified(schema, name);
}

std::string create_schema_sql(const std::string& schema) {
  return "CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema);
}

std::string create_extension_sql(const Extension& e) {
  return "CREATE EXTENSION IF NOT EXISTS " + quote_ident(e.name) + " SCHEMA " +
         quote_ident(e.schema);
}

namespace {
std::string comment_text(const std::optional<std::string>& comment) {
  return comment && !comment->empty() ? quote_text_literal(*comment) : "NULL";
}
}  // namespace

std::string comment_on_table_sql(const std::string& schema, const std::string& table,
                                 const std::optional<std::string>& comment) {
  return "COMMENT ON TABLE " + qualified(schema, table) + " IS " + comment_text(comment);
}

std::string comment_on_column_sql(const std::string& schema, const std::string& table,
                                  const std::string& column,
                                  const std::optional<std::string>& comment) {
  return "COMMENT ON COLUMN " + qualified(schema, table) + "." + quote_ident(column) + " IS " +
         comment_text(comment);
}

std::string comment_on_type_sql(const std::string& schema, const std::string& type,
                                const std::optional<std::string>& comment) {
  return "COMMENT ON TYPE " + qualified(schema, type) + " IS " + comment_text(comment);
}

std::string comment_on_schema_sql(const std::string& schema,
                                  const std::optional<std::string>& comment) {
  return "COMMENT ON SCHEMA " + quote_ident(schema) + " IS " + comment_text(comment);
}

std::string drop_schema_sql(const std::string& schema) {
  return "DROP SCHEMA " + quote_ident(schema);
}

std::string drop_extension_sql(const std::string& name) {
  return "DROP EXTENSION " + quote_ident(name);
}

std::string alter_extension_schema_sql(const std::string& name, const std::string& schema) {
  return "ALTER EXTENSION " + quote_ident(name) + " SET SCHEMA " + quote_ident(schema);
}

std::string rename_table_sql(const std::string& schema, const std::string& from,
                             const std::string& to) {
  return alter_table(schema, from) + "RENAME TO " + quote_ident(to);
}

std::string rename_column_sql(const std::string& schema, const std::string& table,
                              const std::string& from, const std::string& to) {
  return alter_table(schema, table) + "RENAME COLUMN " + quote_ident(from) + " TO " +
         quote_ident(to);
}

std::string rename_type_sql(const std::string& schema, const std::string& from,
                            const std::string& to) {
  return "ALTER TYPE " + qualified(schema, from) + " RENAME TO " + quote_ident(to);
}

std::string rename_enum_value_sql(const std::string& schema, const std::string& type,
                                  const std::string& from, const std::string& to) {
  return "ALTER TYPE " + qualified(schema, type) + " RENAME VALUE " + quote_literal(from) + " TO " +
         quote_literal(to);
}

std::string rename_index_sql(const std::string& schema, const std::string& from,
                             const std::string& to) {
  return "ALTER INDEX " + qualified(schema, from) + " RENAME TO " + quote_ident(to);
}

std::string rename_constraint_sql(const std::string& schema, const std::string& table,
                                  const std::string& from, const std::string& to) {
  return alter_table(schema, table) + "RENAME CONSTRAINT " + quote_ident(from) + " TO " +
         quote_ident(to);
}

std::string add_enum_value_sql(const std::string& schema, const std::string& type,
                               const std::string& value, const std::string& neighbor,
                               bool before_neighbor) {
  std::string s = "ALTER TYPE " + qualified(schema, type) + " ADD VALUE " + quote_literal(value);
  if (!neighbor.empty())
    s += std::string(before_neighbor ? " BEFORE " : " AFTER ") + quote_literal(neighbor);
  return s;
}

std::string add_column_sql(const std::string& schema, const std::string& table, const Column& c) {
  return alter_table(schema, table) + "ADD COLUMN " + column_definition_sql(c);
}

std::string drop_column_sql(const std::string& schema, const std::string& table,
                            const std::string& column) {
  return alter_table(schema, table) + "DROP COLUMN " + quote_ident(column);
}

CheckConstraint not_null_check(const std::string& table, const std::string& column) {
  CheckConstraint ck;
  ck.name = make_object_name(table, column, "not_null");
  ck.expression = quote_ident(column) + " IS NOT NULL";
  return ck;
}

std::string validate_constraint_sql(const std::string& schema, const std::string& table,
                                    const std::string& name) {
  return alter_table(schema, table) + "VALIDATE CONSTRAINT " + quote_ident(name);
}

std::string alter_column_sql(const std::string& schema, const std::string& table, const Column& c,
                             ColumnClause clause) {
  const std::string at = alter_table(schema, table) + "ALTER COLUMN " + quote_ident(c.name) + " ";
  const std::string identity(util::enum_text(c.identity));
  switch (clause) {
    case ColumnClause::kDropExpression:
      return at + "DROP EXPRESSION";
    case ColumnClause::kDropIdentity:
      return at + "DROP IDENTITY";
    case ColumnClause::kDropDefault:
      return at + "DROP DEFAULT";
    case ColumnClause::kSetDefault:
      return at + "SET DEFAULT " + c.default_expr.value_or("NULL");
    case ColumnClause::kDropNotNull:
      return at + "DROP NOT NULL";
    case ColumnClause::kSetNotNull:
      return at + "SET NOT NULL";
    case ColumnClause::kAddIdentity:
      return at + "ADD GENERATED " + identity + " AS IDENTITY";
    case ColumnClause::kSetIdentity:
      return at + "SET GENERATED " + identity;
  }
  return at;
}

std::string alter_column_type_sql(const std::string& schema, const std::string& table,
                                  const Column& c, bool with_collation, TypeUsing using_) {
  const std::string col = quote_ident(c.name);
  std::string s = alter_table(schema, table) + "ALTER COLUMN " + col + " TYPE " + c.type;
  if (with_collation)
    s += " COLLATE " + (c.collation ? collation_sql(*c.collation) : "pg_catalog.\"default\"");
  switch (using_) {
    case TypeUsing::kNone:
      break;
    case TypeUsing::kCast:
      s += " USING " + col + "::" + c.type;
      break;
    case TypeUsing::kThroughText:
      s += " USING " + col +
           (c.type.size() > 2 && c.type.ends_with("[]") ? "::text[]::" : "::text::") + c.type;
      break;
  }
  return s;
}

std::vector<std::string> render_catalog(const Catalog& c) {
  std::vector<std::string> out;
  for (const auto& [name, _] : c.schemas) out.push_back(create_schema_sql(name));
  for (const auto& [_, ext] : c.extensions) out.push_back(create_extension_sql(ext));
  for (const auto& [sname, schema] : c.schemas)
    for (const auto& [_, e] : schema.enums) out.push_back(create_enum_sql(sname, e));
  for (const auto& [sname, schema] : c.schemas)
    for (const auto& [_, seq] : schema.sequences) out.push_back(create_sequence_sql(sname, seq));

  std::set<TableKey> created;
  std::vector<std::string> deferred_fks;
  for (const auto& key : table_order(c)) {
    const Table& t = c.schemas.at(key.first).tables.at(key.second);
    std::vector<const ForeignKey*> inline_fks;
    for (const auto& fk : t.foreign_keys) {
      TableKey ref{fk.ref_schema, fk.ref_table};
      bool ready = ref == key || created.count(ref) || !c.find_table(ref.first, ref.second);
      if (ready)
        inline_fks.push_back(&fk);
      else
        deferred_fks.push_back(add_foreign_key_sql(key.first, t.name, fk));
    }
    out.push_back(create_table_body(key.first, t, inline_fks));
    created.insert(key);
  }

  for (const auto& [sname, schema] : c.schemas)
    for (const auto& [_, t] : schema.tables)
      for (const auto& ix : t.indexes) out.push_back(create_index_sql(sname, t.name, ix));

  for (const auto& [sname, schema] : c.schemas) {
    if (schema.comment) out.push_back(comment_on_schema_sql(sname, schema.comment));
    for (const auto& [_, e] : schema.enums)
      if (e.comment) out.push_back(comment_on_type_sql(sname, e.name, e.comment));
    for (const auto& [_, t] : schema.tables) {
      if (t.comment) out.push_back(comment_on_table_sql(sname, t.name, t.comment));
      for (const auto& col : t.columns)
        if (col.comment) out.push_back(comment_on_column_sql(sname, t.name, col.name, col.comment));
    }
  }

  for (const auto& [sname, schema] : c.schemas)
    for (const auto& [_, seq] : schema.sequences) {
      std::string owned = sequence_owned_by_sql(sname, seq);
      if (!owned.empty()) out.push_back(owned);
    }
  for (auto& fk : deferred_fks) out.push_back(std::move(fk));
  for (auto& v : render_views(c)) out.push_back(std::move(v));
  return out;
}

std::vector<std::string> render_views(const Catalog& c) {
  std::vector<std::string> out;
  for (const auto& [sname, vname] : views_in_order(c)) {
    const View& v = c.schemas.at(sname).views.at(vname);
    out.push_back(create_view_sql(sname, v));
    for (const auto& ix : v.indexes) out.push_back(create_index_sql(sname, v.name, ix));
    if (v.comment) out.push_back(comment_on_view_sql(sname, v));
  }
  return out;
}

std::string render_catalog_sql(const Catalog& c) {
  std::string out;
  for (const auto& s : render_catalog(c)) out += s + ";\n";
  return out;
}

}  // namespace reconcile::catalog
