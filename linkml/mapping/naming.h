// Names the mapping gives to tables, columns, types and indexes.
//
//  * snake_case: what the native profile calls LinkML elements
//    (FieldSample -> field_sample, "code system" -> code_system,
//    HTTPServer -> http_server, camelSlot -> camel_slot).
//  * sqlalchemy_index_name: the `ix_<table>_<column>` names LinkML's
//    generator gets from SQLAlchemy, with its truncation of names over 63
//    characters (name[:55] + "_" + last 4 hex digits of md5(name)).
//  * bounded_name / bounded_object_name: how reconcile fits a generated
//    name into PostgreSQL's 63 bytes (it would otherwise truncate it, and
//    two long names could become one). A name that fits is kept as it is;
//    a longer one becomes a readable prefix, '_', and 8 hex digits of the
//    SHA-256 of the full name (plus '_' and the label for object names,
//    so `…_fkey` stays recognisable). Deterministic, never over 63 bytes,
//    never splits a UTF-8 character; two different long names get two
//    different results unless their hashes collide (one chance in 2^32,
//    which the mapping reports as a name collision).
// All functions are pure.
#pragma once

#include <string>
#include <vector>

namespace reconcile::mapping {

std::string snake_case(const std::string& name);

// SQLAlchemy's truncation of a generated name to 63 characters.
std::string sqlalchemy_truncate(const std::string& name);
// "ix_<table>_<column>", truncated like SQLAlchemy.
std::string sqlalchemy_index_name(const std::string& table, const std::string& column);

// An identifier as SQLAlchemy's PostgreSQL dialect writes it: quoted when it
// has upper case, characters outside [a-z0-9_$], a leading digit or '$', or
// is one of SQLAlchemy's reserved words.
std::string sqlalchemy_quote(const std::string& name);

// The length of the hash part of a bounded name.
inline constexpr size_t kNameHashChars = 8;

// `full` if it fits in 63 bytes, else prefix + "_" + hash8(full).
std::string bounded_name(const std::string& full);
// "name1_name2_label" (name2 may be empty) if it fits in 63 bytes, else
// prefix of "name1_name2" + "_" + hash8(full) + "_" + label. Equal to
// PostgreSQL's own default name whenever that needs no truncation.
std::string bounded_object_name(const std::string& name1, const std::string& name2,
                                const std::string& label);
// bounded_object_name with column names joined by '_' as name2.
std::string bounded_object_name(const std::string& table, const std::vector<std::string>& columns,
                                const std::string& label);

}  // namespace reconcile::mapping
