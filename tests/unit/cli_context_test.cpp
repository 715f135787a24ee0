// Context: configuration loading, path and profile fallbacks, database URL
// resolution order (without reaching the dev database), output formats.
#include <gtest/gtest.h>

#include <cstdlib>

#include "cli/app.h"
#include "cli/context.h"
#include "support/process.h"
#include "util/error.h"

using namespace reconcile;
using namespace reconcile::cli;
using reconcile::testing::TempDir;
using reconcile::testing::write_file;

namespace {

// Clears the variables database_url() reads, restoring them afterwards.
class CleanEnv {
 public:
  CleanEnv() {
    for (const char* name : kNames) {
      const char* v = std::getenv(name);
      saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
      unsetenv(name);
    }
  }
  ~CleanEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }

 private:
  static constexpr const char* kNames[] = {"DATABASE_URL", "PGHOST", "PGSERVICE", "PGDATABASE"};
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace

TEST(CliContext, DatabaseOptionWinsOverEverything) {
  CleanEnv env;
  TempDir dir;
  write_file(dir.path() + "/reconcile.yaml", "database: postgresql://from-config/db\n");
  Context ctx;
  ctx.options.config_file = dir.path() + "/reconcile.yaml";
  ctx.options.database = "postgresql://from-option/db";
  setenv("DATABASE_URL", "postgresql://from-env/db", 1);
  EXPECT_EQ(database_url(ctx), "postgresql://from-option/db");
  EXPECT_EQ(ctx.database_source, DatabaseSource::kOption);
}

TEST(CliContext, EnvironmentWinsOverConfig) {
  CleanEnv env;
  TempDir dir;
  write_file(dir.path() + "/reconcile.yaml", "database: postgresql://from-config/db\n");
  Context ctx;
  ctx.options.config_file = dir.path() + "/reconcile.yaml";
  setenv("DATABASE_URL", "postgresql://from-env/db", 1);
  EXPECT_EQ(database_url(ctx), "postgresql://from-env/db");
  EXPECT_EQ(ctx.database_source, DatabaseSource::kEnvironment);
  unsetenv("DATABASE_URL");
  setenv("PGHOST", "somewhere", 1);
  EXPECT_EQ(database_url(ctx), "postgresql://");
  EXPECT_EQ(ctx.database_source, DatabaseSource::kLibpqEnvironment);
  unsetenv("PGHOST");
  EXPECT_EQ(database_url(ctx), "postgresql://from-config/db");
  EXPECT_EQ(ctx.database_source, DatabaseSource::kConfig);
}

TEST(CliContext, PathsFromConfigResolveAgainstItsFolder) {
  TempDir dir;
  write_file(dir.path() + "/proj/reconcile.yaml",
             "schema: model/main.yaml\nmigrations: revs\nprofile: linkml\n");
  Context ctx;
  ctx.options.config_file = dir.path() + "/proj/reconcile.yaml";
  EXPECT_EQ(ctx.schema_path(), dir.path() + "/proj/model/main.yaml");
  EXPECT_EQ(ctx.migrations_dir(), dir.path() + "/proj/revs");
  EXPECT_EQ(ctx.profile(), "linkml");
  ctx.options.profile = "native";
  EXPECT_EQ(ctx.profile(), "native");
  ctx.options.schema = "/abs/other.yaml";
  EXPECT_EQ(ctx.schema_path(), "/abs/other.yaml");
}

TEST(CliContext, MissingExplicitConfigIsAUsageError) {
  Context ctx;
  ctx.options.config_file = "/nonexistent/reconcile.yaml";
  EXPECT_THROW(ctx.config(), UsageError);
}

TEST(CliContext, BrokenConfigIsAnInputErrorWithPosition) {
  TempDir dir;
  write_file(dir.path() + "/reconcile.yaml", "schemas: [a, b\n");
  Context ctx;
  ctx.options.config_file = dir.path() + "/reconcile.yaml";
  try {
    ctx.config();
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, dir.path() + "/reconcile.yaml");
    EXPECT_GT(e.where().line, 0);
  }
}

TEST(CliContext, Formats) {
  Context ctx;
  EXPECT_EQ(ctx.format(), OutputFormat::kText);
  ctx.options.format = "json";
  EXPECT_EQ(ctx.format(), OutputFormat::kJson);
  ctx.options.format = "mermaid";
  EXPECT_EQ(ctx.format(), OutputFormat::kMermaid);
  ctx.options.format = "github";
  EXPECT_THROW(ctx.unsupported_format("inspect", "text, json"), UsageError);
}

TEST(CliContext, BuildAppRegistersEveryCommandAndParsesGlobals) {
  Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  build_app(app, ctx);
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  std::vector<std::string> want = {
      "init", "sql", "inspect", "diff", "plan", "revision", "rehash", "apply", "downgrade",
      "status", "history", "heads", "merge", "check", "baseline", "hooks", "dev-db", "version",
      // completion, and the hidden helpers of completion and the man page
      "completion", "__complete", "__man"};
  EXPECT_EQ(names, want);

  const char* argv[] = {"reconcile", "--format",   "json",      "-vv",   "--strict",
                        "version",   "--no-color", "--profile", "linkml"};
  app.parse(static_cast<int>(std::size(argv)), const_cast<char**>(argv));
  EXPECT_EQ(ctx.options.format, "json");
  EXPECT_EQ(ctx.options.verbose, 2);
  EXPECT_TRUE(ctx.options.strict);
  EXPECT_TRUE(ctx.options.no_color);
  EXPECT_EQ(ctx.options.profile, "linkml");
  EXPECT_TRUE(static_cast<bool>(ctx.action()));
}
