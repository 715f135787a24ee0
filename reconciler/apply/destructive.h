// Destructive statements in revision bodies: what `apply` refuses without
// --allow-destructive (hazard DELETES_DATA).
//
// Revision files are SQL that people may edit, so destructiveness is decided
// from the statements themselves (parsed with libpg_query, PG15 grammar), not
// from the plan that once produced them. A statement deletes data when it is
//   DROP TABLE, DROP SCHEMA, DROP TYPE (columns of the type go with it),
//   any DROP ... CASCADE,
//   ALTER TABLE ... DROP COLUMN,
//   TRUNCATE, DELETE, DROP DATABASE.
// Not detected: type changes that narrow a column (the old type is not in the
// statement), and data loss inside functions or DO blocks. A statement the
// parser does not understand is not reported (it is still run as written).
//
// Guarantees: deterministic; findings in statement order.
#pragma once

#include <string>
#include <vector>

#include "reconciler/apply/runner.h"
#include "reconciler/revision/revision.h"
#include "schema/error.h"

namespace reconcile::apply {

struct DestructiveStatement {
  std::string revision;
  SourceLocation where;  // revision file and line of the statement
  std::string what;      // "drops table public.sample", "drops column public.person.age"

  auto operator<=>(const DestructiveStatement&) const = default;
};

// What `sql` (one or more statements) deletes, one phrase per finding
// ("drops table public.t"); empty when nothing.
std::vector<std::string> describe_data_loss(const std::string& sql);

// The destructive statements of `r`'s body in `direction`.
std::vector<DestructiveStatement> destructive_statements(const revision::Revision& r,
                                                         Direction direction);

// A RefusedError listing each finding ("file:line: revision X drops table
// public.t"), with the hint to re-run `command` with --allow-destructive.
RefusedError refuse_destructive(const std::vector<DestructiveStatement>& findings,
                                const std::string& command);

}  // namespace reconcile::apply
