// `reconcile init`, driven like a user drives it: in an empty folder, in a
// folder that already has a schema, and over an existing reconcile.yaml.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "config/config.h"
#include "support/process.h"

namespace rt = reconcile::testing;
namespace fs = std::filesystem;

namespace {

rt::CommandResult run_reconcile(const std::string& args, const std::string& cwd) {
  return rt::run_command("NO_COLOR=1 '" + rt::reconcile_binary() + "' " + args, cwd);
}

}  // namespace

TEST(Init, WritesConfigMigrationsFolderAndStarterSchema) {
  rt::TempDir dir;
  auto r = run_reconcile("init", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::is_regular_file(dir.path() + "/reconcile.yaml"));
  EXPECT_TRUE(fs::is_directory(dir.path() + "/generated-migrations"));
  EXPECT_TRUE(fs::is_regular_file(dir.path() + "/generated-migrations/.gitkeep"));
  EXPECT_TRUE(fs::is_regular_file(dir.path() + "/schema.yaml"));
  EXPECT_NE(r.out.find("wrote reconcile.yaml"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("starter LinkML schema"), std::string::npos) << r.out;

  // The written file loads without warnings and holds the documented defaults.
  auto cfg = reconcile::config::load_config(dir.path() + "/reconcile.yaml");
  EXPECT_TRUE(cfg.warnings.empty()) << cfg.warnings.front().to_string();
  auto defaults = reconcile::config::default_config(dir.path());
  EXPECT_EQ(cfg.schema, defaults.schema);
  EXPECT_EQ(cfg.migrations, defaults.migrations);
  EXPECT_EQ(cfg.profile, defaults.profile);
  EXPECT_EQ(cfg.schemas, defaults.schemas);
  EXPECT_EQ(cfg.lock_timeout, defaults.lock_timeout);
  EXPECT_EQ(cfg.lock_wait, defaults.lock_wait);
  EXPECT_EQ(cfg.lock_retries, defaults.lock_retries);
  EXPECT_EQ(cfg.lock_retry_for, defaults.lock_retry_for);
  EXPECT_EQ(cfg.concurrent_indexes, defaults.concurrent_indexes);
  EXPECT_FALSE(cfg.database.has_value());
  EXPECT_FALSE(cfg.hooks.apply);
  // Every key is documented with a comment.
  std::string text = rt::read_file(dir.path() + "/reconcile.yaml");
  for (const char* key :
       {"schema:", "migrations:", "profile:", "schemas:", "extensions:", "exclude:", "database:",
        "import_map:", "lock_timeout:", "lock_retries:", "lock_retry_for:", "lock_wait:",
        "concurrent_indexes:", "hooks:", "dev_db:"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

TEST(Init, StarterSchemaIsValidLinkml) {
  rt::TempDir dir;
  ASSERT_EQ(run_reconcile("init", dir.path()).exit_code, 0);
  auto r = run_reconcile("sql", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("CREATE TABLE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("person"), std::string::npos) << r.out;
}

TEST(Init, KeepsAnExistingSchema) {
  rt::TempDir dir;
  rt::write_file(dir.path() + "/model/my.yaml", "id: x\nname: mine\n");
  auto r = run_reconcile("--schema model/my.yaml --migrations db/revisions init", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(rt::read_file(dir.path() + "/model/my.yaml"), "id: x\nname: mine\n");
  EXPECT_FALSE(fs::exists(dir.path() + "/schema.yaml"));
  EXPECT_TRUE(fs::is_regular_file(dir.path() + "/db/revisions/.gitkeep"));
  auto cfg = reconcile::config::load_config(dir.path() + "/reconcile.yaml");
  EXPECT_EQ(cfg.schema, "model/my.yaml");
  EXPECT_EQ(cfg.migrations, "db/revisions");
}

TEST(Init, RefusesToOverwriteWithoutForce) {
  rt::TempDir dir;
  rt::write_file(dir.path() + "/reconcile.yaml", "profile: linkml\n");
  auto r = run_reconcile("init", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(rt::read_file(dir.path() + "/reconcile.yaml"), "profile: linkml\n");

  r = run_reconcile("init --force", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("overwrote reconcile.yaml"), std::string::npos) << r.out;
  auto cfg = reconcile::config::load_config(dir.path() + "/reconcile.yaml");
  EXPECT_EQ(cfg.profile, "native");
}

TEST(Init, ProfileOptionIsWritten) {
  rt::TempDir dir;
  ASSERT_EQ(run_reconcile("--profile linkml init --no-schema", dir.path()).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir.path() + "/schema.yaml"));
  auto cfg = reconcile::config::load_config(dir.path() + "/reconcile.yaml");
  EXPECT_EQ(cfg.profile, "linkml");
}
