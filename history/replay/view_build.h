// Views of a desired catalog built in a shadow database, so that they are
// compared by PostgreSQL's normalized text, never by the text a schema wrote.
//
// build_views() creates a shadow database (shadow.h: own unprivileged role;
// the configured extensions installed by the server role), builds the
// desired catalog's schemas, types and tables in it, then creates each view
// from its `query` in views_in_order, and reads back, for every view,
// pg_get_viewdef, its columns and the relations and columns it reads
// (pg_depend). Those replace the view's `definition`, `columns` and
// `depends_on` in `desired`.
//
// Guarantees: a view PostgreSQL rejects is an InputError at the view's
// sql_definition with PostgreSQL's message; the shadow database is dropped
// in every case. A catalog without views is left as it is, and no shadow
// database is made.
#pragma once

#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "history/replay/replay.h"
#include "util/error.h"

namespace reconcile::replay {

// A documented column (View::documented) that disagrees with the query.
struct ViewColumnWarning {
  std::string message;
  SourceLocation where;
};

std::vector<ViewColumnWarning> build_views(const ReplayOptions& options, catalog::Catalog& desired);

// The warnings for one view whose columns are known: a documented column the
// query does not return, or returns with another type (when the slot gives
// one), and a returned column no slot documents.
std::vector<ViewColumnWarning> check_documented_columns(const std::string& schema,
                                                        const catalog::View& v);

}  // namespace reconcile::replay
