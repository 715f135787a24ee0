// Reading reconcile's LinkML annotations (sql_type, sql_default, index,
// unique, on_delete, sql_table, sql_schema, renamed_from, identity).
//
// Annotations whose text reaches SQL are validated with libpg_query
// (core/sql/fragment.h): sql_type must be exactly one type name,
// sql_default exactly one expression, sql_table and sql_schema names that
// can be quoted. check_sql_annotations() reports every violation as an
// error with the annotation's file:line:col; the accessors below return
// nullopt for a value that fails, so it never reaches a catalog.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/model.h"

namespace reconcile::mapping {

using Annotations = linkml::Ordered<linkml::AnnotationValue>;

// The scalar value of annotation `name`, if present and a scalar.
std::optional<std::string> annotation_text(const Annotations& a, const std::string& name);
// True if annotation `name` is a scalar true/True/yes/1.
bool annotation_true(const Annotations& a, const std::string& name);

// The access method of a slot's `index` annotation: "btree" for true,
// the method for `gist`, `brin`, `hash`, `gin` or `spgist` (any case);
// nullopt when the slot has no index (absent, false, anything else).
std::optional<std::string> index_method_annotation(const Annotations& a);

// sql_type in canonical form (canonical_sql_type), when present and both the
// value and its canonical form are exactly one type name.
std::optional<std::string> sql_type_annotation(const Annotations& a);
// sql_default as written, when present and exactly one expression.
std::optional<std::string> sql_default_annotation(const Annotations& a);
// A name annotation (sql_table, sql_schema) when present and a usable name.
std::optional<std::string> name_annotation(const Annotations& a, const std::string& name);

// Errors (code "invalid-sql") for every sql_type, sql_default, sql_table and
// sql_schema annotation of `schema` (classes, attributes, slot_usage, slots,
// types) that the accessors above reject, each with its reason.
void check_sql_annotations(const linkml::SchemaDefinition& schema,
                           linkml::Diagnostics& diagnostics);

// The indexes of a class's `index` annotation (a map: index name -> slot
// names), each key the column `slot_columns` gives for the slot. A slot not
// there is an "invalid-annotation" error naming `owner` (e.g. "class 'C'"),
// and that index is left out.
std::vector<catalog::Index> index_map_annotation(
    const Annotations& a, const std::map<std::string, std::string>& slot_columns,
    const std::string& owner, linkml::Diagnostics& diagnostics);

// "CASCADE", "cascade", "set null", "SET_NULL", ... ; nullopt when unknown.
std::optional<catalog::FkAction> parse_fk_action(const std::string& text);

// A type name as format_type() prints it: varchar(20) -> character
// varying(20), int8 -> bigint, timestamptz -> timestamp with time zone, ...
// Names it does not know are returned lower-cased and trimmed.
std::string canonical_sql_type(const std::string& type);

}  // namespace reconcile::mapping
