// `reconcile check`: CI checks; exit 0 clean, 2 findings, 1 error.
//
// Offline (always): INVALID_REVISION, CHECKSUM_MISMATCH, MULTIPLE_HEADS, and
// (unless --no-replay) REPLAY_MISMATCH and PENDING_CHANGES, computed by
// replaying the revisions in a shadow database. With --database URL also:
// UNAPPLIED, UNKNOWN_REVISION, CHECKSUM_MISMATCH against what was applied, and
// DRIFT. The database checks run only when --database is given explicitly, so
// an environment's DATABASE_URL never turns an offline check into an online one.
#include <filesystem>
#include <memory>
#include <string>

#include "app/check/markdown.h"
#include "app/check/output.h"
#include "app/workflow/check.h"
#include "cli/commands.h"
#include "cli/observer.h"
#include "gitsync/repository.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool no_replay = false;
};

// Findings name files relative to the repository root (what CI annotations
// expect), or to the current folder outside a repository.
std::string display_root() {
  std::string cwd = std::filesystem::current_path().string();
  try {
    if (auto repo = gitsync::Repository::try_discover(cwd)) return repo->workdir();
  } catch (const Error&) {
  }
  return cwd;
}

int run_check(const Options& opts, Context& ctx) {
  check::Format format = check::Format::kText;
  const bool markdown = ctx.format() == OutputFormat::kMarkdown;
  switch (ctx.format()) {
    case OutputFormat::kText:
      format = check::Format::kText;
      break;
    case OutputFormat::kJson:
      format = check::Format::kJson;
      break;
    case OutputFormat::kGithub:
      format = check::Format::kGithub;
      break;
    case OutputFormat::kJunit:
      format = check::Format::kJunit;
      break;
    case OutputFormat::kMarkdown:
      break;
    case OutputFormat::kSql:
    case OutputFormat::kMermaid:
      ctx.unsupported_format("check", "text, json, github, junit, markdown");
  }

  CliObserver observer(ctx);
  workflow::CheckOptions o;
  o.project = project(ctx);
  if (!ctx.options.database.empty()) o.database_url = ctx.options.database;
  o.replay = !opts.no_replay;
  o.display_root = display_root();
  o.observer = &observer;
  const check::Report report = workflow::run_check(o);
  observer.finish();
  ctx.out() << (markdown ? check::render_markdown(report)
                         : check::render(report, format, {.color = ctx.color()}));
  ctx.out().flush();
  return report.exit_code();
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "check", "CI checks; exit 0 clean, 2 findings, 1 error (with --database: also drift)");
  cmd->add_flag("--no-replay", opts->no_replay,
                "Check the revision files only: no shadow database, so no REPLAY_MISMATCH, "
                "PENDING_CHANGES or DRIFT");
  cmd->footer(
      "Checks: INVALID_REVISION, CHECKSUM_MISMATCH, MULTIPLE_HEADS, REPLAY_MISMATCH, "
      "PENDING_CHANGES; with --database URL also UNAPPLIED, UNKNOWN_REVISION and DRIFT.\n"
      "Formats: --format text|json|github|junit|markdown (JSON schema: docs/json-output.md).\n"
      "Exit codes: 0 clean, 2 findings, 1 error (bad input, no connection).");
  on_run(cmd, ctx, [opts, &ctx] { return run_check(*opts, ctx); });
}

}  // namespace reconcile::cli
