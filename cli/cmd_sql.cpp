// `reconcile sql [--ref REF]`: the full DDL of the desired schema (at REF:
// read from that commit without a checkout).
#include <iostream>
#include <memory>
#include <string>

#include "app/desired/source.h"
#include "cli/commands.h"
#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/catalog/mermaid.h"
#include "linkml/desired/desired.h"
#include "util/error.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string ref;  // git ref to read the LinkML from; empty = work tree
};

int run_sql(const Options& opts, Context& ctx) {
  const OutputFormat fmt = ctx.format();
  if (fmt != OutputFormat::kText && fmt != OutputFormat::kSql && fmt != OutputFormat::kJson &&
      fmt != OutputFormat::kMermaid)
    ctx.unsupported_format("sql", "text, sql, json, mermaid");
  auto options = desired::options_from_config(ctx.config(), ctx.schema_path(), ctx.profile());
  auto reader = desired::schema_reader(opts.ref);
  catalog::Catalog desired =
      desired::load_checked(*reader, options, ctx.strict(), std::cerr, "no DDL printed");
  if (fmt == OutputFormat::kJson) {
    ctx.print_json(catalog::to_json(desired));
  } else if (fmt == OutputFormat::kMermaid) {
    ctx.out() << catalog::render_er_diagram(desired);
  } else {
    ctx.out() << catalog::render_catalog_sql(desired);
  }
  return 0;
}

}  // namespace

void register_sql(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "sql", "The full DDL of the desired schema (--format mermaid: an ER diagram)");
  cmd->add_option("--ref", opts->ref, "Read the LinkML schema at this git ref")->type_name("REF");
  on_run(cmd, ctx, [opts, &ctx] { return run_sql(*opts, ctx); });
}

}  // namespace reconcile::cli
