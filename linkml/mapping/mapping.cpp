#include "linkml/mapping/mapping.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/catalog/names.h"
#include "core/sql/fragment.h"
#include "linkml/mapping/annotations.h"
#include "linkml/mapping/postgis.h"
#include "linkml/mapping/profiles.h"
#include "linkml/mapping/views.h"
#include "linkml/schemaview.h"

namespace reconcile::mapping {
namespace {

// Every piece of SQL text in the mapped catalog is checked once more, so
// that nothing reaches DDL unparsed whichever path produced it: types,
// defaults, generated expressions, checks, index keys and predicates, and
// every name. The annotations were checked (with their positions) before
// mapping; a failure here names the object.
void check_catalog_sql(const catalog::Catalog& c, const std::string& root,
                       linkml::Diagnostics& diagnostics) {
  using Check = std::function<std::optional<sql::FragmentError>(const std::string&)>;
  std::map<std::pair<int, std::string>, std::optional<sql::FragmentError>> seen;
  auto run = [&](int kind, const Check& check, const std::string& text, const std::string& what) {
    auto key = std::make_pair(kind, text);
    auto it = seen.find(key);
    if (it == seen.end()) it = seen.emplace(key, check(text)).first;
    if (it->second)
      diagnostics.error(
          "invalid-sql",
          what + " `" + text + "` is not valid SQL of its kind: " + it->second->reason,
          SourceLocation{root, 0, 0});
  };
  const Check type = sql::check_type_name, deflt = sql::check_default_expression,
              expr = sql::check_check_expression, key = sql::check_index_element,
              name = sql::check_identifier;
  for (const auto& [sn, schema] : c.schemas) {
    run(4, name, sn, "schema name");
    for (const auto& [en, e] : schema.enums) run(4, name, en, "enum name");
    for (const auto& [qn, q] : schema.sequences) run(4, name, qn, "sequence name");
    for (const auto& [tn, t] : schema.tables) {
      const std::string table = sn + "." + tn;
      run(4, name, tn, "table name");
      for (const auto& col : t.columns) {
        const std::string what = "column " + table + "." + col.name;
        run(4, name, col.name, what + ": the name");
        run(0, type, col.type, what + ": the type");
        if (col.default_expr) run(1, deflt, *col.default_expr, what + ": the default");
        if (col.generated) run(2, expr, *col.generated, what + ": the generated expression");
      }
      for (const auto& ch : t.checks) run(2, expr, ch.expression, "check " + table + "." + ch.name);
      for (const auto& ix : t.indexes) {
        for (const auto& k : ix.keys) run(3, key, k, "index " + table + "." + ix.name + ": a key");
        if (ix.predicate)
          run(2, expr, *ix.predicate, "index " + table + "." + ix.name + ": the predicate");
      }
    }
  }
}

}  // namespace

std::optional<Profile> parse_profile(std::string_view name) {
  if (name == "native") return Profile::kNative;
  if (name == "linkml") return Profile::kLinkml;
  return std::nullopt;
}

const char* profile_name(Profile p) {
  return p == Profile::kLinkml ? "linkml" : "native";
}

catalog::Catalog map_schema(const linkml::SchemaDefinition& schema, const MappingOptions& options,
                            linkml::Diagnostics& diagnostics) {
  check_sql_annotations(schema, diagnostics);
  linkml::SchemaView sv(schema);
  catalog::Catalog c = options.profile == Profile::kLinkml
                           ? detail::map_linkml_profile(sv, options, diagnostics)
                           : detail::map_native_profile(sv, options, diagnostics);
  detail::map_views(sv, options, c, diagnostics);
  detail::add_extensions(c, options);
  detail::enforceable_geometry_uniques(c, options);
  c.normalize();
  check_catalog_sql(c, schema.root_path, diagnostics);
  return c;
}

namespace detail {

bool NameRegistry::claim(const std::string& scope, const std::string& name, const std::string& what,
                         const SourceLocation& where, linkml::Diagnostics& diagnostics) {
  std::string truncated = catalog::truncate_identifier(name);
  auto key = std::make_pair(scope, truncated);
  auto it = owners_.find(key);
  if (it == owners_.end()) {
    owners_.emplace(key, std::make_pair(what, where));
    return true;
  }
  if (it->second.first == what) return true;
  std::string other = it->second.first;
  if (it->second.second.known()) other += " (" + it->second.second.to_string() + ")";
  std::string how = truncated == name ? "" : " (after truncation to 63 bytes)";
  diagnostics.error(
      "name-collision",
      what + " and " + other + " both map to \"" + truncated + "\"" + how + " in " + scope, where,
      "rename one of them, or give it its own SQL name (sql_table annotation on a "
      "class, alias on a slot)");
  return false;
}

std::string relation_scope(const std::string& schema) {
  return "schema \"" + schema + "\" (tables and types)";
}

std::string column_scope(const std::string& schema, const std::string& table) {
  return "table \"" + schema + "\".\"" + table + "\"";
}

void add_extensions(catalog::Catalog& c, const MappingOptions& options) {
  c.schemas[options.target_schema].name = options.target_schema;
  for (const auto& e : options.extensions)
    c.extensions[e] = catalog::Extension{e, options.target_schema};
}

bool is_postgis_range(const linkml::SchemaView& sv, const std::string& range) {
  return (range == "geometry" || range == "geography") && !sv.get_type(range) &&
         !sv.get_class(range) && !sv.get_enum(range);
}

std::string resolve_postgis(const std::string& type, const MappingOptions& options,
                            const SourceLocation& where, linkml::Diagnostics& diagnostics) {
  std::string error;
  auto t = parse_postgis_type(type, error);
  if (!error.empty()) {
    diagnostics.error("invalid-sql", "the PostGIS type `" + type + "` is not valid: " + error,
                      where, "write e.g. geometry(Point,4326) or geography(MultiPolygon,4326)");
    return type;
  }
  if (!t) return type;
  if (std::find(options.extensions.begin(), options.extensions.end(), "postgis") ==
      options.extensions.end()) {
    diagnostics.error("postgis-required",
                      "the column type `" + type +
                          "` is a PostGIS type, and the project does not list the postgis "
                          "extension",
                      where, "add `extensions: [postgis]` to reconcile.yaml");
    return type;
  }
  return postgis_type_sql(*t, options.target_schema);
}

void enforceable_geometry_uniques(catalog::Catalog& c, const MappingOptions& options) {
  for (auto& [_, schema] : c.schemas) {
    for (auto& [tn, t] : schema.tables) {
      std::vector<catalog::UniqueConstraint> kept;
      for (auto& u : t.uniques) {
        catalog::Index ix;
        ix.name = u.name;
        ix.unique = true;
        ix.nulls_not_distinct = u.nulls_not_distinct;
        bool geometry = false;
        for (const auto& col : u.columns) {
          const catalog::Column* column = t.find_column(col);
          if (column && is_postgis_column_type(column->type, options.target_schema)) {
            geometry = true;
            ix.keys.push_back(postgis_unique_key(col, column->type, options.target_schema));
          } else {
            ix.keys.push_back(catalog::quote_ident(col));
          }
        }
        if (geometry)
          t.indexes.push_back(std::move(ix));
        else
          kept.push_back(std::move(u));
      }
      t.uniques = std::move(kept);
    }
  }
}

bool is_view(const linkml::ClassDefinition& c) {
  return c.annotations.contains("sql_definition");
}

const linkml::PermissibleValue* long_enum_label(const linkml::EnumDefinition& e) {
  for (const auto& [text, pv] : e.permissible_values)
    if (text.size() > catalog::kMaxIdentifierBytes) return &pv;
  return nullptr;
}

void warn_long_enum_label(const std::string& name, const linkml::EnumDefinition& e,
                          linkml::Diagnostics& diagnostics) {
  const linkml::PermissibleValue* pv = long_enum_label(e);
  if (!pv) return;
  diagnostics.warn("long-enum-label",
                   "permissible value '" + pv->text + "' of enum '" + name + "' is " +
                       std::to_string(pv->text.size()) +
                       " bytes long, and PostgreSQL enum labels are at most 63 bytes; columns of "
                       "this enum are text with a CHECK listing its values instead of an enum type",
                   pv->where, "shorten the value if an enum type is wanted");
}

std::vector<std::string> enum_values(const linkml::EnumDefinition& e) {
  std::vector<std::string> out;
  for (const auto& [text, pv] : e.permissible_values) out.push_back(text);
  return out;
}

std::string in_list_check(const std::string& column, const std::vector<std::string>& values) {
  const std::string col = catalog::quote_ident(column);
  if (values.size() == 1) return "(" + col + " = " + catalog::quote_literal(values[0]) + "::text)";
  std::string list;
  for (const auto& v : values)
    list += (list.empty() ? "" : ", ") + catalog::quote_literal(v) + "::text";
  return "(" + col + " = ANY (ARRAY[" + list + "]))";
}

}  // namespace detail
}  // namespace reconcile::mapping
