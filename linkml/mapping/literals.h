// LinkML values as PostgreSQL expressions, in canonical form: exactly the
// text pg_get_expr() prints for the DEFAULT or CHECK that the mapping creates
// (verified against PostgreSQL 15), so that a mapped catalog and the
// catalog introspected after applying it compare equal.
//
//  * numeric constants: 5, '-5'::integer, '3000000000'::bigint, 1.5,
//    '-1.5'::numeric
//  * checks: (age >= 0), ((age >= 0) AND (age <= 200)),
//    (x >= (0)::double precision), ((w)::numeric >= 0.5)
//  * ifabsent defaults: 'x'::text, 5, true, '2020-01-01'::date, now(),
//    CURRENT_DATE, 'v'::public.mood
#pragma once

#include <optional>
#include <string>

namespace reconcile::mapping {

enum class ConstKind { kInt4, kInt8, kNumeric };

struct NumericConst {
  ConstKind kind = ConstKind::kInt4;
  std::string text;  // as pg_get_expr prints the constant on its own
};

// A decimal literal ("5", "-5", "1.5", "+0.25"); nullopt for anything else
// (exponents, NaN, words).
std::optional<NumericConst> parse_numeric(const std::string& literal);

// The CHECK expression for minimum/maximum bounds on a column of canonical
// type `type` (integer, bigint, smallint, numeric, double precision).
// nullopt when the type or a bound is not supported.
std::optional<std::string> range_check_expression(const std::string& column,
                                                  const std::string& type,
                                                  const std::optional<std::string>& minimum,
                                                  const std::optional<std::string>& maximum);

// The DEFAULT for a LinkML `ifabsent` value on a column of canonical type
// `type`. On failure returns nullopt and sets `why`.
std::optional<std::string> ifabsent_default(const std::string& ifabsent, const std::string& type,
                                            std::string& why);

}  // namespace reconcile::mapping
