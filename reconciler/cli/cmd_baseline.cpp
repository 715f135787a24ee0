// `reconcile baseline`: adopt an existing database without running SQL.
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string revision;  // empty = the current head
};

}  // namespace

void register_baseline(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("baseline", "Adopt an existing database without running SQL");
  cmd->add_option("revision", opts->revision, "Revision the database is at (default: the head)")->type_name("REV");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("baseline");
  });
}

}  // namespace reconcile::cli
