// Internal to linkml/mapping: the two profile implementations and what they
// share. Use mapping.h instead.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/mapping/mapping.h"
#include "linkml/schemaview.h"

namespace reconcile::mapping::detail {

catalog::Catalog map_linkml_profile(const linkml::SchemaView& sv, const MappingOptions& options,
                                    linkml::Diagnostics& diagnostics);
catalog::Catalog map_native_profile(const linkml::SchemaView& sv, const MappingOptions& options,
                                    linkml::Diagnostics& diagnostics);

// Detects two LinkML elements that end up with the same SQL name in the same
// scope (after snake_case and PostgreSQL's 63-byte truncation) and reports
// an error naming both, with their positions.
class NameRegistry {
 public:
  // Claims `name` in `scope` for `what` (e.g. "class 'FieldSample'").
  // Returns false (and adds an error) when another element has it already.
  bool claim(const std::string& scope, const std::string& name, const std::string& what,
             const SourceLocation& where, linkml::Diagnostics& diagnostics);

 private:
  std::map<std::pair<std::string, std::string>, std::pair<std::string, SourceLocation>> owners_;
};

// The scope of relation-like names (tables, and enum types, which share
// PostgreSQL's pg_type namespace with tables) in `schema`.
std::string relation_scope(const std::string& schema);
std::string column_scope(const std::string& schema, const std::string& table);

// Adds the extensions of the options to the catalog, and the target schema.
void add_extensions(catalog::Catalog& c, const MappingOptions& options);

// A class with an `sql_definition` annotation describes a view (views.h):
// it gets no table.
bool is_view(const linkml::ClassDefinition& c);

// `range: geometry` / `range: geography` that names no element of the
// schema: a PostGIS type (resolve_postgis).
bool is_postgis_range(const linkml::SchemaView& sv, const std::string& range);
// A column type as the profile computed it (canonical_sql_type, or a bare
// `geometry` from is_postgis_range): a PostGIS type becomes format_type's
// text (postgis.h); other types are returned unchanged. A PostGIS type when
// `postgis` is not among the extensions, or with a modifier PostGIS
// rejects, is an error at `where`.
std::string resolve_postgis(const std::string& type, const MappingOptions& options,
                            const SourceLocation& where, linkml::Diagnostics& diagnostics);

// A unique key over a geometry or geography column cannot be a UNIQUE
// constraint that PostgreSQL enforces for every shape (a btree entry holds
// at most about 2.7 kB). Each such constraint becomes a unique index of the
// same name over md5 of the shape's binary form (postgis_unique_key) and the
// other columns as they are.
void enforceable_geometry_uniques(catalog::Catalog& c, const MappingOptions& options);

// PostgreSQL refuses enum labels over 63 bytes. An enum with such a label
// maps to a text column with a CHECK listing its values; this is the first
// such label, if any.
const linkml::PermissibleValue* long_enum_label(const linkml::EnumDefinition& e);
// The warning for such an enum (at its long label), once per enum.
void warn_long_enum_label(const std::string& name, const linkml::EnumDefinition& e,
                          linkml::Diagnostics& diagnostics);
// The permissible values of an enum, in order.
std::vector<std::string> enum_values(const linkml::EnumDefinition& e);
// `(col = ANY (ARRAY['a'::text, ...]))` (one value: `(col = 'a'::text)`),
// as pg_get_expr() prints a CHECK (col IN (...)) on a text column.
std::string in_list_check(const std::string& column, const std::vector<std::string>& values);

}  // namespace reconcile::mapping::detail
