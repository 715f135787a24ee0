// `reconcile baseline`: adopt an existing database without running SQL.
//
// With revision files: records REV and its ancestors (default: every
// revision) as applied. Without any revision yet (a database built by
// another tool): writes a baseline revision holding the full DDL of the
// introspected database, commits it, and records it as applied.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "app/apply/baseline.h"
#include "cli/commands.h"
#include "db/introspect/introspect.h"
#include "gitsync/repository.h"
#include "history/revision/store.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string revision;  // empty = every revision
  std::string message = "baseline";
  bool no_commit = false;
  std::string lock_wait;
};

int run(Context& ctx, const Options& opts) {
  const auto& config = ctx.config();
  const std::string dir = ctx.migrations_dir();
  auto store = revision::RevisionStore::load(dir);
  store.require_valid();
  const std::string url = database_url(ctx);
  auto& out = ctx.out();

  apply::BaselineOptions o;
  o.lock_wait = opts.lock_wait.empty() ? config.lock_wait : config::parse_duration(opts.lock_wait);
  o.log = [](const std::string& line) {
    if (line.rfind("warning: ", 0) == 0)
      spdlog::warn("{}", line.substr(9));
    else
      spdlog::info("{}", line);
  };
  if (!opts.revision.empty()) o.revision = opts.revision;

  if (store.empty()) {
    if (o.revision)
      throw UsageError(
          "there are no revisions in " + dir + ", so there is no revision " + *o.revision,
          "run `reconcile baseline` without REV to write a baseline from the database");
    introspect::IntrospectOptions io;
    io.schemas = config.schemas;
    io.exclude = config.exclude;
    auto live = introspect::introspect_url(url, io);
    size_t objects = live.extensions.size();
    for (const auto& [_, s] : live.schemas)
      objects += s.tables.size() + s.enums.size() + s.sequences.size();
    if (objects == 0)
      throw UsageError("the database has nothing to adopt in the target schemas",
                       "run `reconcile apply` to build it from the LinkML schema instead");
    bool commit = !opts.no_commit;
    if (commit && !gitsync::Repository::try_discover(dir)) {
      spdlog::warn("{} is not in a git repository; the baseline revision is not committed", dir);
      commit = false;
    }
    auto written = apply::write_revision(dir, apply::baseline_revision(live, opts.message), commit);
    out << "wrote " << written.path << "\n";
    if (written.commit)
      out << "committed " << written.commit->short_id << " " << written.commit->summary << "\n";
    store = revision::RevisionStore::load(dir);
    o.revision = written.revision.id;
  }

  auto report = apply::baseline(url, store, o);
  for (const auto& id : report.recorded) out << "recorded " << id << " as applied (no SQL ran)\n";
  if (report.recorded.empty()) out << "nothing to record: every revision is already applied\n";
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
