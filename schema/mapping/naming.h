// Names the mapping gives to tables, columns, types and indexes.
//
//  * snake_case: what the native profile calls LinkML elements
//    (FieldSample -> field_sample, "code system" -> code_system,
//    HTTPServer -> http_server, camelSlot -> camel_slot).
//  * sqlalchemy_index_name: the `ix_<table>_<column>` names LinkML's
//    generator gets from SQLAlchemy, with its truncation of names over 63
//    characters (name[:55] + "_" + last 4 hex digits of md5(name)).
// All functions are pure.
#pragma once

#include <string>

namespace reconcile::mapping {

std::string snake_case(const std::string& name);

// SQLAlchemy's truncation of a generated name to 63 characters.
std::string sqlalchemy_truncate(const std::string& name);
// "ix_<table>_<column>", truncated like SQLAlchemy.
std::string sqlalchemy_index_name(const std::string& table, const std::string& column);

}  // namespace reconcile::mapping
