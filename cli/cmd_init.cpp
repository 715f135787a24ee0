// `reconcile init`: write reconcile.yaml (every key with its default and a
// comment), the migrations folder (with a .gitkeep so Git keeps it while it is
// empty) and, when the LinkML entry file does not exist yet, a starter schema.
//
// Guarantees: never overwrites an existing reconcile.yaml unless --force;
// never overwrites an existing schema or anything in the migrations folder;
// the file it writes loads with config::parse_config without warnings.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "util/error.h"

namespace reconcile::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  bool force = false;
  bool no_schema = false;
};

// `path` relative to `base` when it lies inside it, else as given; '/'-separated.
std::string relative_to(const fs::path& path, const fs::path& base) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(path), ec);
  fs::path b = fs::weakly_canonical(fs::absolute(base), ec);
  fs::path rel = abs.lexically_relative(b);
  if (rel.empty() || *rel.begin() == "..") return abs.generic_string();
  return rel.generic_string();
}

std::string config_text(const std::string& schema, const std::string& migrations,
                        const std::string& profile) {
  return R"(# reconcile.yaml: configuration of reconcile for this repository.
# Paths are relative to the folder that holds this file. Command-line options
# (--schema, --migrations, --profile, --database) override these keys.

# The LinkML entry file: the desired state of the database.
schema: )" +
         schema +
         R"(

# The folder of revision files (<timestamp>_<slug>.sql), kept in Git.
migrations: )" +
         migrations + R"(

# How LinkML maps to tables:
#   native  snake_case names, identity columns, no tables for abstract classes
#           and mixins (what PostgreSQL users expect)
#   linkml  the same tables as LinkML's gen-sqltables (to adopt databases it built)
profile: )" +
         profile +
         R"(

# The PostgreSQL schemas reconcile manages. Objects elsewhere are never touched.
schemas:
  - public

# Extensions the database must have (CREATE EXTENSION), e.g. [postgis, pg_trgm].
extensions: []

# Objects other tools own; reconcile never plans changes to them.
# Shell globs matched against "name" and "schema.name", e.g. "staging_*".
exclude: []

# The database to work on. DATABASE_URL and the libpq PG* variables override
# it; with none of them, reconcile runs an embedded dev database
# (.reconcile/dev-db). Do not commit passwords: prefer DATABASE_URL.
database: null

# LinkML imports resolved to local folders: prefix or name -> folder.
import_map: {}

# lock_timeout for each migration step during apply: how long a statement may
# wait for a lock (and so hold up the queries queued behind it). Lock timeouts
# are retried with jittered backoff, up to lock_retries times per step and
# lock_retry_for in all.
lock_timeout: 500ms
lock_retries: 30
lock_retry_for: 2m

# Build and drop indexes of existing tables with CONCURRENTLY (no lock that
# blocks reads or writes); false: plain CREATE/DROP INDEX in the transaction.
concurrent_indexes: true

# How long apply waits for another apply to finish before giving up.
lock_wait: 60s

hooks:
  # true: the git hooks (reconcile hooks install) also apply pending
  # revisions after a merge or checkout; false: they only report.
  apply: false

# The embedded dev database (used when no database is configured).
# dev_db:
#   path: .reconcile/dev-db   # its data folder
#   user: postgres            # the OS user that runs the server when reconcile runs as root
)";
}

const char* kStarterSchema =
    R"(# A starter LinkML schema. Edit it, then run `reconcile plan` to see the SQL.
id: https://example.org/my-project
name: my_project
description: The tables of my project.
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string

classes:
  Person:
    description: Someone we know.
    attributes:
      id:
        identifier: true
        range: integer
      name:
        required: true
      email:
        annotations:
          unique: true
      born_on:
        range: date
)";

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  if (!f) throw InputError("cannot write " + p.string(), SourceLocation{p.string(), 0, 0});
  f << text;
  f.close();
  if (!f) throw InputError("cannot write " + p.string(), SourceLocation{p.string(), 0, 0});
}

int run_init(Context& ctx, const Options& opts) {
  const GlobalOptions& g = ctx.options;
  fs::path config_path =
      g.config_file.empty() ? fs::path(config::kDefaultFileName) : fs::path(g.config_file);
  config_path = fs::absolute(config_path).lexically_normal();
  fs::path base = config_path.parent_path();

  if (fs::exists(config_path) && !opts.force) {
    throw UsageError(config_path.filename().string() + " already exists in " + base.string(),
                     "keep it, or run `reconcile init --force` to overwrite it with the defaults");
  }

  // Values: command-line options, else the defaults.
  config::Config defaults = config::default_config(base.string());
  std::string schema = g.schema.empty() ? defaults.schema : relative_to(g.schema, base);
  std::string migrations =
      g.migrations.empty() ? defaults.migrations : relative_to(g.migrations, base);
  std::string profile = g.profile.empty() ? defaults.profile : g.profile;

  std::error_code ec;
  fs::create_directories(base, ec);
  bool existed = fs::exists(config_path);
  write_file(config_path, config_text(schema, migrations, profile));
  std::ostream& out = ctx.out();
  out << (existed ? "overwrote " : "wrote ") << relative_to(config_path, fs::current_path())
      << "\n";

  fs::path mig = fs::path(migrations).is_absolute() ? fs::path(migrations) : base / migrations;
  bool mig_existed = fs::is_directory(mig);
  fs::create_directories(mig, ec);
  if (ec) {
    throw InputError("cannot create the migrations folder " + mig.string() + ": " + ec.message(),
                     SourceLocation{mig.string(), 0, 0});
  }
  fs::path keep = mig / ".gitkeep";
  if (!fs::exists(keep)) write_file(keep, "");
  out << (mig_existed ? "kept " : "created ") << relative_to(mig, fs::current_path())
      << "/ (revision files)\n";

  fs::path schema_path = fs::path(schema).is_absolute() ? fs::path(schema) : base / schema;
  if (fs::exists(schema_path)) {
    out << "kept " << relative_to(schema_path, fs::current_path()) << " (LinkML schema)\n";
  } else if (!opts.no_schema) {
    fs::create_directories(schema_path.parent_path(), ec);
    write_file(schema_path, kStarterSchema);
    out << "wrote " << relative_to(schema_path, fs::current_path()) << " (starter LinkML schema)\n";
  }

  out << "\nnext steps:\n"
      << "  reconcile plan                    # the SQL that brings the database to the schema\n"
      << "  reconcile revision -m \"initial\"   # write it as a revision and commit it\n"
      << "  reconcile apply                   # run it (the embedded dev database by default)\n"
      << "  reconcile hooks install           # warn about several heads after git pull\n";
  return 0;
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("init", "Write reconcile.yaml and the migrations folder");
  cmd->add_flag("--force", opts->force, "Overwrite an existing reconcile.yaml with the defaults");
  cmd->add_flag("--no-schema", opts->no_schema,
                "Do not write a starter LinkML schema when none exists");
  cmd->footer(
      "Writes reconcile.yaml (every key with its default), the migrations folder with a .gitkeep, "
      "and a starter schema.yaml when the schema file does not exist. --schema, --migrations and "
      "--profile set the values written.");
  on_run(cmd, ctx, [opts, &ctx] { return run_init(ctx, *opts); });
}

}  // namespace reconcile::cli
