// `reconcile rehash REV [--no-commit]`: accept an intended hand edit of a
// revision file explicitly.
//
// `apply` and `downgrade` refuse a revision whose bodies no longer match its
// checksum header (CHECKSUM_MISMATCH): only reviewed SQL runs. After
// reviewing an edit, `rehash` rewrites that one header line with the checksum
// of the bodies as they are now (every other byte of the file stays), logs
// the old and the new checksum, and commits the file with libgit2 on the
// current branch ("reconcile: rehash REV", the checksums in the commit body),
// so the acceptance is visible in git. --no-commit only writes the file.
//
//  * REV is a revision id (or its file name, `ID.sql`).
//  * A revision whose checksum already matches is left alone (exit 0).
//  * A file that does not parse, or an unknown id, is an error (exit 1).
//  * A revision already applied somewhere keeps the checksum it was applied
//    with there: `check --database` and `status` still report that it was
//    edited after it was applied.
#include <memory>
#include <string>

#include "app/workflow/rehash.h"
#include "cli/commands.h"
#include "cli/observer.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string revision;
  bool no_commit = false;
};

int run(Context& ctx, const Options& opts) {
  const bool json = ctx.format() == OutputFormat::kJson;
  if (!json && ctx.format() != OutputFormat::kText) ctx.unsupported_format("rehash", "text, json");
  CliObserver observer(ctx);
  workflow::RehashOptions o;
  o.project = project(ctx);
  o.revision = opts.revision;
  o.commit = !opts.no_commit;
  o.observer = &observer;
  const workflow::RehashResult r = workflow::run_rehash(o);
  observer.finish();
  if (!r.changed) {
    if (json)
      ctx.print_json({{"revision", r.id},
                      {"path", r.path},
                      {"changed", false},
                      {"checksum", r.checksum},
                      {"commit", nullptr}});
    else
      ctx.out() << "revision " << r.id << " already matches its checksum; nothing to do\n";
    return 0;
  }
  if (json) {
    nlohmann::json c = nullptr;
    if (r.commit)
      c = {{"id", r.commit->id}, {"short_id", r.commit->short_id}, {"summary", r.commit->summary}};
    ctx.print_json({{"revision", r.id},
                    {"path", r.path},
                    {"changed", true},
                    {"old_checksum", r.old_checksum},
                    {"checksum", r.checksum},
                    {"commit", c}});
    return 0;
  }
  ctx.out() << "Rehashed " << r.id << ": " << r.old_checksum << " -> " << r.checksum << "\n";
  if (r.commit)
    ctx.out() << "Committed " << r.commit->short_id << ": " << r.commit->summary << "\n";
  return 0;
}

}  // namespace

void register_rehash(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "rehash", "Accept a reviewed hand edit of a revision: rewrite its checksum and commit it");
  cmd->add_option("revision", opts->revision, "The edited revision (its id)")
      ->required()
      ->type_name("REV");
  cmd->add_flag("--no-commit", opts->no_commit, "Rewrite the checksum line but do not commit");
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
