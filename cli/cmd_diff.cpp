// `reconcile diff`: plan between any two states: a PostgreSQL URL, a LinkML file, git:REF or
// rev:ID.
#include <memory>
#include <string>

#include "app/diff/side.h"
#include "cli/commands.h"
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
    case OutputFormat::kGithub:
    case OutputFormat::kJunit:
    case OutputFormat::kMermaid:
      break;
  }
  ctx.unsupported_format("diff", "text, sql, json");
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
    const catalog::Catalog from = diff::load_side(opts->from, sides);
    const catalog::Catalog to = diff::load_side(opts->to, sides);
    plan::PlannerOptions popts;
    popts.concurrent_indexes = ctx.config().concurrent_indexes;
    const plan::Plan p = plan::make_plan(from, to, popts);
    ctx.out() << plan::render_plan(p, format, ctx.color());
    return opts->detailed_exitcode && !p.empty() ? 2 : 0;
  });
}

}  // namespace reconcile::cli
