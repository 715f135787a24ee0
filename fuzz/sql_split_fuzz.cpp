// The SQL statement splitter used for revision bodies (Revision::up_statements,
// libpg_query's splitter with its scanner as fallback): it throws only
// InputError, and every statement it returns is a non-empty piece of the body
// that does not end in ';', with a line number inside the body.
#include <algorithm>
#include <string>

#include "core/revision/revision.h"
#include "fuzz/fuzz_target.h"
#include "util/error.h"

RECONCILE_FUZZ_TARGET(sql_split) {
  using namespace reconcile;
  revision::Revision r;
  r.path = "fuzz.sql";
  r.up = std::string(input);
  r.up_line = 1;
  std::vector<revision::Statement> statements;
  try {
    statements = r.up_statements();
  } catch (const InputError&) {
    return;
  }
  // SQL cannot hold a NUL byte: such a body is an InputError, never split.
  FUZZ_CHECK(r.up.find('\0') == std::string::npos, "a body with a NUL byte was split");
  const std::string& seen = r.up;
  int lines = 1 + static_cast<int>(std::count(seen.begin(), seen.end(), '\n'));
  int previous_line = 0;
  for (const auto& s : statements) {
    FUZZ_CHECK(!s.sql.empty(), "an empty statement");
    FUZZ_CHECK(s.sql.back() != ';', "a statement ends in ';': " + s.sql);
    FUZZ_CHECK(seen.find(s.sql) != std::string::npos,
               "a statement is not part of the body: " + s.sql);
    FUZZ_CHECK(s.line >= 1 && s.line <= lines && s.line >= previous_line,
               "statement line " + std::to_string(s.line) + " outside the body or out of order");
    previous_line = s.line;
  }
}
