// SQL of views and materialized views (statements without trailing ';'),
// and the order views are created in.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/catalog/catalog.h"

namespace reconcile::catalog {

// The view's query (View::sql()) without leading blanks and trailing ';'.
std::string view_query_sql(const View& v);
// CREATE [OR REPLACE] VIEW s.v AS ...;
// CREATE MATERIALIZED VIEW s.v AS ... WITH DATA (WITH NO DATA when asked).
std::string create_view_sql(const std::string& schema, const View& v, bool or_replace = false);
std::string drop_view_sql(const std::string& schema, const View& v);
// REFRESH MATERIALIZED VIEW [CONCURRENTLY] s.v
std::string refresh_view_sql(const std::string& schema, const View& v, bool concurrently);
// COMMENT ON [MATERIALIZED] VIEW s.v IS ... (IS NULL without a comment)
std::string comment_on_view_sql(const std::string& schema, const View& v);
// True when REFRESH ... CONCURRENTLY is possible: a materialized view with a
// unique index over plain columns, without a predicate.
bool can_refresh_concurrently(const View& v);

// (schema, name) of every view of `c` in creation order: a view after the
// views it depends on (View::depends_on; an unqualified dependency matches a
// view of that name in any schema), ties by schema and name. A dependency
// cycle (impossible in PostgreSQL) is broken at the smallest name.
std::vector<std::pair<std::string, std::string>> views_in_order(const Catalog& c);

}  // namespace reconcile::catalog
