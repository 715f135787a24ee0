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
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "app/apply/apply.h"
#include "app/apply/generate.h"
#include "app/desired/source.h"
#include "cli/commands.h"
#include "core/catalog/json.h"
#include "core/plan/planner.h"
#include "db/apply/connect.h"
#include "db/apply/version_table.h"
#include "db/introspect/introspect.h"
#include "gitsync/commit.h"
#include "gitsync/repository.h"
#include "history/replay/shadow.h"
#include "history/revision/origins.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"
#include "linkml/desired/desired.h"
#include "util/source_reader.h"

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
  const config::Config& cfg = ctx.config();
  const std::string dir = ctx.migrations_dir();
  if (opts.message.find_first_not_of(" \t\r\n") == std::string::npos)
    throw UsageError("the revision message is empty",
                     "say what the revision does: -m \"add sample table\"");

  // Git first, so that nothing is written when the commit cannot be made.
  std::optional<gitsync::Repository> repo;
  if (!opts.no_commit) {
    repo = gitsync::Repository::try_discover(dir);
    if (!repo) {
      throw GitError("the migrations folder " + dir + " is not in a git repository",
                     "run `git init` first, or use --no-commit to only write the file");
    }
    gitsync::resolve_signature(*repo, gitsync::Role::kAuthor);
    gitsync::resolve_signature(*repo, gitsync::Role::kCommitter);
  }

  // The revision history: one head (or none) to build on.
  revision::RevisionStore store = revision::RevisionStore::load(dir);
  for (const auto& p : store.problems()) {
    if (p.kind != revision::ProblemKind::kChecksumMismatch) {
      throw InputError(std::string(revision::problem_code(p.kind)) + ": " + p.message, p.where,
                       "fix the revision files first (`reconcile check` lists every problem)");
    }
    spdlog::warn("{}", p.to_string());
  }
  std::vector<std::string> heads = store.heads();
  if (heads.size() > 1)
    throw apply::multiple_heads_error(store, apply::describe_origins(store, heads));

  // Desired state: the LinkML schema.
  desired::DesiredOptions dopts =
      desired::options_from_config(cfg, ctx.schema_path(), ctx.options.profile);
  FileSourceReader files(".");
  RecordingSourceReader reader(files);
  catalog::Catalog want =
      desired::load_checked(reader, dopts, ctx.strict(), std::cerr, "no revision written");

  // Actual state: the database, which must have applied every revision.
  std::string url = database_url(ctx);
  auto conn = apply::connect(url, "reconcile revision");
  const auto applied = apply::read_applied(*conn);
  std::vector<std::string> unknown;
  for (const auto& a : applied)
    if (!store.contains(a.id)) unknown.push_back(a.id);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    throw UsageError("the database has " + std::to_string(unknown.size()) + " applied revision" +
                         (unknown.size() == 1 ? "" : "s") + " that " + dir + " does not have (" +
                         list +
                         "); a revision planned against it would undo "
                         "them",
                     "switch to a branch that has them, `reconcile downgrade` them, or plan "
                     "against a fresh database (`reconcile dev-db reset`)");
  }
  std::vector<std::string> pending = store.pending(apply::applied_ids(applied));
  if (!pending.empty()) {
    throw UsageError("the database has " + std::to_string(pending.size()) + " pending revision" +
                         (pending.size() == 1 ? "" : "s") + " (first: " + pending.front() +
                         "); a new revision would repeat their changes",
                     "run `reconcile apply` first");
  }
  introspect::IntrospectOptions iopts;
  iopts.schemas = cfg.schemas;
  iopts.exclude = cfg.exclude;
  catalog::Catalog have = introspect::introspect(*conn, iopts);
  conn.reset();

  plan::PlannerOptions popts;
  popts.concurrent_indexes = cfg.concurrent_indexes;
  plan::Plan p = plan::make_plan(have, want, popts);
  const bool json = ctx.format() == OutputFormat::kJson;
  if (!json && ctx.format() != OutputFormat::kText)
    ctx.unsupported_format("revision", "text, json");
  if (p.empty()) {
    if (json)
      ctx.print_json({{"revision", nullptr}, {"changes", 0}});
    else
      ctx.out() << "No changes; no revision written.\n";
    return 0;
  }

  apply::NewRevision nr;
  nr.message = opts.message;
  nr.parents = heads;
  apply::Body b = apply::render_body(p);
  nr.up = b.up;
  nr.down = b.down;
  // The hash of the state the history reaches with this revision, as replay
  // computes it: `check` and `merge` compare against exactly that.
  nr.schema_hash = apply::schema_hash_after(store, nr, replay::replay_options(cfg));
  apply::WrittenRevision written = apply::write_revision(dir, nr, repo.has_value(), reader.files());
  const std::vector<std::string>& committed_files = written.committed;
  const std::optional<gitsync::CommitInfo>& commit = written.commit;

  if (json) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : committed_files) files.push_back(repo ? repo->to_repo_path(f) : f);
    nlohmann::json c = nullptr;
    if (commit)
      c = {{"id", commit->id}, {"short_id", commit->short_id}, {"summary", commit->summary}};
    ctx.print_json({{"revision", written.revision.id},
                    {"path", written.path},
                    {"parents", written.revision.parents},
                    {"steps", p.steps.size()},
                    {"schema_hash", written.revision.schema_hash},
                    {"commit", c},
                    {"files", files}});
    return 0;
  }
  ctx.out() << "Wrote " << shown(written.path) << " (" << p.steps.size() << " step"
            << (p.steps.size() == 1 ? "" : "s") << ")\n";
  if (commit) {
    auto branch = repo->current_branch();
    ctx.out() << "Committed " << commit->short_id << " on "
              << (branch ? *branch : std::string("detached HEAD")) << ": " << commit->summary
              << "\n";
    for (const auto& f : committed_files) ctx.out() << "  " << repo->to_repo_path(f) << "\n";
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
