#include "schema/mapping/mapping.h"

#include "schema/catalog/names.h"
#include "schema/linkml/schemaview.h"
#include "schema/mapping/profiles.h"

namespace reconcile::mapping {

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
  linkml::SchemaView sv(schema);
  catalog::Catalog c = options.profile == Profile::kLinkml
                           ? detail::map_linkml_profile(sv, options, diagnostics)
                           : detail::map_native_profile(sv, options, diagnostics);
  detail::add_extensions(c, options);
  c.normalize();
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

}  // namespace detail
}  // namespace reconcile::mapping
