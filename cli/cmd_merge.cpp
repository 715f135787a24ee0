// `reconcile merge`: write a merge revision over all heads, with conflict detection.
//
// The heads' histories are replayed in shadow databases (history/replay/merge.h).
// Conflicts (both branches changed the same object differently, or the union
// does not replay) are reported with the object, the revisions and the
// branches, and nothing is written (exit 2). Otherwise the merge revision's
// parents are all heads and its body is what the LinkML schema still needs
// relative to the replayed union (usually nothing); it is written and
// committed (unless --no-commit).
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "app/apply/generate.h"
#include "cli/commands.h"
#include "core/catalog/json.h"
#include "core/plan/planner.h"
#include "gitsync/repository.h"
#include "history/replay/merge.h"
#include "history/replay/shadow.h"
#include "history/revision/origins.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string message;
  bool no_commit = false;
};

int run(Context& ctx, const Options& opts) {
  const auto& config = ctx.config();
  const std::string dir = ctx.migrations_dir();
  auto store = revision::RevisionStore::load(dir);
  store.require_valid();
  auto& out = ctx.out();
  auto heads = store.heads();
  if (heads.size() < 2) {
    out << "nothing to merge: the revision history has " << heads.size() << " head"
        << (heads.size() == 1 ? " (" + heads.front() + ")" : std::string("s")) << "\n";
    return 0;
  }
  auto origins = apply::describe_origins(store, heads);
  spdlog::info("replaying {} heads in shadow databases", heads.size());
  auto ropts = replay::replay_options(config);
  auto analysis = replay::analyze_merge(store, ropts);
  if (!analysis.conflicts.empty()) {
    out << replay::format_conflicts(analysis.conflicts, origins);
    std::cerr << "reconcile: merge: " << analysis.conflicts.size() << " conflict"
              << (analysis.conflicts.size() == 1 ? "" : "s")
              << "; nothing was written. Change one branch's revision (or write a new revision on "
                 "one branch) so they agree, then run `reconcile merge` again.\n";
    return 2;
  }

  // What the LinkML schema still needs on top of the union.
  catalog::Catalog merged = *analysis.merged;
  apply::Body body;
  std::string hash = catalog::content_hash(merged);
  const auto desired_opts = desired::options_from_config(config, ctx.schema_path(), ctx.profile());
  if (std::filesystem::exists(desired_opts.schema_path)) {
    auto desired = apply::load_desired(desired_opts, ctx.strict());
    plan::PlannerOptions popts;
    popts.concurrent_indexes = config.concurrent_indexes;
    auto plan = plan::make_plan(merged, desired, popts);
    body = apply::render_body(plan);
  } else {
    spdlog::warn("LinkML schema {} not found; the merge revision only joins the heads",
                 desired_opts.schema_path);
  }

  apply::NewRevision r;
  r.message = opts.message.empty() ? "merge heads" : opts.message;
  r.parents = heads;
  r.up = body.up;
  r.down = body.down;
  r.schema_hash = body.up.empty() ? hash : apply::schema_hash_after(store, r, ropts);
  bool commit = !opts.no_commit;
  if (commit && !gitsync::Repository::try_discover(dir)) {
    spdlog::warn("{} is not in a git repository; the merge revision is not committed", dir);
    commit = false;
  }
  auto written = apply::write_revision(dir, r, commit);
  out << "wrote merge revision " << written.revision.id << " over " << heads.size() << " heads:\n";
  for (const auto& h : heads) out << "  " << h << "  (" << origins[h] << ")\n";
  out << (body.up.empty() ? "  its body is empty: the branches already give the LinkML schema\n"
                          : "  with the statements the LinkML schema still needs\n");
  out << written.path << "\n";
  if (written.commit)
    out << "committed " << written.commit->short_id << " " << written.commit->summary << "\n";
  return 0;
}

}  // namespace

void register_merge(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("merge", "Write a merge revision over all heads, with conflict detection");
  cmd->add_option("-m,--message", opts->message, "Merge revision message")->type_name("MSG");
  cmd->add_flag("--no-commit", opts->no_commit, "Write the revision file but do not commit it");
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
