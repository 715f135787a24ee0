// Deterministic JSON form of a catalog, and its content hash.
//
// Layout (keys always sorted, as nlohmann::json's default object does):
//   {
//     "extensions": [ {"name", "schema"} ... ]            sorted by name
//     "renames":    [ {"kind": "table"|"column"|"enum"|"enum_value",
//                      "schema", "parent", "from", "to"} ... ]
//     "schemas":    [ {"name", "comment"?,
//                      "enums":     [ {"name", "values": [..], "comment"?} ],
//                      "sequences": [ {"name", "type", "start", "increment",
//                                      "min_value", "max_value", "cache", "cycle",
//                                      "owned_by_table"?, "owned_by_column"?} ],
//                      "tables":    [ {"name", "comment"?,
//                          "columns": [ {"name", "type", "not_null",
//                                        "identity": "none"|"always"|"by_default",
//                                        "default"?, "generated"?, "collation"?,
//                                        "comment"?} ],           table order
//                          "primary_key"?: {"name", "columns"},
//                          "foreign_keys": [ {"name", "columns", "ref_schema",
//                                             "ref_table", "ref_columns",
//                                             "on_delete", "on_update",   "no_action"|
//                                             "deferrable",               "restrict"|"cascade"|
//                                             "initially_deferred"} ],    "set_null"|"set_default"
//                          "uniques": [ {"name", "columns", "nulls_not_distinct",
//                                        "deferrable", "initially_deferred"} ],
//                          "checks":  [ {"name", "expression", "no_inherit"} ],
//                          "indexes": [ {"name", "unique", "method", "keys",
//                                        "include", "predicate"?, "nulls_not_distinct"} ]
//                      } ]                                  sorted by name
//                      "views"?:    [ {"name", "materialized", "definition", "comment"?,
//                          "columns": [ {"name", "type"} ], "indexes": [ as above ],
//                          and in to_json only (not compared, not hashed):
//                          "query", "with_no_data", "where",
//                          "depends_on": [ {"schema", "relation", "columns"} ],
//                          "documented": [ {"name", "type"?, "where"} ]
//                      } ]       sorted by name; left out when the schema has none
//                    } ]                                    sorted by name
//     "unmanaged":  [ {"kind", "schema", "name"} ... ]     sorted
//   }
// Fields marked ? are left out when absent; every other field is always
// present. Vectors keep the catalog's own order. from_json(to_json(c)) equals c
// including renames and unmanaged objects; to_json output is stable byte for
// byte for equal catalogs.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/catalog/catalog.h"

namespace reconcile::catalog {

nlohmann::json to_json(const Catalog& c);
// Throws InputError on a document that does not have the layout above.
Catalog catalog_from_json(const nlohmann::json& j);

// to_json(c).dump(indent); invalid UTF-8 is replaced, never thrown on.
std::string to_json_string(const Catalog& c, int indent = 2);

// The managed objects only (schemas and extensions, not renames nor unmanaged
// objects), as compact canonical JSON.
std::string canonical_json(const Catalog& c);
// "sha256:<64 hex>" of canonical_json(c). Equal catalogs (operator==) have
// equal hashes.
std::string content_hash(const Catalog& c);

// nlohmann ADL hooks, so that `nlohmann::json j = catalog;` works.
void to_json(nlohmann::json& j, const Catalog& c);
void from_json(const nlohmann::json& j, Catalog& c);

}  // namespace reconcile::catalog
