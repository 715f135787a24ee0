// `reconcile baseline`: adopt an existing database without running SQL.
//
// With revision files: records REV and its ancestors (default: every
// revision) as applied. Without any revision yet (a database built by
// another tool): writes a baseline revision holding the full DDL of the
// introspected database, commits it, and records it as applied.
#include <memory>
#include <string>

#include "app/workflow/baseline.h"
#include "cli/commands.h"
#include "cli/observer.h"
#include "config/config.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string revision;  // empty = every revision
  std::string message = "baseline";
  bool no_commit = false;
  std::string lock_wait;
};

int run(Context& ctx, const Options& opts) {
  auto& out = ctx.out();
  CliObserver observer(ctx);
  observer.on_written = [&out](const workflow::Written& w) {
    out << "wrote " << w.file.path << "\n";
    if (w.file.commit)
      out << "committed " << w.file.commit->short_id << " " << w.file.commit->summary << "\n";
    out.flush();
  };
  workflow::BaselineOptions o;
  o.project = project(ctx);
  o.database = database(ctx);
  if (!opts.revision.empty()) o.revision = opts.revision;
  o.message = opts.message;
  o.commit = !opts.no_commit;
  o.lock_wait =
      opts.lock_wait.empty() ? o.project.config.lock_wait : config::parse_duration(opts.lock_wait);
  o.observer = &observer;
  const workflow::BaselineResult result = workflow::run_baseline(o);
  observer.finish();
  for (const auto& id : result.report.recorded)
    out << "recorded " << id << " as applied (no SQL ran)\n";
  if (result.report.recorded.empty())
    out << "nothing to record: every revision is already applied\n";
  return 0;
}

}  // namespace

void register_baseline(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("baseline", "Adopt an existing database without running SQL");
  cmd->add_option("revision", opts->revision,
                  "Revision the database is at (default: every revision)")
      ->type_name("REV");
  cmd->add_option("-m,--message", opts->message, "Message of a new baseline revision")
      ->type_name("MSG");
  cmd->add_flag("--no-commit", opts->no_commit,
                "Write a new baseline revision but do not commit it");
  cmd->add_option("--lock-wait", opts->lock_wait, "How long to wait for the apply lock (e.g. 60s)")
      ->type_name("S");
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
