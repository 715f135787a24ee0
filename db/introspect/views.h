// Introspection of views and materialized views (part of introspect()).
//
// For every view and materialized view of the managed schemas (not one that
// an extension owns, nor one an `exclude` pattern matches): its definition
// as pg_get_viewdef(oid, true) prints it under `search_path = pg_catalog`,
// its columns (name, format_type), its comment, the relations and columns
// it reads (pg_rewrite -> pg_depend), and the indexes of materialized views
// (as for tables). One query, whatever the number of views.
#pragma once

#include <functional>
#include <string>

#include <pqxx/pqxx>

#include "core/catalog/catalog.h"

namespace reconcile::introspect {

struct ViewQueries {
  // Runs a catalog query with $1 = the text[] of managed schemas.
  std::function<pqxx::result(const std::string&)> run;
  // True when an exclude pattern matches schema.name.
  std::function<bool(const std::string&, const std::string&)> excluded;
  // "pg_get_indexdef(..)" -> its key texts (split_index_columns).
  std::function<std::vector<std::string>(const std::string&)> index_keys;
  // The NULLS NOT DISTINCT column of pg_index (or "null::bool").
  std::string nulls_not_distinct;
};

// Adds the views to `cat` (schemas it names must exist already).
void read_views(const ViewQueries& q, catalog::Catalog& cat);

}  // namespace reconcile::introspect
