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
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <spdlog/spdlog.h>

#include "app/apply/apply.h"
#include "app/apply/generate.h"
#include "app/apply/refresh.h"
#include "cli/commands.h"
#include "cli/lock_options.h"
#include "core/catalog/json.h"
#include "core/plan/planner.h"
#include "db/apply/lock.h"
#include "gitsync/repository.h"
#include "history/replay/shadow.h"
#include "history/revision/origins.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"
#include "util/file_lock.h"
#include "util/local_state.h"

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

// Changes of the LinkML schema that no revision covers, planned from the
// state at the (single) head. nullopt when there are none.
struct Unrevised {
  plan::Plan plan;
  apply::Body body;
  std::set<std::string> sources;  // the LinkML files read (committed with the revision)
};

std::optional<Unrevised> unrevised_changes(Context& ctx, const revision::RevisionStore& store) {
  const auto& config = ctx.config();
  auto dopts = desired::options_from_config(config, ctx.schema_path(), ctx.profile());
  if (!std::filesystem::exists(dopts.schema_path)) {
    spdlog::debug("no LinkML schema at {}; only applying revisions", dopts.schema_path);
    return std::nullopt;
  }
  FileSourceReader files;
  RecordingSourceReader reader(files);
  auto desired = apply::load_desired(dopts, ctx.strict(), &reader);
  auto heads = store.heads();
  if (heads.size() == 1 && store.get(heads.front()).schema_hash == catalog::content_hash(desired))
    return std::nullopt;
  spdlog::debug("replaying the revision history to compare it with the LinkML schema");
  auto state = replay::replay(store, replay::Target::all(), replay::replay_options(config));
  plan::PlannerOptions popts;
  popts.concurrent_indexes = config.concurrent_indexes;
  auto plan = plan::make_plan(state, desired, popts);
  if (plan.empty()) return std::nullopt;
  return Unrevised{plan, apply::render_body(plan), reader.files()};
}

std::string message_for(const plan::Plan& plan) {
  std::string m = plan.steps.front().summary;
  if (plan.steps.size() > 1) m += " (+" + std::to_string(plan.steps.size() - 1) + " more changes)";
  return m;
}

// Writes and commits the revision for `changes` (see the file comment).
std::string generate(Context& ctx, const revision::RevisionStore& store, const Unrevised& changes,
                     const std::vector<std::string>& heads) {
  const std::string dir = ctx.migrations_dir();
  auto& out = ctx.out();
  apply::NewRevision r;
  r.message = message_for(changes.plan);
  r.parents = heads;
  r.up = changes.body.up;
  r.down = changes.body.down;
  r.schema_hash = apply::schema_hash_after(store, r, replay::replay_options(ctx.config()));
  bool commit = gitsync::Repository::try_discover(dir).has_value();
  if (!commit)
    spdlog::warn("{} is not in a git repository; the new revision is not committed", dir);
  auto written = apply::write_revision(dir, r, commit, changes.sources);
  out << "wrote revision " << written.revision.id << " (" << r.message << ")\n";
  if (written.commit) {
    out << "committed " << written.commit->short_id << " " << written.commit->summary << "\n";
    auto repo = gitsync::Repository::try_discover(dir);
    for (const auto& f : written.committed)
      out << "  " << (repo ? repo->to_repo_path(f) : f) << "\n";
  }
  return written.revision.id;
}

int run(Context& ctx, const Options& opts) {
  const auto& config = ctx.config();
  const std::string dir = ctx.migrations_dir();
  auto& out = ctx.out();

  apply::ApplyOptions o;
  o.allow_destructive = opts.allow_destructive;
  if (!opts.to.empty()) o.to = opts.to;
  o.dry_run = opts.dry_run;
  o.lock_wait = resolve_lock_options(config, opts.lock, o);
  o.log = [](const std::string& line) {
    if (line.rfind("warning: ", 0) == 0)
      spdlog::warn("{}", line.substr(9));
    else
      spdlog::info("{}", line);
  };
  const std::string url = database_url(ctx);

  // Everything from reading the revision files to running them happens under
  // the apply lock (dry runs change nothing and take no lock).
  std::unique_ptr<apply::ApplyLock> lock;
  if (!opts.dry_run) lock = apply::ApplyLock::acquire(url, o.lock_wait, o.log);
  o.held_lock = lock.get();

  auto store = revision::RevisionStore::load(dir);
  apply::require_valid_structure(store);
  auto heads = store.heads();
  if (heads.size() > 1) o.head_origins = apply::describe_origins(store, heads);
  if (heads.size() > 1 && !o.to) throw apply::multiple_heads_error(store, o.head_origins);

  bool generated = false;
  if (!o.to) {
    auto changes = unrevised_changes(ctx, store);
    std::unique_ptr<util::FileLock> generation;
    if (changes && !opts.dry_run && !opts.no_generate) {
      // About to write: take the work tree's generation lock, then look again
      // (an apply to another database may have written the revision meanwhile).
      const auto state = std::filesystem::path(config.resolve(".reconcile"));
      generation = util::FileLock::acquire((state / "generate.lock").string(), o.lock_wait, o.log);
      util::mark_local_state(state);
      store = revision::RevisionStore::load(dir);
      apply::require_valid_structure(store);
      heads = store.heads();
      if (heads.size() > 1)
        throw apply::multiple_heads_error(store, apply::describe_origins(store, heads));
      changes = unrevised_changes(ctx, store);
    }
    if (changes) {
      if (opts.no_generate) {
        out << "PENDING_CHANGES: the LinkML schema has changes that no revision covers:\n";
        for (const auto& s : changes->plan.steps) out << "  " << s.summary << "\n";
        std::cerr
            << "reconcile: apply: refusing with --no-generate; run `reconcile revision -m MSG` "
               "to write them as a revision, or apply without --no-generate\n";
        return 2;
      }
      if (changes->plan.has(plan::Hazard::kDeletesData) && !opts.allow_destructive) {
        std::string msg = "refusing to generate a revision that deletes data (DELETES_DATA):";
        for (const auto& s : changes->plan.steps)
          if (s.has(plan::Hazard::kDeletesData)) msg += "\n  " + s.summary;
        throw RefusedError(
            msg, "review `reconcile plan`, then run `reconcile apply --allow-destructive`");
      }
      if (opts.dry_run) {
        out << "-- would write a new revision for the unrevised LinkML changes:\n"
            << changes->body.up;
        generated = true;
      } else {
        generate(ctx, store, *changes, heads);
        generated = true;
        store = revision::RevisionStore::load(dir);
      }
    }
  }

  auto report = apply::apply(url, store, o);
  if (opts.dry_run) {
    if (report.planned.empty() && !generated)
      out << "-- nothing to apply to " << report.database << "\n";
    for (const auto& id : report.planned) {
      const auto& r = store.get(id);
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
    io.schemas = config.schemas;
    io.exclude = config.exclude;
    for (const auto& sql : apply::refresh_materialized_views(url, io, o.log)) out << sql << "\n";
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
