// reconcile.yaml parsing (config/config.h): any text gives a Config
// or an InputError, never a crash or another exception; what a Config offers
// (paths, exclusion patterns, warnings) works on every parsed value.
#include <string>

#include "config/config.h"
#include "fuzz/fuzz_target.h"
#include "util/error.h"

RECONCILE_FUZZ_TARGET(config) {
  using namespace reconcile;
  config::Config c;
  try {
    c = config::parse_config(std::string(input), "/project/reconcile.yaml");
  } catch (const InputError&) {
    return;
  }
  (void)c.resolve(c.schema);
  (void)c.resolve(c.migrations);
  (void)c.excluded("public", "person");
  for (const auto& w : c.warnings) (void)w.to_string();
  FUZZ_CHECK(c.lock_timeout.count() >= 0 && c.lock_wait.count() >= 0, "a negative duration");
}
