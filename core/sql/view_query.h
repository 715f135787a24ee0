// The query of a view as a schema writes it (a LinkML class's
// `sql_definition`): checked with libpg_query to be exactly one SELECT, and
// the relations it names, for ordering views before PostgreSQL has seen them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sql/fragment.h"

namespace reconcile::sql {

// nullopt when `text` is exactly one SELECT statement (WITH, UNION, VALUES
// included) without INTO, locking clauses (FOR UPDATE) or a data-modifying
// WITH; else why not, with the byte offset when the parser gives one.
std::optional<FragmentError> check_view_query(const std::string& text);

// The relations (schema, name) that the query's FROM clauses name, sorted
// and distinct; schema is empty for an unqualified name. CTE names are left
// out. Empty when the text does not parse.
std::vector<std::pair<std::string, std::string>> view_query_relations(const std::string& text);

}  // namespace reconcile::sql
