// `reconcile plan [--ref REF]`: the migration from the live (or dev) database to
// the LinkML schema (at REF: read from that commit without a checkout).
#include <memory>
#include <string>

#include "app/workflow/plan.h"
#include "cli/commands.h"
#include "cli/observer.h"
#include "core/plan/plan_markdown.h"
#include "core/plan/plan_mermaid.h"
#include "core/plan/plan_output.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string ref;
  bool detailed_exitcode = false;
};

int run_plan(const Options& opts, Context& ctx) {
  plan::OutputFormat fmt = plan::OutputFormat::kText;
  switch (ctx.format()) {
    case OutputFormat::kText:
      fmt = plan::OutputFormat::kText;
      break;
    case OutputFormat::kSql:
      fmt = plan::OutputFormat::kSql;
      break;
    case OutputFormat::kJson:
      fmt = plan::OutputFormat::kJson;
      break;
    case OutputFormat::kMermaid:
    case OutputFormat::kMarkdown:
      break;
    case OutputFormat::kGithub:
    case OutputFormat::kJunit:
      ctx.unsupported_format("plan", "text, sql, json, mermaid, markdown");
  }
  CliObserver observer(ctx);
  workflow::PlanOptions o;
  o.project = project(ctx);
  o.database = database(ctx);
  o.ref = opts.ref;
  o.observer = &observer;
  const workflow::PlanResult r = workflow::run_plan(o);
  const plan::Plan& p = r.plan;
  observer.finish();
  if (ctx.format() == OutputFormat::kMermaid)
    ctx.out() << plan::render_plan_mermaid(p, r.actual, r.desired);
  else if (ctx.format() == OutputFormat::kMarkdown)
    ctx.out() << plan::render_plan_markdown(p);
  else
    ctx.out() << plan::render_plan(p, fmt, ctx.color() && fmt == plan::OutputFormat::kText);
  if (opts.detailed_exitcode && !p.empty()) return 2;
  return 0;
}

}  // namespace

void register_plan(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "The migration from the live (or dev) database to the LinkML schema");
  cmd->add_option("--ref", opts->ref, "Read the LinkML schema at this git ref")->type_name("REF");
  cmd->add_flag("--detailed-exitcode", opts->detailed_exitcode,
                "Exit 2 when the plan is not empty, 0 when it is");
  on_run(cmd, ctx, [opts, &ctx] { return run_plan(*opts, ctx); });
}

}  // namespace reconcile::cli
