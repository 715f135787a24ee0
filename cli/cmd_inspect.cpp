// `reconcile inspect`: the introspected catalog of a database (text or json).
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/observer.h"
#include "core/catalog/json.h"
#include "db/introspect/catalog_text.h"
#include "db/introspect/introspect.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string url;  // empty = the configured database
};

}  // namespace

void register_inspect(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd =
      app.add_subcommand("inspect", "The introspected catalog of a database (text or json)");
  cmd->add_option("url", opts->url, "Database URL (default: the configured database)")
      ->type_name("URL");
  on_run(cmd, ctx, [opts, &ctx] {
    const OutputFormat format = ctx.format();
    if (format != OutputFormat::kText && format != OutputFormat::kJson)
      ctx.unsupported_format("inspect", "text, json");
    const std::string url = opts->url.empty() ? database_url(ctx) : opts->url;
    introspect::IntrospectOptions io;
    io.schemas = ctx.config().schemas;
    io.exclude = ctx.config().exclude;
    CliObserver observer(ctx);
    util::report(workflow::progress_to(&observer), util::Task::kIntrospect, 0, 1);
    const catalog::Catalog c = introspect::introspect_url(url, io);
    util::report(workflow::progress_to(&observer), util::Task::kIntrospect, 1, 1);
    observer.finish();
    if (format == OutputFormat::kJson) {
      nlohmann::json j = catalog::to_json(c);
      j.erase("renames");
      j["content_hash"] = catalog::content_hash(c);
      ctx.print_json(j);
    } else {
      ctx.out() << introspect::catalog_to_text(c);
    }
    return 0;
  });
}

}  // namespace reconcile::cli
