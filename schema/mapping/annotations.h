// Reading reconcile's LinkML annotations (sql_type, sql_default, index,
// unique, on_delete, sql_table, sql_schema, renamed_from, identity).
#pragma once

#include <optional>
#include <string>

#include "schema/catalog/catalog.h"
#include "schema/linkml/model.h"

namespace reconcile::mapping {

using Annotations = linkml::Ordered<linkml::AnnotationValue>;

// The scalar value of annotation `name`, if present and a scalar.
std::optional<std::string> annotation_text(const Annotations& a, const std::string& name);
// True if annotation `name` is a scalar true/True/yes/1.
bool annotation_true(const Annotations& a, const std::string& name);

// "CASCADE", "cascade", "set null", "SET_NULL", ... ; nullopt when unknown.
std::optional<catalog::FkAction> parse_fk_action(const std::string& text);

// A type name as format_type() prints it: varchar(20) -> character
// varying(20), int8 -> bigint, timestamptz -> timestamp with time zone, ...
// Names it does not know are returned lower-cased and trimmed.
std::string canonical_sql_type(const std::string& type);

}  // namespace reconcile::mapping
