// `reconcile apply`: apply pending revisions (generating one for unrevised schema changes).
//
// Before applying, the LinkML schema is compared with the state the revision
// history leads to (the head revision's schema hash, and when that differs,
// a replay of the history): changes no revision covers are written as a new
// revision and committed first; with --no-generate they are refused instead
// (exit 2, PENDING_CHANGES). Then the pending revisions run
// (app/apply/apply.h).
//
// Concurrency: the apply lock on the database is taken first, and the
// revision files are read, compared, generated and committed under it (and
// under the project's generation lock, .reconcile/generate.lock, which
// serialises applies to different databases from one work tree). So several
// applies started at once on an edited schema write one revision and one
// commit; the others find it written, and apply it or report that it is
// applied. The git commit itself respects git's index lock (gitsync/commit.h).
#include <iostream>
#include <memory>
#include <string>

#include "app/apply/refresh.h"
#include "app/workflow/apply.h"
#include "cli/commands.h"
#include "cli/lock_options.h"
#include "cli/observer.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool allow_destructive = false;
  bool no_generate = false;
  std::string to;
  bool dry_run = false;
  bool refresh = false;
  LockCliOptions lock;
};

int run(Context& ctx, const Options& opts) {
  auto& out = ctx.out();
  CliObserver observer(ctx);
  observer.on_written = [&out](const workflow::Written& w) {
    out << "wrote revision " << w.file.revision.id << " (" << w.file.revision.message << ")\n";
    if (w.file.commit) {
      out << "committed " << w.file.commit->short_id << " " << w.file.commit->summary << "\n";
      for (const auto& f : w.committed) out << "  " << f << "\n";
    }
    out.flush();
  };
  workflow::ApplyOptions o;
  o.project = project(ctx);
  o.database = database(ctx);
  o.allow_destructive = opts.allow_destructive;
  o.generate = !opts.no_generate;
  if (!opts.to.empty()) o.to = opts.to;
  o.dry_run = opts.dry_run;
  o.lock_wait = resolve_lock_options(o.project.config, opts.lock, o.lock);
  o.observer = &observer;
  const workflow::ApplyResult result = workflow::run_apply(o);
  observer.finish();

  if (result.stopped) {
    out << "PENDING_CHANGES: the LinkML schema has changes that no revision covers:\n";
    for (const auto& s : result.unrevised->plan.steps) out << "  " << s.summary << "\n";
    out.flush();
    std::cerr << "reconcile: apply: refusing with --no-generate; run `reconcile revision -m MSG` "
                 "to write them as a revision, or apply without --no-generate\n";
    return 2;
  }
  const apply::ApplyReport& report = result.report;
  if (opts.dry_run) {
    const bool would_generate = result.unrevised.has_value();
    if (would_generate)
      out << "-- would write a new revision for the unrevised LinkML changes:\n"
          << result.unrevised->body.up;
    if (report.planned.empty() && !would_generate)
      out << "-- nothing to apply to " << report.database << "\n";
    for (const auto& id : report.planned) {
      const auto& r = result.store.get(id);
      out << "-- revision " << id << (r.message.empty() ? "" : ": " + r.message) << "\n" << r.up;
    }
    for (const auto& d : report.destructive)
      out << (d.kind == apply::DataLoss::kDeletes
                  ? "-- deletes data (needs --allow-destructive): "
                  : "-- cannot be classified (needs --allow-destructive or a "
                    "`-- reconcile:hazard` line): ")
          << (d.where.known() ? d.where.to_string() + ": " : std::string()) << d.what << "\n";
    if (opts.refresh) out << "-- would refresh every materialized view\n";
    return 0;
  }
  for (const auto& s : report.done)
    out << "applied " << s.id << " (" << s.statements << " statement"
        << (s.statements == 1 ? "" : "s") << ", " << s.duration_ms << " ms"
        << (s.retries ? ", " + std::to_string(s.retries) + " retries" : "")
        << (s.resumed ? ", continued an interrupted run" : "") << ")\n";
  if (report.done.empty()) out << report.database << " is up to date\n";
  if (opts.refresh) {
    introspect::IntrospectOptions io;
    io.schemas = o.project.config.schemas;
    io.exclude = o.project.config.exclude;
    for (const auto& sql : apply::refresh_materialized_views(o.database.get(), io))
      out << sql << "\n";
  }
  return 0;
}

}  // namespace

void register_apply(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "apply", "Apply pending revisions (generating one for unrevised schema changes)");
  cmd->add_flag("--allow-destructive", opts->allow_destructive,
                "Run statements that delete data or cannot be classified (see docs/guide.md)");
  cmd->add_flag("--no-generate", opts->no_generate,
                "Do not generate a revision for unrevised schema changes");
  cmd->add_option("--to", opts->to, "Apply up to this revision")->type_name("REV");
  cmd->add_flag("--dry-run", opts->dry_run, "Show what would run, change nothing");
  cmd->add_flag("--refresh", opts->refresh,
                "Then refresh every materialized view (CONCURRENTLY where a unique index "
                "allows it)");
  add_lock_options(cmd, opts->lock);
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
