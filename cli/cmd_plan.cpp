// `reconcile plan [--ref REF]`: the migration from the live (or dev) database to
// the LinkML schema (at REF: read from that commit without a checkout).
#include <algorithm>
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
    default:
      ctx.unsupported_format("plan", "text, sql, json");
  }
  const config::Config& cfg = ctx.config();
  auto options = desired::options_from_config(cfg, ctx.schema_path(), ctx.profile());
  auto reader = desired::schema_reader(opts.ref);
  // One pass over the database, over exactly the schemas needed: the
  // configured ones and those the LinkML schema places tables in
  // (sql_schema). With a cached desired catalog these are known at once;
  // otherwise the database is read (every non-system schema) while the
  // LinkML schema loads, and the schemas not needed are left out after.
  introspect::IntrospectOptions io;
  io.schemas = options.target_schemas;
  io.exclude = cfg.exclude;
  const std::string url = database_url(ctx);
  auto needed = [&io](const catalog::Catalog& desired) {
    std::vector<std::string> schemas = io.schemas;
    for (const auto& [name, schema] : desired.schemas)
      if (std::find(schemas.begin(), schemas.end(), name) == schemas.end()) schemas.push_back(name);
    return schemas;
  };
  const std::string refused = "no plan made";
  catalog::Catalog desired, actual;
  if (auto hit = desired::cached_desired(*reader, options)) {
    desired = desired::checked(std::move(*hit), *reader, options, ctx.strict(), std::cerr, refused);
    io.schemas = needed(desired);
    actual = introspect::introspect_url(url, io);
  } else {
    introspect::IntrospectOptions every = io;
    every.all_schemas = true;
    auto reading = std::async(std::launch::async,
                              [url, every] { return introspect::introspect_url(url, every); });
    desired = desired::checked(desired::load_desired(*reader, options, false), *reader, options,
                               ctx.strict(), std::cerr, refused);
    actual = reading.get();
    introspect::restrict_to_schemas(actual, needed(desired));
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
