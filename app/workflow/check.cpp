#include "app/workflow/check.h"

#include "app/check/runner.h"

namespace reconcile::workflow {

check::Report run_check(const CheckOptions& options) {
  check::RunOptions ro;
  ro.config = options.project.config;
  ro.schema_path = options.project.schema_path;
  ro.profile = options.project.profile;
  ro.migrations_dir = options.project.migrations_dir;
  ro.database_url = options.database_url;
  ro.replay = options.replay;
  ro.strict = options.project.strict;
  ro.display_root = options.display_root;
  ro.on_diagnostics = diagnostics_to(options.observer);
  ro.progress = progress_to(options.observer);
  return check::run_checks(ro);
}

}  // namespace reconcile::workflow
