// The destructive-statement detector (db/apply/destructive.h) on any
// SQL text and on any revision: never crashes or throws anything but
// InputError, and gives the same findings twice.
#include <string>

#include "core/revision/revision.h"
#include "db/apply/destructive.h"
#include "fuzz/fuzz_target.h"
#include "util/error.h"

RECONCILE_FUZZ_TARGET(destructive) {
  using namespace reconcile;
  std::string sql(input);
  auto first = apply::describe_data_loss(sql);
  FUZZ_CHECK(first == apply::describe_data_loss(sql), "findings differ between two runs");

  revision::Revision r;
  r.id = "fuzz";
  r.path = "fuzz.sql";
  r.up = sql;
  r.up_line = 1;
  try {
    (void)apply::destructive_statements(r, apply::Direction::kUp);
  } catch (const InputError&) {
  }
}
