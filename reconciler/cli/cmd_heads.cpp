// `reconcile heads`: heads, with the commit and branches that brought each.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {};

}  // namespace

void register_heads(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("heads", "Heads, with the commit and branches that brought each");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("heads");
  });
}

}  // namespace reconcile::cli
