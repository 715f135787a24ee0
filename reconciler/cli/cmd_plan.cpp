// `reconcile plan`: the migration from the live (or dev) database to the LinkML schema.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string ref;
  bool detailed_exitcode = false;
};

}  // namespace

void register_plan(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("plan", "The migration from the live (or dev) database to the LinkML schema");
  cmd->add_option("--ref", opts->ref, "Read the LinkML schema at this git ref")->type_name("REF");
  cmd->add_flag("--detailed-exitcode", opts->detailed_exitcode, "Exit 2 when the plan is not empty, 0 when it is");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("plan");
  });
}

}  // namespace reconcile::cli
