// Identifier quoting, literal escaping and PostgreSQL's default object names.
//
// Everything that renders SQL goes through these functions, so that hostile
// identifiers (quotes, spaces, upper case, reserved words, 63-byte names) are
// always safe, and names chosen for unnamed constraints match the ones
// PostgreSQL would choose itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reconcile::catalog {

// PostgreSQL's NAMEDATALEN - 1.
inline constexpr size_t kMaxIdentifierBytes = 63;

// Quotes an identifier exactly like PostgreSQL's quote_ident(): anything but
// [a-z_][a-z0-9_]* (so '$', upper case, spaces and the empty name too) or a
// keyword that is not unreserved ("user", "order", "select", ...) is quoted.
std::string quote_ident(std::string_view name);
// "schema"."name" with each part quoted as needed.
std::string qualified(std::string_view schema, std::string_view name);
// The name in a COLLATE clause. The catalog keeps a collation as
// pg_collation.collname (unqualified), so this is one identifier quoted like
// quote_ident: "C.utf8" stays one name, never split at the dot. Every
// renderer of COLLATE (DDL and plans) uses it.
std::string collation_sql(std::string_view collation);
// A string literal: 'it''s'. Backslashes are safe (standard_conforming_strings).
std::string quote_literal(std::string_view value);
// A string literal that reads the same whatever standard_conforming_strings
// says, like PostgreSQL's quote_literal(): 'it''s', or E'a\\b' (backslashes
// doubled) when the value has a backslash. For free text such as comments.
std::string quote_text_literal(std::string_view value);

// Truncates an identifier to 63 bytes the way PostgreSQL does (never splitting
// a UTF-8 character).
std::string truncate_identifier(std::string_view name);

// PostgreSQL's makeObjectName(name1, name2, label): joins "name1_name2_label",
// shortening name1 and/or name2 (the longer one first) so the result fits in
// 63 bytes. name2 may be empty.
std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label);

// Default names PostgreSQL gives to unnamed objects (without the numeric
// suffix it adds on collisions):
std::string default_pkey_name(std::string_view table);  // t_pkey
std::string default_fkey_name(std::string_view table,
                              const std::vector<std::string>& cols);  // t_a_b_fkey
std::string default_unique_name(std::string_view table,
                                const std::vector<std::string>& cols);  // t_a_b_key
std::string default_check_name(std::string_view table,
                               std::string_view column);  // t_col_check / t_check
std::string default_index_name(std::string_view table,
                               const std::vector<std::string>& cols);  // t_a_b_idx
std::string default_serial_sequence_name(std::string_view table,
                                         std::string_view column);  // t_col_seq

}  // namespace reconcile::catalog
