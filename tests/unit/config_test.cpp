// reconcile.yaml loading: defaults, every key, positions in errors and warnings.
#include <gtest/gtest.h>

#include "config/config.h"
#include "util/error.h"

using namespace reconcile;
using namespace reconcile::config;
using namespace std::chrono_literals;

TEST(Config, EmptyFileGivesDefaults) {
  Config c = parse_config("", "/repo/reconcile.yaml");
  EXPECT_EQ(c.schema, "schema.yaml");
  EXPECT_EQ(c.migrations, "generated-migrations");
  EXPECT_EQ(c.profile, "native");
  EXPECT_EQ(c.schemas, std::vector<std::string>{"public"});
  EXPECT_TRUE(c.extensions.empty());
  EXPECT_TRUE(c.exclude.empty());
  EXPECT_FALSE(c.database.has_value());
  EXPECT_TRUE(c.import_map.empty());
  EXPECT_EQ(c.lock_timeout, 500ms);
  EXPECT_EQ(c.lock_retries, 30);
  EXPECT_EQ(c.lock_retry_for, 120s);
  EXPECT_EQ(c.lock_wait, 60s);
  EXPECT_TRUE(c.concurrent_indexes);
  EXPECT_FALSE(c.hooks.apply);
  EXPECT_EQ(c.dev_db.path, "");
  EXPECT_EQ(c.dev_db.user, "");
  EXPECT_EQ(c.base_dir, "/repo");
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, ReadsEveryKey) {
  const char* text = R"(schema: model/main.yaml
migrations: db/revisions
profile: linkml
schemas: [public, lab]
extensions:
  - postgis
  - pg_trgm
exclude:
  - "etl_*"
  - staging.raw
database: postgresql://app@db/app
import_map:
  core: ../shared/core
  linkml: vendored/linkml
lock_timeout: 750ms
lock_retries: 12
lock_retry_for: 45s
lock_wait: 2m
concurrent_indexes: false
hooks:
  apply: true
dev_db:
  path: /var/tmp/devdb
  user: builder
)";
  Config c = parse_config(text, "/repo/reconcile.yaml");
  EXPECT_EQ(c.schema, "model/main.yaml");
  EXPECT_EQ(c.migrations, "db/revisions");
  EXPECT_EQ(c.profile, "linkml");
  EXPECT_EQ(c.schemas, (std::vector<std::string>{"public", "lab"}));
  EXPECT_EQ(c.extensions, (std::vector<std::string>{"postgis", "pg_trgm"}));
  EXPECT_EQ(c.exclude, (std::vector<std::string>{"etl_*", "staging.raw"}));
  ASSERT_TRUE(c.database.has_value());
  EXPECT_EQ(*c.database, "postgresql://app@db/app");
  EXPECT_EQ(c.import_map.at("core"), "../shared/core");
  EXPECT_EQ(c.import_map.at("linkml"), "vendored/linkml");
  EXPECT_EQ(c.lock_timeout, 750ms);
  EXPECT_EQ(c.lock_retries, 12);
  EXPECT_EQ(c.lock_retry_for, 45s);
  EXPECT_EQ(c.lock_wait, 120s);
  EXPECT_FALSE(c.concurrent_indexes);
  EXPECT_TRUE(c.hooks.apply);
  EXPECT_EQ(c.dev_db.path, "/var/tmp/devdb");
  EXPECT_EQ(c.dev_db.user, "builder");
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, ResolvesRelativePathsAgainstTheFile) {
  Config c = parse_config("schema: model/main.yaml\n", "/repo/sub/reconcile.yaml");
  EXPECT_EQ(c.resolve(c.schema), "/repo/sub/model/main.yaml");
  EXPECT_EQ(c.resolve("../x"), "/repo/x");
  EXPECT_EQ(c.resolve("/abs/path"), "/abs/path");
}

TEST(Config, UnknownKeysWarnWithPosition) {
  Config c = parse_config("schema: a.yaml\nschemaz: b.yaml\nhooks:\n  aply: true\n", "r.yaml");
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0].where.file, "r.yaml");
  EXPECT_EQ(c.warnings[0].where.line, 2);
  EXPECT_EQ(c.warnings[0].where.column, 1);
  EXPECT_NE(c.warnings[0].message.find("schemaz"), std::string::npos);
  EXPECT_EQ(c.warnings[1].where.line, 4);
  EXPECT_EQ(c.warnings[1].where.column, 3);
  EXPECT_NE(c.warnings[1].message.find("hooks.aply"), std::string::npos);
  EXPECT_EQ(c.warnings[0].to_string(), "r.yaml:2:1: warning: " + c.warnings[0].message);
}

