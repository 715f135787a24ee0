// `reconcile diff`: plan between any two states: a PostgreSQL URL, a LinkML file, git:REF or
// rev:ID.
#include <exception>
#include <future>
#include <memory>
#include <string>

#include "app/diff/side.h"
#include "cli/commands.h"
#include "core/plan/plan_markdown.h"
#include "core/plan/plan_mermaid.h"
#include "core/plan/plan_output.h"
#include "core/plan/planner.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string from;
  std::string to;
  bool detailed_exitcode = false;
};

plan::OutputFormat plan_format(Context& ctx) {
  switch (ctx.format()) {
    case OutputFormat::kText:
      return plan::OutputFormat::kText;
    case OutputFormat::kSql:
      return plan::OutputFormat::kSql;
    case OutputFormat::kJson:
      return plan::OutputFormat::kJson;
    case OutputFormat::kMermaid:
    case OutputFormat::kMarkdown:
      return plan::OutputFormat::kText;  // printed by the command itself
    case OutputFormat::kGithub:
    case OutputFormat::kJunit:
      break;
  }
  ctx.unsupported_format("diff", "text, sql, json, mermaid, markdown");
}

}  // namespace

void register_diff(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Plan between any two states: a PostgreSQL URL, a LinkML file, git:REF or rev:ID");
  cmd->add_option("from", opts->from, "FROM state: URL, LINKML.yaml, git:REF or rev:ID")
      ->required();
  cmd->add_option("to", opts->to, "TO state: URL, LINKML.yaml, git:REF or rev:ID")->required();
  cmd->add_flag("--detailed-exitcode", opts->detailed_exitcode,
                "Exit 0 when there are no changes, 2 when there are");
  on_run(cmd, ctx, [opts, &ctx] {
    const plan::OutputFormat format = plan_format(ctx);
    diff::SideOptions sides;
    sides.config = ctx.config();
    sides.schema_path = ctx.schema_path();
    sides.migrations_dir = ctx.migrations_dir();
    sides.profile = ctx.profile();
    sides.strict = ctx.strict();
    // A database side is read on its own thread while the other side loads;
    // LinkML and revision sides stay on this thread, so their diagnostics
    // print in order. An error of FROM is reported before one of TO.
    const bool from_db = diff::side_kind(opts->from) == diff::SideKind::kDatabaseUrl;
    const bool to_db = diff::side_kind(opts->to) == diff::SideKind::kDatabaseUrl;
    // Two databases: one connection each (two each would only contend).
    const bool one = from_db && to_db;
    auto read_async = [&sides, one](const std::string& spec) {
      return std::async(std::launch::async,
                        [spec, &sides, one] { return diff::load_side(spec, sides, one); });
    };
    std::future<catalog::Catalog> from_reading, to_reading;
    if (from_db) from_reading = read_async(opts->from);
    if (to_db && !from_db) to_reading = read_async(opts->to);
    catalog::Catalog from, to;
    std::exception_ptr to_error;
    if (!from_db) from = diff::load_side(opts->from, sides);
    if (!to_reading.valid()) {
      try {
        to = diff::load_side(opts->to, sides, one);
      } catch (...) {
        to_error = std::current_exception();
      }
    }
    if (from_reading.valid()) from = from_reading.get();
    if (to_error) std::rethrow_exception(to_error);
    if (to_reading.valid()) to = to_reading.get();
    plan::PlannerOptions popts;
    popts.concurrent_indexes = ctx.config().concurrent_indexes;
    const plan::Plan p = plan::make_plan(from, to, popts);
    if (ctx.format() == OutputFormat::kMermaid)
      ctx.out() << plan::render_plan_mermaid(p, from, to);
    else if (ctx.format() == OutputFormat::kMarkdown)
      ctx.out() << plan::render_plan_markdown(p, "reconcile diff");
    else
      ctx.out() << plan::render_plan(p, format, ctx.color());
    return opts->detailed_exitcode && !p.empty() ? 2 : 0;
  });
}

}  // namespace reconcile::cli
