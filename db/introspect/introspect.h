// Introspection: reads a live database into a catalog (the actual state).
//
// Guarantees:
//  * Reads pg_catalog only, inside one read-only REPEATABLE READ transaction
//    with `search_path = pg_catalog`, so every text is in the catalog's
//    canonical form (catalog.h) and every user object is schema-qualified.
//  * A fixed number of queries (one per object kind, filtered on the server by
//    schema), whatever the number of tables; IntrospectStats counts them.
//  * Objects that belong to an extension and reconcile's own bookkeeping
//    schema `reconcile` are left out. Views, materialized views, foreign
//    tables, partitions, functions, procedures, non-internal triggers,
//    policies, rules, exclusion constraints, domains, composite and range
//    types are listed as UnmanagedObject, never silently ignored.
//  * Objects matching an exclude pattern are removed completely.
//  * The result is normalized (Catalog::normalize).
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace reconcile::introspect {

struct IntrospectOptions {
  std::vector<std::string> schemas = {"public"};  // schemas to read
  // fnmatch(3) patterns matched against "schema.name" and against "name" of
  // tables, enums, sequences and unmanaged objects; a match removes the object.
  std::vector<std::string> exclude;
  // Read every schema but the system ones (pg_catalog, information_schema,
  // pg_toast*, pg_temp*) instead of `schemas`, for a caller that learns
  // which it needs only later (restrict_to_schemas()).
  bool all_schemas = false;
  // introspect_url() only: read with one connection, never two (for a caller
  // that already reads another database at the same time).
  bool one_connection = false;
};

struct IntrospectStats {
  int queries = 0;       // statements sent to the server (SET LOCAL included)
  double seconds = 0.0;  // wall time of the whole introspection
  size_t tables = 0;
  size_t columns = 0;
};

// The PostgreSQL-side version of the comment on `public` that every new
// database carries; it is treated as no comment.
inline constexpr const char* kDefaultPublicSchemaComment = "standard public schema";

// Reads the catalog of `conn`. Throws DatabaseError when a query fails.
catalog::Catalog introspect(pqxx::connection& conn, const IntrospectOptions& options,
                            IntrospectStats* stats = nullptr);

// Connects to `url`, then introspect(). Throws DatabaseError (password
// redacted) when the connection fails.
catalog::Catalog introspect_url(const std::string& url, const IntrospectOptions& options,
                                IntrospectStats* stats = nullptr);

// `c` reduced to the objects of `schemas` (schemas, their tables, types,
// sequences, unmanaged objects and extensions): exactly what introspecting
// only those schemas gives.
void restrict_to_schemas(catalog::Catalog& c, const std::vector<std::string>& schemas);

// Splits the column list of a pg_get_indexdef() text (between the parentheses
// after USING method) into its items, honouring quotes and nested parentheses.
// Exposed for tests.
std::vector<std::string> split_index_columns(const std::string& indexdef);

// True when `schema.name` or `name` matches one of the fnmatch patterns.
bool is_excluded(const std::vector<std::string>& patterns, const std::string& schema,
                 const std::string& name);

}  // namespace reconcile::introspect
