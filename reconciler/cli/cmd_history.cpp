// `reconcile history`: the revision DAG (also --format mermaid).
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool graph = false;
};

}  // namespace

void register_history(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("history", "The revision DAG (also --format mermaid)");
  cmd->add_flag("--graph", opts->graph, "Draw the DAG");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("history");
  });
}

}  // namespace reconcile::cli
