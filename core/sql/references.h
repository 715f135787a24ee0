// What an SQL expression kept in the catalog refers to, read from its parse
// tree (libpg_query), so that the planner can order a statement after the
// objects it uses: a DEFAULT that calls nextval() on a sequence, a CHECK that
// compares with an enum value, an index key over columns.
//
// The expressions are those of the catalog's canonical form (catalog.h):
// PostgreSQL prints every user type and sequence schema-qualified, so names
// are compared as given, never resolved through a search path.
//
// Guarantees: never throws; text that does not parse gives no references
// (the caller then relies on its default order); the same text always gives
// the same result.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace reconcile::sql {

struct ExpressionRefs {
  // Column names (the last part of every column reference; index keys that
  // are plain columns too).
  std::set<std::string> columns;
  // Schema-qualified type names in casts: ("public", "mood") for ::public.mood
  // and ::public.mood[].
  std::set<std::pair<std::string, std::string>> types;
  // String constants cast to a schema-qualified type: ("public", "mood", "happy")
  // for 'happy'::public.mood.
  std::set<std::tuple<std::string, std::string, std::string>> typed_literals;
  // Relation names given as text to nextval/currval/setval, as written:
  // "public.t_id_seq" for nextval('public.t_id_seq'::regclass).
  std::set<std::string> sequences;
  // Called functions, by their last name part ("nextval", "lower", "now").
  std::set<std::string> functions;
};

// A scalar expression: a DEFAULT, a CHECK, a generation expression, an
// index predicate.
ExpressionRefs expression_refs(const std::string& expression);
// One key of CREATE INDEX, as it stands between the parentheses
// ("lower(name)", "created_at DESC", "code COLLATE \"C\" text_pattern_ops").
ExpressionRefs index_key_refs(const std::string& key);

}  // namespace reconcile::sql
