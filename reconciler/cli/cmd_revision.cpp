// `reconcile revision`: write the plan as a revision and commit it.
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

void register_revision(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("revision", "Write the plan as a revision and commit it");
  cmd->add_option("-m,--message", opts->message, "Revision message")->required()->type_name("MSG");
  cmd->add_flag("--no-commit", opts->no_commit, "Write the revision file but do not commit it");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("revision");
  });
}

}  // namespace reconcile::cli
