// `reconcile merge`: write a merge revision over all heads, with conflict detection.
//
// The heads' histories are replayed in shadow databases (history/replay/merge.h).
// Conflicts (both branches changed the same object differently, or the union
// does not replay) are reported with the object, the revisions and the
// branches, and nothing is written (exit 2). Otherwise the merge revision's
// parents are all heads and its body is what the LinkML schema still needs
// relative to the replayed union (usually nothing); it is written and
// committed (unless --no-commit).
#include <iostream>
#include <memory>
#include <string>

#include "app/workflow/merge.h"
#include "cli/commands.h"
#include "cli/observer.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string message;
  bool no_commit = false;
};

int run(Context& ctx, const Options& opts) {
  CliObserver observer(ctx);
  workflow::MergeOptions o;
  o.project = project(ctx);
  o.message = opts.message;
  o.commit = !opts.no_commit;
  o.observer = &observer;
  workflow::MergeResult result = workflow::run_merge(o);
  observer.finish();
  auto& out = ctx.out();
  const auto& heads = result.heads;
  if (heads.size() < 2) {
    out << "nothing to merge: the revision history has " << heads.size() << " head"
        << (heads.size() == 1 ? " (" + heads.front() + ")" : std::string("s")) << "\n";
    return 0;
  }
  if (!result.conflicts.empty()) {
    out << replay::format_conflicts(result.conflicts, result.origins);
    out.flush();
    std::cerr << "reconcile: merge: " << result.conflicts.size() << " conflict"
              << (result.conflicts.size() == 1 ? "" : "s")
              << "; nothing was written. Change one branch's revision (or write a new revision on "
                 "one branch) so they agree, then run `reconcile merge` again.\n";
    return 2;
  }
  const workflow::Written& written = *result.written;
  out << "wrote merge revision " << written.file.revision.id << " over " << heads.size()
      << " heads:\n";
  for (const auto& h : heads) out << "  " << h << "  (" << result.origins[h] << ")\n";
  out << (result.body.up.empty()
              ? "  its body is empty: the branches already give the LinkML schema\n"
              : "  with the statements the LinkML schema still needs\n");
  out << written.file.path << "\n";
  if (written.file.commit)
    out << "committed " << written.file.commit->short_id << " " << written.file.commit->summary
        << "\n";
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
