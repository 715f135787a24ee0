// `reconcile sql`: the full DDL of the desired schema.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string ref;  // git ref to read the LinkML from; empty = work tree
};

}  // namespace

void register_sql(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sql", "The full DDL of the desired schema");
  cmd->add_option("--ref", opts->ref, "Read the LinkML schema at this git ref")->type_name("REF");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("sql");
  });
}

}  // namespace reconcile::cli
