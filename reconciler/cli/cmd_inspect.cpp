// `reconcile inspect`: the introspected catalog of a database (text or json).
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string url;  // empty = the configured database
};

}  // namespace

void register_inspect(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("inspect", "The introspected catalog of a database (text or json)");
  cmd->add_option("url", opts->url, "Database URL (default: the configured database)")->type_name("URL");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("inspect");
  });
}

}  // namespace reconcile::cli
