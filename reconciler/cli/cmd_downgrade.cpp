// `reconcile downgrade`: run down bodies in reverse order: to REV, or -N revisions.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string target;  // a revision id, or -N
};

}  // namespace

void register_downgrade(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("downgrade", "Run down bodies in reverse order: to REV, or -N revisions");
  cmd->add_option("target", opts->target, "Revision to go back to, or -N to undo N revisions")->type_name("REV|-N");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("downgrade");
  });
}

}  // namespace reconcile::cli
