// The one wrapper around libpg_query (PostgreSQL 15 grammar): everything in
// reconcile that must understand SQL text goes through this module (revision
// bodies, the data-loss classifier, the SQL fragments a LinkML schema
// contributes).
//
//  * parse()  a script into its raw parse tree (libpg_query's JSON form).
//  * split()  a script into statements by byte range (the parser's splitter,
//             falling back to its scanner for syntax PG15 does not know; text
//             the scanner does not take for a statement still becomes one, so
//             no text is ever dropped).
//
// Guarantees: never throws for bad SQL (errors are values with a byte
// offset; a NUL byte anywhere is such an error, since libpg_query would not
// see the text after it); no global state; the same input always gives the same result.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reconcile::sql {

// A syntax error: PostgreSQL's message and the 0-based byte offset into the
// input where it was found (-1 when the parser does not say).
struct SyntaxError {
  std::string message;
  int offset = -1;
};

struct ParseResult {
  // The statements: each element is {"stmt": {<NodeName>: {...}}, ...} as
  // libpg_query prints them (an empty script gives an empty array).
  nlohmann::json statements = nlohmann::json::array();
  std::optional<SyntaxError> error;  // set when the text does not parse

  bool ok() const { return !error.has_value(); }
};

ParseResult parse(const std::string& sql);

// One statement of a script: bytes [begin, end) of the script, from just
// after the previous statement's ';' (so leading comments are included) up to
// the end of the statement (its ';' excluded).
struct StatementRange {
  size_t begin = 0;
  size_t end = 0;
};

struct SplitResult {
  std::vector<StatementRange> statements;
  // False when the parser rejected the script and the scanner split it: the
  // statements are then not known to be valid PostgreSQL 15 SQL.
  bool parsed = true;
  std::optional<SyntaxError> error;  // the scanner failed too (unterminated quote, ...)

  bool ok() const { return !error.has_value(); }
};

SplitResult split(const std::string& script);

// The node name of a parse-tree node ({"SelectStmt": {...}} -> "SelectStmt");
// empty for anything that is not a one-key object.
std::string node_name(const nlohmann::json& node);

// The dotted name a list of String nodes spells ("pg_catalog.lower"); empty
// strings when an element is not a String (A_Star gives "*").
std::vector<std::string> name_list(const nlohmann::json& names);

}  // namespace reconcile::sql
