#include "cli/app.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "reconcile_version.h"
#include "util/error.h"
#include "util/logging.h"
#include "util/redact.h"
#include "util/strings.h"

namespace reconcile::cli {

void build_app(CLI::App& app, Context& ctx) {
  app.description(
      "reconcile keeps a PostgreSQL database in step with a LinkML schema kept in Git.");
  app.footer(
      "Exit codes: 0 ok/clean, 2 findings or changes (check, plan/diff --detailed-exitcode, "
      "apply --no-generate, merge conflicts), 1 error, 3 refused hazard.\nThe database is "
      "--database, else "
      "$DATABASE_URL, else libpq's PGHOST/PGSERVICE/PGDATABASE when set, else the `database` key "
      "of reconcile.yaml, else the embedded dev database.");
  app.set_version_flag("--version", std::string("reconcile ") + RECONCILE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(true);

  GlobalOptions& o = ctx.options;
  app.add_option("--config", o.config_file, "Configuration file (default ./reconcile.yaml)")
      ->type_name("FILE");
  app.add_option(
         "--database", o.database,
         "Database URL (default: $DATABASE_URL, PG* variables, reconcile.yaml, dev database)")
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
  app.add_flag("-q,--quiet", o.quiet, "Only results and errors: no notes, warnings or progress");
  app.add_flag("--no-color", o.no_color,
               "No ANSI colours (also NO_COLOR, or output not a terminal)");
  app.add_option("--progress", o.progress,
                 "Progress of long work on stderr: auto (a line on a terminal, after a second; "
                 "text format only), never, json (JSON lines)")
      ->check(CLI::IsMember({"auto", "never", "json"}));

  // A global option given twice (before and after the command, say) takes
  // the last value, as git does.
  for (const char* name : {"--config", "--database", "--schema", "--migrations", "--profile",
                           "--format", "--progress"})
    app.get_option(name)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

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

// Levenshtein distance, for "did you mean" on a mistyped command.
using util::edit_distance;

// The first word of the command line that is not an option (or an option's
// value) when it names no command; empty otherwise.
std::string unknown_command(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return "";
    if (arg.rfind("-", 0) == 0) {
      const CLI::Option* o = app.get_option_no_throw(arg.substr(0, arg.find('=')));
      if (o && o->get_items_expected_max() > 0 && arg.find('=') == std::string::npos) ++i;
      continue;
    }
    auto named = app.get_subcommands([&](const CLI::App* sub) { return sub->check_name(arg); });
    return named.empty() ? arg : "";
  }
  return "";
}

int report_unknown_command(const CLI::App& app, const std::string& name) {
  std::string best;
  size_t best_distance = 3;  // suggest only close matches
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    size_t d = edit_distance(name, sub->get_name());
    if (d < best_distance) {
      best_distance = d;
      best = sub->get_name();
    }
  }
  std::cerr << "reconcile: error: unknown command '" << name << "'\n";
  if (!best.empty())
    std::cerr << "  hint: did you mean `reconcile " << best
              << "`? (`reconcile --help` lists the commands)\n";
  else
    std::cerr << "  hint: `reconcile --help` lists the commands\n";
  return 1;
}

int run_main(int argc, char** argv) {
  Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  build_app(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      std::string unknown = unknown_command(app, argc, argv);
      if (!unknown.empty()) return report_unknown_command(app, unknown);
    }
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
