#include "cli/context.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "db/devdb/dev_database.h"
#include "util/error.h"
#include "util/logging.h"
#include "util/redact.h"

namespace reconcile::cli {
namespace fs = std::filesystem;

namespace {

std::string absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().string();
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

}  // namespace

const config::Config& Context::config() {
  if (config_) return *config_;
  if (!options.config_file.empty()) {
    if (!fs::exists(options.config_file)) {
      throw UsageError("configuration file " + options.config_file + " does not exist",
                       "check --config, or run `reconcile init` to write one");
    }
    config_ = config::load_config(options.config_file);
  } else if (fs::exists(config::kDefaultFileName)) {
    config_ = config::load_config(config::kDefaultFileName);
  } else {
    config_ = config::default_config(".");
  }
  for (const auto& w : config_->warnings) {
    spdlog::warn("{}", w.where.known() ? w.where.to_string() + ": " + w.message : w.message);
  }
  return *config_;
}

std::string Context::schema_path() {
  if (!options.schema.empty()) return absolute(options.schema);
  return config().resolve(config().schema);
}

std::string Context::migrations_dir() {
  if (!options.migrations.empty()) return absolute(options.migrations);
  return config().resolve(config().migrations);
}

std::string Context::profile() {
  if (!options.profile.empty()) return options.profile;
  return config().profile;
}

OutputFormat Context::format() const {
  const std::string& f = options.format;
  if (f == "json") return OutputFormat::kJson;
  if (f == "sql") return OutputFormat::kSql;
  if (f == "github") return OutputFormat::kGithub;
  if (f == "junit") return OutputFormat::kJunit;
  if (f == "mermaid") return OutputFormat::kMermaid;
  if (f == "markdown") return OutputFormat::kMarkdown;
  return OutputFormat::kText;
}

bool Context::color() const {
  return !options.no_color && util::terminal_supports_color(STDOUT_FILENO);
}

ProgressView::Mode Context::progress_mode() const {
  if (options.progress == "json") return ProgressView::Mode::kJsonLines;
  if (options.progress == "never" || options.quiet || format() != OutputFormat::kText)
    return ProgressView::Mode::kNone;
  const char* term = std::getenv("TERM");
  if ((term && std::string(term) == "dumb") || isatty(STDERR_FILENO) != 1)
    return ProgressView::Mode::kNone;
  return ProgressView::Mode::kTerminal;
}

std::ostream& Context::out() {
  return std::cout;
}

void Context::print_json(const nlohmann::json& value) {
  out() << value.dump(2) << "\n";
}

void Context::unsupported_format(const std::string& command, const std::string& supported) const {
  throw UsageError(command + " does not support --format " + options.format,
                   "use one of: " + supported);
}

std::string database_url(Context& ctx) {
  if (!ctx.options.database.empty()) {
    util::check_connection_string(ctx.options.database);
    ctx.database_source = DatabaseSource::kOption;
    return ctx.options.database;
  }
  if (const char* url = env("DATABASE_URL")) {
    util::check_connection_string(url);
    ctx.database_source = DatabaseSource::kEnvironment;
    return url;
  }
  if (env("PGHOST") || env("PGSERVICE") || env("PGDATABASE")) {
    ctx.database_source = DatabaseSource::kLibpqEnvironment;
    return "postgresql://";
  }
  if (ctx.config().database) {
    util::check_connection_string(*ctx.config().database);
    ctx.database_source = DatabaseSource::kConfig;
    return *ctx.config().database;
  }
  devdb::Cluster cluster(devdb::dev_db_options(ctx.config()));
  const bool start = cluster.status().state != devdb::State::kRunning;
  if (start) {
    spdlog::debug("no database configured: starting the embedded dev database in {}",
                  cluster.options().dir);
    cluster.start();
  }
  std::string url = cluster.url();
  if (!ctx.dev_db_announced) {
    // Said when this command started it; a running one is news only with -v.
    if (start)
      spdlog::info("using the embedded dev database at {} (started it in {})",
                   util::redact_url(url), cluster.options().dir);
    else
      spdlog::debug("using the embedded dev database at {}", util::redact_url(url));
    ctx.dev_db_announced = true;
  }
  ctx.database_source = DatabaseSource::kDevDatabase;
  return url;
}

workflow::Project project(Context& ctx) {
  workflow::Project p;
  p.config = ctx.config();
  p.schema_path = ctx.schema_path();
  p.migrations_dir = ctx.migrations_dir();
  p.profile = ctx.profile();
  p.strict = ctx.strict();
  return p;
}

workflow::DatabaseUrl database(Context& ctx) {
  return workflow::DatabaseUrl::resolved_by([&ctx] { return database_url(ctx); });
}

void on_run(CLI::App* command, Context& ctx, std::function<int()> action) {
  command->callback([&ctx, action = std::move(action)] { ctx.set_action(action); });
}

}  // namespace reconcile::cli