// Runs parse_config and returns the InputError it throws.
static InputError parse_error(const std::string& text) {
  try {
    parse_config(text, "cfg/reconcile.yaml");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return InputError("none");
}

TEST(Config, SyntaxErrorNamesFileLineColumn) {
  InputError e = parse_error("schema: a.yaml\nschemas: [public\n");
  EXPECT_EQ(e.where().file, "cfg/reconcile.yaml");
  EXPECT_GE(e.where().line, 2);
  EXPECT_GT(e.where().column, 0);
}

TEST(Config, BadValuesNameTheirPosition) {
  InputError profile = parse_error("schema: a.yaml\nprofile: sqlalchemy\n");
  EXPECT_EQ(profile.where().line, 2);
  EXPECT_EQ(profile.where().column, 10);
  EXPECT_NE(std::string(profile.what()).find("sqlalchemy"), std::string::npos);

  InputError dur = parse_error("lock_wait: soon\n");
  EXPECT_EQ(dur.where().line, 1);
  EXPECT_EQ(dur.where().column, 12);

  InputError hooks = parse_error("hooks:\n  apply: maybe\n");
  EXPECT_EQ(hooks.where().line, 2);

  InputError list = parse_error("schemas:\n  a: b\n");
  EXPECT_EQ(list.where().line, 2);

  InputError empty = parse_error("schemas: []\n");
  EXPECT_EQ(empty.where().line, 1);

  InputError root = parse_error("- just\n- a list\n");
  EXPECT_EQ(root.where().line, 1);
}

TEST(Config, SingleScalarIsAOneItemList) {
  Config c = parse_config("schemas: lab\nextensions: postgis\n", "r.yaml");
  EXPECT_EQ(c.schemas, std::vector<std::string>{"lab"});
  EXPECT_EQ(c.extensions, std::vector<std::string>{"postgis"});
}

TEST(Config, ExcludeMatchesNameOrQualifiedName) {
  Config c = parse_config("exclude: ['etl_*', 'staging.raw_?', '*.tmp']\n", "r.yaml");
  EXPECT_TRUE(c.excluded("public", "etl_load"));
  EXPECT_TRUE(c.excluded("staging", "raw_1"));
  EXPECT_FALSE(c.excluded("public", "raw_1"));
  EXPECT_TRUE(c.excluded("anything", "tmp"));
  EXPECT_FALSE(c.excluded("public", "sample"));
}

TEST(Config, Durations) {
  EXPECT_EQ(parse_duration("5s"), 5s);
  EXPECT_EQ(parse_duration("5"), 5s);
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(parse_duration("2m"), 120s);
  EXPECT_EQ(parse_duration("1h"), 3600s);
  EXPECT_THROW(parse_duration(""), InputError);
  EXPECT_THROW(parse_duration("5 parsecs"), InputError);
  EXPECT_THROW(parse_duration("s"), InputError);
  EXPECT_THROW(parse_duration("1.2.3s"), InputError);
  EXPECT_THROW(parse_duration("99999999999999999999h"), InputError);
  EXPECT_EQ(parse_duration("2147483647ms"), 2147483647ms);
  EXPECT_THROW(parse_duration("2147483648ms"), InputError);
  EXPECT_EQ(parse_duration("0"), 0ms);
  EXPECT_THROW(parse_duration("0", {}, true), InputError);
}

TEST(Config, OutOfRangeDurationsAreRejectedWithTheirPosition) {
  // Overflows a 64-bit count of milliseconds many times over.
  InputError huge = parse_error("schema: a.yaml\nlock_timeout: 99999999999999999999h\n");
  EXPECT_EQ(huge.where().file, "cfg/reconcile.yaml");
  EXPECT_EQ(huge.where().line, 2);
  EXPECT_EQ(huge.where().column, 15);
  EXPECT_NE(std::string(huge.what()).find("out of range"), std::string::npos) << huge.what();

  // PostgreSQL's lock_timeout is at most 2147483647 ms.
  InputError big = parse_error("lock_timeout: 2147483648ms\n");
  EXPECT_NE(std::string(big.what()).find("out of range"), std::string::npos) << big.what();
  EXPECT_EQ(big.where().line, 1);
  InputError days = parse_error("lock_wait: 597h\n");  // 2149200000 ms
  EXPECT_EQ(days.where().line, 1);
  EXPECT_NE(std::string(days.what()).find("out of range"), std::string::npos) << days.what();
  EXPECT_EQ(parse_config("lock_wait: 596h\n", "r.yaml").lock_wait, 596h);

  // lock_timeout 0 would mean waiting without limit.
  InputError zero = parse_error("lock_timeout: 0ms\n");
  EXPECT_EQ(zero.where().line, 1);
  EXPECT_EQ(zero.where().column, 15);

  InputError retries = parse_error("lock_retries: -1\n");
  EXPECT_EQ(retries.where().column, 15);
  EXPECT_EQ(parse_error("lock_retries: 99999999999\n").where().line, 1);
  EXPECT_EQ(parse_error("lock_retry_for: 1e9s\n").where().line, 1);
  EXPECT_EQ(parse_error("concurrent_indexes: sometimes\n").where().line, 1);
}

// Found by the config fuzz target (tests/data/fuzz/config/duration_overflow.yaml):
// a value beyond what milliseconds hold was converted with undefined behaviour.
TEST(Config, DurationTooLongIsAnInputError) {
  EXPECT_EQ(parse_duration("500h"), std::chrono::hours(500));
  EXPECT_THROW(parse_duration("500000000000000000000000000"), InputError);
  EXPECT_THROW(parse_duration("1000000000h"), InputError);
  EXPECT_THROW(parse_config("lock_timeout: 500000000000000000000000000\n", "r.yaml"), InputError);
}

TEST(Config, LoadConfigReportsMissingFile) {
  EXPECT_THROW(load_config("/nonexistent/reconcile.yaml"), InputError);
}
