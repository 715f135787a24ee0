#include "cli/commands.h"

namespace reconcile::cli {

void register_all(CLI::App& app, Context& ctx) {
  register_init(app, ctx);
  register_sql(app, ctx);
  register_inspect(app, ctx);
  register_diff(app, ctx);
  register_plan(app, ctx);
  register_revision(app, ctx);
  register_rehash(app, ctx);
  register_apply(app, ctx);
  register_downgrade(app, ctx);
  register_status(app, ctx);
  register_history(app, ctx);
  register_heads(app, ctx);
  register_merge(app, ctx);
  register_check(app, ctx);
  register_baseline(app, ctx);
  register_hooks(app, ctx);
  register_dev_db(app, ctx);
  register_version(app, ctx);
  register_completion(app, ctx);
}

}  // namespace reconcile::cli
