// `reconcile downgrade`: run down bodies in reverse order: to REV, or -N revisions.
#include <memory>
#include <string>

#include "app/workflow/downgrade.h"
#include "cli/commands.h"
#include "cli/lock_options.h"
#include "cli/observer.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string target;  // a revision id, "base", or -N
  bool allow_destructive = false;
  bool force = false;
  bool dry_run = false;
  LockCliOptions lock;
};

int run(Context& ctx, const Options& opts) {
  workflow::DowngradeOptions o;
  if (opts.target.empty()) {
    o.steps = 1;
  } else if (opts.target[0] == '-') {
    try {
      size_t used = 0;
      o.steps = std::stoi(opts.target.substr(1), &used);
      if (used + 1 != opts.target.size() || o.steps < 1) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw UsageError("downgrade: expected REV, base or -N (N >= 1), got " + opts.target);
    }
  } else {
    o.target = opts.target;
  }
  CliObserver observer(ctx);
  o.project = project(ctx);
  o.database = database(ctx);
  o.allow_destructive = opts.allow_destructive;
  o.force = opts.force;
  o.dry_run = opts.dry_run;
  o.lock_wait = resolve_lock_options(o.project.config, opts.lock, o.lock);
  o.observer = &observer;
  const workflow::DowngradeResult result = workflow::run_downgrade(o);
  observer.finish();

  const apply::ApplyReport& report = result.report;
  auto& out = ctx.out();
  if (opts.dry_run) {
    if (report.planned.empty()) {
      out << "nothing to downgrade\n";
      return 0;
    }
    for (const auto& id : report.planned) {
      const auto& r = result.store.get(id);
      out << "-- downgrade " << id << (r.message.empty() ? "" : " (" + r.message + ")") << "\n";
      out << (r.down.empty() ? "-- (no down body)\n" : r.down);
    }
    for (const auto& d : report.destructive)
      out << (d.kind == apply::DataLoss::kDeletes ? "-- deletes data: "
                                                  : "-- cannot be classified: ")
          << (d.where.known() ? d.where.to_string() + ": " : std::string()) << d.revision << " "
          << d.what << "\n";
    return 0;
  }
  for (const auto& s : report.done)
    out << "downgraded " << s.id << " (" << s.statements << " statements, " << s.duration_ms
        << " ms)\n";
  if (report.done.empty()) out << "nothing to downgrade\n";
  return 0;
}

}  // namespace

void register_downgrade(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("downgrade", "Run down bodies in reverse order: to REV, or -N revisions");
  cmd->add_option(
         "target", opts->target,
         "Revision to go back to (it stays applied), base to undo everything, or -N to undo "
         "the last N revisions (default -1)")
      ->type_name("REV|-N");
  cmd->add_flag("--allow-destructive", opts->allow_destructive,
                "Run down statements that delete data or cannot be classified");
  cmd->add_flag(
      "--force", opts->force,
      "Forget revisions without a down body (their changes stay) and ignore files edited after "
      "they were applied (a file whose checksum header does not match is still refused)");
  cmd->add_flag("--dry-run", opts->dry_run, "Show what would run, change nothing");
  add_lock_options(cmd, opts->lock);
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
