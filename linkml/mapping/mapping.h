// LinkML -> relational catalog. Two profiles (docs/mapping.md):
//
//  * kLinkml: the tables, columns, types, keys, indexes and comments of
//    LinkML's `gen-sqltables --dialect postgresql`, so that databases built
//    by it are adopted without renames; where that generator crashes or
//    writes DDL PostgreSQL rejects, the documented deviations apply.
//  * kNative: what PostgreSQL users expect: snake_case names, no tables for
//    abstract classes and mixins, identity surrogate keys, ifabsent ->
//    DEFAULT, minimum/maximum_value -> CHECK, typeof chains followed.
//
// Both honour the annotations sql_type, sql_default, index, unique,
// on_delete, sql_table, sql_schema and renamed_from.
//
// Only checked SQL reaches a catalog: sql_type, sql_default, sql_table and
// sql_schema are validated with libpg_query before mapping (errors with the
// annotation's file:line:col, annotations.h), and every type, default,
// check, index key and name of the result is validated again
// (core/sql/fragment.h); a failure is an error diagnostic ("invalid-sql").
//
// Guarantees: the result is in canonical form (catalog.h) and normalized;
// the same schema and options always give the same catalog; every problem
// (collisions after snake_case or 63-byte truncation, unsupported values,
// references to abstract classes) is a Diagnostic with the LinkML position;
// mapping never throws for bad input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/model.h"

namespace reconcile::mapping {

enum class Profile { kNative, kLinkml };

// "native" / "linkml"; nullopt for anything else.
std::optional<Profile> parse_profile(std::string_view name);
const char* profile_name(Profile p);

struct MappingOptions {
  Profile profile = Profile::kNative;
  std::string target_schema = "public";
  std::vector<std::string> extensions;  // CREATE EXTENSION names (from reconcile.yaml)
};

catalog::Catalog map_schema(const linkml::SchemaDefinition& schema, const MappingOptions& options,
                            linkml::Diagnostics& diagnostics);

}  // namespace reconcile::mapping
