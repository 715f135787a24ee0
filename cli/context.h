// The state every command shares: the global options, the configuration
// (loaded once, on first use), the database URL resolution, and output
// helpers. One Context lives in main() for the whole run; commands receive it
// by reference when they register and use it when they run.
//
// Guarantees:
//  * Results go to out() (stdout); logs and messages go to stderr via spdlog.
//  * database_url() never logs or prints a password (see util/redact.h).
//  * Paths given on the command line resolve against the current folder;
//    paths from reconcile.yaml resolve against the folder of that file.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/workflow/project.h"
#include "cli/progress_view.h"
#include "config/config.h"

namespace reconcile::cli {

enum class OutputFormat { kText, kJson, kSql, kGithub, kJunit, kMermaid, kMarkdown };

// Names of the formats accepted by --format, in help order.
inline const char* const kFormatNames[] = {"text",  "json",    "sql",     "github",
                                           "junit", "mermaid", "markdown"};

// The global options, exactly as given on the command line (empty = not given).
struct GlobalOptions {
  std::string config_file;  // --config
  std::string database;     // --database
  std::string schema;       // --schema
  std::string migrations;   // --migrations
  std::string profile;      // --profile native|linkml
  std::string format = "text";
  bool strict = false;
  int verbose = 0;  // number of -v
  bool quiet = false;
  bool no_color = false;
  std::string progress = "auto";  // --progress auto|never|json
};

// Where the database URL came from (for messages).
enum class DatabaseSource { kOption, kEnvironment, kLibpqEnvironment, kConfig, kDevDatabase };

class Context {
 public:
  GlobalOptions options;

  // reconcile.yaml: --config FILE (must exist), else ./reconcile.yaml if it
  // exists, else defaults rooted at the current folder. Loaded once; its
  // warnings are logged once. Throws InputError on a broken file.
  const config::Config& config();

  // --schema, else reconcile.yaml `schema` (absolute path).
  std::string schema_path();
  // --migrations, else reconcile.yaml `migrations` (absolute path).
  std::string migrations_dir();
  // --profile, else reconcile.yaml `profile`: "native" or "linkml".
  std::string profile();
  OutputFormat format() const;
  bool strict() const { return options.strict; }
  // Colour on stdout: not --no-color, NO_COLOR unset, stdout a terminal.
  bool color() const;
  // How long work shows progress (cli/progress_view.h): --progress json:
  // JSON lines on stderr; never: nothing; auto: a line on stderr when stderr
  // is a terminal (not TERM=dumb), the format is text and not -q.
  ProgressView::Mode progress_mode() const;

  // stdout, for results.
  std::ostream& out();
  // Prints `value` as indented JSON followed by a newline on out().
  void print_json(const nlohmann::json& value);
  // Throws UsageError: "<command> does not support --format <f>" (lists `supported`).
  [[noreturn]] void unsupported_format(const std::string& command,
                                       const std::string& supported) const;

  // The action the parsed command will run; set by on_run() during parsing.
  void set_action(std::function<int()> action) { action_ = std::move(action); }
  const std::function<int()>& action() const { return action_; }

  // Set by database_url(): where the URL came from.
  std::optional<DatabaseSource> database_source;
  // True once the dev-database notice has been printed (or must not be).
  bool dev_db_announced = false;

 private:
  std::optional<config::Config> config_;
  std::function<int()> action_;
};

// The database to work on: --database, else $DATABASE_URL, else libpq's own
// environment (PGHOST/PGSERVICE/PGDATABASE set: "postgresql://" lets libpq
// fill in the rest), else reconcile.yaml `database`, else the embedded dev
// database, started on demand. Starting it is said once on stderr (info);
// using one that was running already only with -v (debug).
std::string database_url(Context& ctx);

// The project the workflows work on: reconcile.yaml with --schema,
// --migrations, --profile and --strict over it.
workflow::Project project(Context& ctx);

// The database for a workflow: database_url(ctx), resolved when the workflow
// reaches the database.
workflow::DatabaseUrl database(Context& ctx);

// Registers `action` as what `command` runs when it is the chosen command.
// The action returns the process exit code; reconcile::Error escapes are
// mapped to their exit code by the frame.
void on_run(CLI::App* command, Context& ctx, std::function<int()> action);

}  // namespace reconcile::cli
