#include "linkml/mapping/views.h"

#include <map>

#include "core/catalog/names.h"
#include "core/sql/view_query.h"
#include "linkml/mapping/annotations.h"
#include "linkml/mapping/naming.h"
#include "linkml/mapping/profiles.h"

namespace reconcile::mapping::detail {
namespace {

// The column type a slot documents, when its range is a LinkML built-in
// type whose column type does not depend on the profile.
std::optional<std::string> documented_type(const linkml::SlotDefinition& s) {
  if (auto t = sql_type_annotation(s.annotations)) return *t;
  if (!s.range) return std::nullopt;
  static const std::map<std::string, std::string> kTypes = {
      {"string", "text"},
      {"integer", "integer"},
      {"boolean", "boolean"},
      {"float", "double precision"},
      {"double", "double precision"},
      {"decimal", "numeric"},
      {"date", "date"},
  };
  auto it = kTypes.find(*s.range);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void map_views(const linkml::SchemaView& sv, const MappingOptions& options, catalog::Catalog& c,
               linkml::Diagnostics& diagnostics) {
  const bool native = options.profile == Profile::kNative;
  for (const auto& [cls, def] : sv.schema().classes) {
    if (!is_view(def) || def.abstract.value_or(false) || def.mixin.value_or(false)) continue;
    const linkml::AnnotationValue* sd = def.annotations.find("sql_definition");
    if (sd->is_list || sd->is_map) {
      diagnostics.error("invalid-sql", "sql_definition of class '" + cls + "' must be a text",
                        sd->where, "write the SELECT as a (block) scalar");
      continue;
    }
    if (auto e = sql::check_view_query(sd->scalar)) {
      std::string at = e->offset >= 0
                           ? " (at byte " + std::to_string(e->offset + 1) + " of the definition)"
                           : "";
      diagnostics.error(
          "invalid-sql",
          "sql_definition of class '" + cls + "' is not exactly one SELECT: " + e->reason + at,
          sd->where, "write one SELECT statement (no ';'-separated statements)");
      continue;
    }
    catalog::View v;
    if (auto t = name_annotation(def.annotations, "sql_table"))
      v.name = bounded_name(*t);
    else
      v.name = native ? bounded_name(snake_case(cls)) : catalog::truncate_identifier(cls);
    const std::string schema =
        name_annotation(def.annotations, "sql_schema").value_or(options.target_schema);
    v.materialized = annotation_true(def.annotations, "materialized");
    v.with_no_data = annotation_true(def.annotations, "with_no_data");
    v.query = sd->scalar;
    v.comment = def.description;
    v.where = sd->where;
    for (const auto& [rs, rn] : sql::view_query_relations(v.query))
      v.depends_on.push_back({rs, rn, {}});

    std::map<std::string, std::string> slot_columns;
    for (const auto& s : sv.class_induced_slots(cls)) {
      if (s.multivalued.value_or(false)) continue;
      const std::string col = native ? bounded_name(snake_case(s.alias.value_or(s.name)))
                                     : catalog::truncate_identifier(s.alias.value_or(s.name));
      slot_columns[s.name] = col;
      v.documented.push_back({col, documented_type(s), s.where});
      if (!v.materialized) continue;
      if (auto method = index_method_annotation(s.annotations)) {
        catalog::Index ix;
        ix.name = bounded_object_name(v.name, col, "idx");
        ix.method = *method;
        ix.keys = {catalog::quote_ident(col)};
        v.indexes.push_back(std::move(ix));
      }
      if (annotation_true(s.annotations, "unique")) {
        catalog::Index ix;
        ix.name = bounded_object_name(v.name, col, "key");
        ix.unique = true;
        ix.keys = {catalog::quote_ident(col)};
        v.indexes.push_back(std::move(ix));
      }
    }
    if (v.materialized) {
      for (const auto& [ukname, uk] : def.unique_keys) {
        catalog::Index ix;
        ix.unique = true;
        std::vector<std::string> cols;
        bool ok = true;
        for (const auto& sl : uk.slots) {
          auto it = slot_columns.find(sl);
          if (it == slot_columns.end()) {
            diagnostics.error("invalid-annotation",
                              "unique key '" + ukname + "' of view class '" + cls + "' names '" +
                                  sl + "', which is not a single-valued slot of the class",
                              uk.where);
            ok = false;
            break;
          }
          cols.push_back(it->second);
          ix.keys.push_back(catalog::quote_ident(it->second));
        }
        if (!ok) continue;
        ix.name = bounded_object_name(v.name, cols, "key");
        ix.nulls_not_distinct =
            uk.consider_nulls_inequal.has_value() && !*uk.consider_nulls_inequal;
        v.indexes.push_back(std::move(ix));
      }
      for (auto& ix : index_map_annotation(def.annotations, slot_columns,
                                           "view class '" + cls + "'", diagnostics))
        v.indexes.push_back(std::move(ix));
    } else if (def.annotations.find("with_no_data") || !def.unique_keys.empty()) {
      diagnostics.warn("view-option-ignored",
                       "class '" + cls +
                           "' is a plain view: with_no_data and unique keys apply to materialized "
                           "views only",
                       def.where, "add `materialized: true`, or remove them");
    }
    catalog::Schema& sch = c.schemas[schema];
    sch.name = schema;
    if (sch.tables.count(v.name)) {
      diagnostics.error("name-collision",
                        "view class '" + cls + "' and a table both map to \"" + v.name +
                            "\" in schema \"" + schema + "\"",
                        def.where, "give the view its own name (sql_table annotation)");
      continue;
    }
    sch.views[v.name] = std::move(v);
  }
}

}  // namespace reconcile::mapping::detail
