// `reconcile plan [--ref REF]`: the migration from the live (or dev) database to
// the LinkML schema (at REF: read from that commit without a checkout).
#include <future>
#include <iostream>
#include <memory>
#include <string>

#include "app/desired/source.h"
#include "cli/commands.h"
#include "core/plan/plan_output.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "linkml/desired/desired.h"
#include "util/error.h"

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
    case OutputFormat::kGithub:
    case OutputFormat::kJunit:
    case OutputFormat::kMermaid:
      ctx.unsupported_format("plan", "text, sql, json");
  }
  const config::Config& cfg = ctx.config();
  auto options = desired::options_from_config(cfg, ctx.schema_path(), ctx.profile());
  auto reader = desired::schema_reader(opts.ref);
  // The database is read while the LinkML schema loads (the server does most
  // of that work): one more schema is read afterwards only when the LinkML
  // schema places tables outside the configured ones (sql_schema).
  introspect::IntrospectOptions io;
  io.schemas = options.target_schemas;
  io.exclude = cfg.exclude;
  const std::string url = database_url(ctx);
  auto reading =
      std::async(std::launch::async, [url, io] { return introspect::introspect_url(url, io); });
  catalog::Catalog desired =
      desired::load_checked(*reader, options, ctx.strict(), std::cerr, "no plan made");
  catalog::Catalog actual = reading.get();
  introspect::IntrospectOptions extra = io;
  extra.schemas.clear();
  for (const auto& [name, schema] : desired.schemas) {
    bool listed = false;
    for (const auto& s : io.schemas) listed = listed || s == name;
    if (!listed) extra.schemas.push_back(name);  // sql_schema annotations
  }
  if (!extra.schemas.empty()) {
    io.schemas.insert(io.schemas.end(), extra.schemas.begin(), extra.schemas.end());
    actual = introspect::introspect_url(url, io);
  }
  plan::PlannerOptions popts;
  popts.concurrent_indexes = ctx.config().concurrent_indexes;
  plan::Plan p = plan::make_plan(actual, desired, popts);
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
