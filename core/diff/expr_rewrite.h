// Small text rewrites of canonical SQL expressions and type names, used to
// carry renames into the `from` catalog before it is compared (diff.h).
//
// They work on PostgreSQL's own canonical output (pg_get_expr, format_type),
// skip string literals, and only touch whole identifiers. A rewrite that
// misses a reference is harmless: the object then compares as different and
// is replaced.
#pragma once

#include <string>
#include <string_view>

#include "util/strings.h"

namespace reconcile::diff {

// Every occurrence of `from` replaced by `to`.
using util::replace_all;

// Replaces references to the column `from` by `to` (quoted as needed): whole
// identifiers outside string literals that are not a type (after "::"), not
// qualified (before or after "."), and not a function name (before "(").
std::string rename_identifier(std::string_view expr, std::string_view from, std::string_view to);

// Replaces the qualified type name `old_q` (as format_type prints it) by
// `new_q` wherever it stands as a whole name (a column type, "x[]", or a cast).
std::string rename_type_reference(std::string_view text, std::string_view old_q,
                                  std::string_view new_q);

}  // namespace reconcile::diff
