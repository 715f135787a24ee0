// `reconcile status`: applied, pending, heads and drift in one screen.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool hook = false;
};

}  // namespace

void register_status(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("status", "Applied, pending, heads and drift in one screen");
  cmd->add_flag("--hook", opts->hook, "Short output for git hooks (post-merge, post-checkout)");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("status");
  });
}

}  // namespace reconcile::cli
