#include "app/workflow/revision.h"

#include "app/apply/apply.h"
#include "app/apply/generate.h"
#include "app/desired/source.h"
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
#include "util/source_reader.h"

namespace reconcile::workflow {

RevisionResult run_revision(const RevisionOptions& o) {
  const config::Config& cfg = o.project.config;
  const std::string& dir = o.project.migrations_dir;
  const util::ProgressFn progress = progress_to(o.observer);
  if (o.message.find_first_not_of(" \t\r\n") == std::string::npos)
    throw UsageError("the revision message is empty",
                     "say what the revision does: -m \"add sample table\"");

  // Git first, so that nothing is written when the commit cannot be made.
  if (o.commit) {
    auto repo = gitsync::Repository::try_discover(dir);
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
    note(o.observer, Severity::kWarning, p.to_string());
  }
  std::vector<std::string> heads = store.heads();
  if (heads.size() > 1)
    throw apply::multiple_heads_error(store, apply::describe_origins(store, heads));

  // Desired state: the LinkML schema.
  desired::DesiredOptions dopts = o.project.desired_options();
  FileSourceReader files(".");
  RecordingSourceReader reader(files);
  util::report(progress, util::Task::kLoadSchema, 0, 1);
  catalog::Catalog want = desired::load_checked(reader, dopts, o.project.strict,
                                                diagnostics_to(o.observer), "no revision written");
  util::report(progress, util::Task::kLoadSchema, 1, 1);

  // Actual state: the database, which must have applied every revision.
  auto conn = apply::connect(o.database.get(), "reconcile revision");
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
  util::report(progress, util::Task::kIntrospect, 0, 1);
  catalog::Catalog have = introspect::introspect(*conn, iopts);
  util::report(progress, util::Task::kIntrospect, 1, 1);
  conn.reset();

  plan::PlannerOptions popts;
  popts.concurrent_indexes = cfg.concurrent_indexes;
  RevisionResult result;
  result.plan = plan::make_plan(have, want, popts);
  if (result.plan.empty()) return result;

  apply::NewRevision nr;
  nr.message = o.message;
  nr.parents = heads;
  apply::Body b = apply::render_body(result.plan);
  nr.up = b.up;
  nr.down = b.down;
  // The hash of the state the history reaches with this revision, as replay
  // computes it: `check` and `merge` compare against exactly that.
  replay::ReplayOptions ropts = replay::replay_options(cfg);
  ropts.progress = progress;
  nr.schema_hash = apply::schema_hash_after(store, nr, ropts);
  result.written = describe_written(apply::write_revision(dir, nr, o.commit, reader.files()), dir);
  return result;
}

}  // namespace reconcile::workflow
