// SQL fragments a schema contributes to generated DDL (a column type, a
// DEFAULT, a CHECK, an index key) must be exactly the one construct they
// claim to be, so that splicing them into a statement can never add another
// clause or statement. Each check parses the fragment with libpg_query inside
// the statement it will be spliced into, with a sentinel after it, and
// inspects the parse tree:
//
//  * type name: exactly one type name, with type modifiers that are
//    constants or plain names (`varchar(20)`, `numeric(10,2)`,
//    `geometry(Point,4326)`) and array bounds; no COLLATE, SETOF, %TYPE,
//    constraint or comment; one line.
//  * default: exactly one expression as DEFAULT accepts it; no subquery.
//  * check: exactly one boolean expression; no subquery.
//  * index element: exactly one key of CREATE INDEX (expression or column,
//    with collation, operator class, ordering); no subquery.
//  * identifier: not empty, no NUL byte (identifiers are always quoted with
//    catalog::quote_ident when rendered; this only rejects what cannot be
//    quoted).
//
// Guarantees: a fragment that passes cannot end a statement, start another,
// comment out what follows it, or run a query. Never throws.
#pragma once

#include <optional>
#include <string>

namespace reconcile::sql {

struct FragmentError {
  std::string reason;  // for people: "it is 3 statements", "syntax error at or near \";\""
  int offset = -1;     // 0-based byte offset into the fragment, -1 when unknown
};

std::optional<FragmentError> check_type_name(const std::string& text);
std::optional<FragmentError> check_default_expression(const std::string& text);
std::optional<FragmentError> check_check_expression(const std::string& text);
std::optional<FragmentError> check_index_element(const std::string& text);
std::optional<FragmentError> check_identifier(const std::string& name);

}  // namespace reconcile::sql
