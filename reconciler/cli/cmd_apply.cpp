// `reconcile apply`: apply pending revisions (generating one for unrevised schema changes).
#include <memory>
#include <string>

#include "reconciler/cli/commands.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool allow_destructive = false;
  bool no_generate = false;
  std::string to;
  bool dry_run = false;
  std::string lock_wait;  // e.g. "60s"; empty = reconcile.yaml lock_wait
};

}  // namespace

void register_apply(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("apply", "Apply pending revisions (generating one for unrevised schema changes)");
  cmd->add_flag("--allow-destructive", opts->allow_destructive, "Run steps that delete data");
  cmd->add_flag("--no-generate", opts->no_generate, "Do not generate a revision for unrevised schema changes");
  cmd->add_option("--to", opts->to, "Apply up to this revision")->type_name("REV");
  cmd->add_flag("--dry-run", opts->dry_run, "Show what would run, change nothing");
  cmd->add_option("--lock-wait", opts->lock_wait, "How long to wait for the apply lock (e.g. 60s)")->type_name("S");
  on_run(cmd, ctx, [opts, &ctx] {
    (void)ctx;
    return not_built("apply");
  });
}

}  // namespace reconcile::cli
