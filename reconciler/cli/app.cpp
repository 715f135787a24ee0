#include "reconciler/cli/app.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <exception>
#include <iostream>

#include "reconcile_version.h"
#include "reconciler/cli/commands.h"
#include "reconciler/util/logging.h"
#include "reconciler/util/redact.h"
#include "schema/error.h"

namespace reconcile::cli {

void build_app(CLI::App& app, Context& ctx) {
  app.description(
      "reconcile keeps a PostgreSQL database in step with a LinkML schema kept in Git.");
  app.footer(
      "Exit codes: 0 ok/clean, 2 findings or changes (check, plan --detailed-exitcode), "
      "1 error, 3 refused hazard.\nThe database is --database, else $DATABASE_URL, else "
      "the `database` key of reconcile.yaml, else the embedded dev database.");
  app.set_version_flag("--version", std::string("reconcile ") + RECONCILE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(true);

  GlobalOptions& o = ctx.options;
  app.add_option("--config", o.config_file, "Configuration file (default ./reconcile.yaml)")
      ->type_name("FILE");
  app.add_option("--database", o.database,
                 "Database URL (default: $DATABASE_URL, reconcile.yaml, dev database)")
      ->type_name("URL");
  app.add_option("--schema", o.schema, "LinkML entry file (default: reconcile.yaml `schema`)")
      ->type_name("LINKML.yaml");
  app.add_option("--migrations", o.migrations,
                 "Revision folder (default: reconcile.yaml `migrations`)")
      ->type_name("DIR");
  app.add_option("--profile", o.profile, "Mapping profile (default: reconcile.yaml `profile`)")
      ->check(CLI::IsMember({"native", "linkml"}));
  app.add_option("--format", o.format, "Output format (default text)")
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(kFormatNames), std::end(kFormatNames))));
  app.add_flag("--strict", o.strict, "Treat warnings as errors");
  app.add_flag("-v,--verbose", o.verbose, "More log output (repeat for more)");
  app.add_flag("-q,--quiet", o.quiet, "Only warnings and errors on stderr");
  app.add_flag("--no-color", o.no_color, "No ANSI colours");

  register_all(app, ctx);
}

namespace {

void report_error(const Error& e) {
  std::string where = e.where().to_string();
  std::cerr << "reconcile: error: " << (where.empty() ? "" : where + ": ")
            << util::redact_url(e.what()) << "\n";
  if (!e.hint().empty()) std::cerr << "  hint: " << util::redact_url(e.hint()) << "\n";
}

}  // namespace

int run_main(int argc, char** argv) {
  Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  build_app(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  util::setup_logging({ctx.options.verbose, ctx.options.quiet,
                       !ctx.options.no_color && util::terminal_supports_color(STDERR_FILENO)});
  if (!ctx.action()) {
    std::cerr << "reconcile: error: no command given; run `reconcile --help`\n";
    return 1;
  }
  try {
    return ctx.action()();
  } catch (const Error& e) {
    report_error(e);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "reconcile: error: " << util::redact_url(e.what()) << "\n";
    return 1;
  }
}

}  // namespace reconcile::cli
