// `reconcile dev-db start|stop|status|url|reset`: the embedded dev database.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {

void register_dev_db(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("dev-db", "The embedded dev database: start|stop|status|url|reset");
  cmd->require_subcommand(1);
  for (const char* sub : {"start", "stop", "status", "url", "reset"}) {
    CLI::App* s = cmd->add_subcommand(sub, sub);
    std::string name = std::string("dev-db ") + sub;
    on_run(s, ctx, [name] { return not_built(name); });
  }
}

}  // namespace reconcile::cli
