// `reconcile revision -m MSG [--no-commit]`: plan the live (or dev) database
// against the LinkML schema, write the plan as a new revision file and commit
// it with libgit2 on the current branch.
//
//  * Refuses (ConflictError) when the revision history has several heads,
//    naming each head and where it came from: `reconcile merge` first.
//  * Refuses (UsageError) when the database has not applied every revision
//    yet: the plan would repeat them. `reconcile apply` first.
//  * The new revision's parent is the single head (none for the first one);
//    up/down are the plan's statements (steps that cannot run in a
//    transaction are marked `-- reconcile:no-transaction`); schema-hash is the
//    content hash of the desired catalog.
//  * The commit (message "reconcile: MSG") holds the revision file and the
//    LinkML files the schema was loaded from (entry file and imports) that
//    differ from HEAD; other staged changes are left staged. --no-commit only
//    writes the file.
//  * An empty plan writes nothing: "No changes; no revision written." (exit 0).
#include <filesystem>
#include <memory>
#include <string>

#include "app/workflow/revision.h"
#include "cli/commands.h"
#include "cli/observer.h"

namespace reconcile::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string message;
  bool no_commit = false;
};

std::string shown(const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(path, fs::current_path(ec), ec);
  if (ec || rel.empty() || rel.string().rfind("..", 0) == 0) return path;
  return rel.string();
}

int run(Context& ctx, const Options& opts) {
  const bool json = ctx.format() == OutputFormat::kJson;
  if (!json && ctx.format() != OutputFormat::kText)
    ctx.unsupported_format("revision", "text, json");
  CliObserver observer(ctx);
  workflow::RevisionOptions o;
  o.project = project(ctx);
  o.database = database(ctx);
  o.message = opts.message;
  o.commit = !opts.no_commit;
  o.observer = &observer;
  const workflow::RevisionResult result = workflow::run_revision(o);
  observer.finish();
  const plan::Plan& p = result.plan;
  if (!result.written) {
    if (json)
      ctx.print_json({{"revision", nullptr}, {"changes", 0}});
    else
      ctx.out() << "No changes; no revision written.\n";
    return 0;
  }
  const workflow::Written& written = *result.written;
  const std::optional<gitsync::CommitInfo>& commit = written.file.commit;

  if (json) {
    nlohmann::json c = nullptr;
    if (commit)
      c = {{"id", commit->id}, {"short_id", commit->short_id}, {"summary", commit->summary}};
    ctx.print_json({{"revision", written.file.revision.id},
                    {"path", written.file.path},
                    {"parents", written.file.revision.parents},
                    {"steps", p.steps.size()},
                    {"schema_hash", written.file.revision.schema_hash},
                    {"commit", c},
                    {"files", written.committed}});
    return 0;
  }
  ctx.out() << "Wrote " << shown(written.file.path) << " (" << p.steps.size() << " step"
            << (p.steps.size() == 1 ? "" : "s") << ")\n";
  if (commit) {
    ctx.out() << "Committed " << commit->short_id << " on "
              << (written.branch ? *written.branch : std::string("detached HEAD")) << ": "
              << commit->summary << "\n";
    for (const auto& f : written.committed) ctx.out() << "  " << f << "\n";
  }
  return 0;
}

}  // namespace

void register_revision(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("revision", "Write the plan as a revision and commit it");
  cmd->add_option("-m,--message", opts->message, "Revision message")->required()->type_name("MSG");
  cmd->add_flag("--no-commit", opts->no_commit, "Write the revision file but do not commit it");
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
