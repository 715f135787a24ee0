// `reconcile merge`: write a merge revision over all heads, with conflict detection.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string message;
  bool no_commit = false;
};

}  // namespace

void register_merge(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("merge", "Write a merge revision over all heads, with conflict detection");
  cmd->add_option("-m,--message", opts->message, "Merge revision message")->type_name("MSG");
  cmd->add_flag("--no-commit", opts->no_commit, "Write the revision file but do not commit it");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("merge");
  });
}

}  // namespace reconcile::cli
