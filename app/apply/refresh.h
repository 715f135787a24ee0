// `reconcile apply --refresh`: refresh the materialized views of a database.
//
// Every materialized view of the managed schemas (introspected, so views
// made by any revision count) is refreshed in dependency order, with
// REFRESH MATERIALIZED VIEW CONCURRENTLY when a unique index over plain
// columns allows it (readers are not blocked; run outside a transaction),
// else plainly (ACCESS EXCLUSIVE on the view while its query runs), one
// view per transaction. Throws DatabaseError naming the view that failed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/introspect/introspect.h"

namespace reconcile::apply {

// The statements that ran, in order.
std::vector<std::string> refresh_materialized_views(
    const std::string& url, const introspect::IntrospectOptions& options,
    const std::function<void(const std::string&)>& log = {});

}  // namespace reconcile::apply
