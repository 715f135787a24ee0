// LinkML classes that describe views: a class with an `sql_definition`
// annotation is a view (with `materialized: true` a materialized view), in
// both profiles, in the schema its `sql_schema` names (else the target
// schema), named like the profile names the class's table would be.
//
//  * sql_definition must be exactly one SELECT (libpg_query,
//    core/sql/view_query.h); anything else is an error at the annotation.
//  * The class's slots document the view's columns (View::documented); the
//    shadow build compares them with what the query returns
//    (history/replay/view_build.h).
//  * Materialized views get indexes from the annotations tables use:
//    `index: true|gist|...` and `unique: true` on a slot, `index: {name:
//    [slots]}` on the class, and `unique_keys` (as unique indexes);
//    `with_no_data: true` creates the view WITH NO DATA.
//  * `description` is the view's comment.
#pragma once

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/mapping/mapping.h"
#include "linkml/schemaview.h"

namespace reconcile::mapping::detail {

// Adds the views of the schema's view classes to `c`.
void map_views(const linkml::SchemaView& sv, const MappingOptions& options, catalog::Catalog& c,
               linkml::Diagnostics& diagnostics);

}  // namespace reconcile::mapping::detail
