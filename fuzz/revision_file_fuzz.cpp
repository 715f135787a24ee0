// The revision file parser (core/revision/revision.h): parse_revision
// throws only InputError; a parsed file formats back to a file that parses to
// the same revision, and formatting is idempotent; its bodies split into
// statements or give an InputError.
#include <string>

#include "core/revision/revision.h"
#include "fuzz/fuzz_target.h"
#include "util/error.h"

namespace {

std::string with_final_newline(const std::string& body) {
  return body.empty() || body.back() == '\n' ? body : body + "\n";
}

}  // namespace

RECONCILE_FUZZ_TARGET(revision_file) {
  using namespace reconcile;
  revision::Revision r;
  try {
    r = revision::parse_revision(std::string(input), "fuzz.sql");
  } catch (const InputError&) {
    return;
  }
  std::string text = revision::format_revision(r);
  revision::Revision again;
  try {
    again = revision::parse_revision(text, "fuzz.sql");
  } catch (const InputError& e) {
    FUZZ_CHECK(false,
               "a formatted revision does not parse: " + std::string(e.what()) + "\n" + text);
  }
  FUZZ_CHECK(again.id == r.id && again.parents == r.parents && again.checksum == r.checksum &&
                 again.schema_hash == r.schema_hash,
             "the header changed through format and parse:\n" + text);
  FUZZ_CHECK(again.up == with_final_newline(r.up) && again.down == with_final_newline(r.down),
             "a body changed through format and parse:\n" + text);
  FUZZ_CHECK(revision::format_revision(again) == text, "formatting is not idempotent:\n" + text);
  for (const revision::Revision* rev : {&r, &again}) {
    try {
      (void)rev->up_statements();
    } catch (const InputError&) {
    }
    try {
      (void)rev->down_statements();
    } catch (const InputError&) {
    }
  }
}
