// `reconcile hooks install|uninstall`: git hooks (post-merge, post-checkout,
// post-rewrite) that run `reconcile status --hook`.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {

void register_hooks(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "hooks", "Install or remove the git hooks: post-merge, post-checkout, post-rewrite");
  cmd->require_subcommand(1);
  CLI::App* install = cmd->add_subcommand("install", "Install the git hooks");
  CLI::App* uninstall = cmd->add_subcommand("uninstall", "Remove the git hooks reconcile installed");
  on_run(install, ctx, [] { return not_built("hooks install"); });
  on_run(uninstall, ctx, [] { return not_built("hooks uninstall"); });
}

}  // namespace reconcile::cli
