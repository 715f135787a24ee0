// reconcile.yaml: the project configuration.
//
// Every key, its meaning and its default (README.md, "Configuration"):
//   schema        LinkML entry file                       (schema.yaml)
//   migrations    revision folder                         (generated-migrations)
//   profile       native | linkml                         (native)
//   schemas       target PostgreSQL schemas               ([public])
//   extensions    extensions the database must have       ([])
//   exclude       glob patterns of objects never touched  ([])
//   database      database URL                            (none)
//   import_map    LinkML import prefix or name -> folder  ({})
//   lock_timeout  PostgreSQL lock_timeout per statement   (500ms)
//   lock_retries  retries of a step after a lock timeout  (30)
//   lock_retry_for  total time apply spends retrying      (2m)
//   lock_wait     how long apply waits for its lock       (60s)
//   concurrent_indexes  CREATE/DROP INDEX CONCURRENTLY on existing tables (true)
//   hooks.apply   git hooks also apply pending revisions  (false)
//   dev_db.path   embedded dev database folder            (.reconcile/dev-db)
//   dev_db.user   OS user the dev server runs as as root  (postgres)
//
// Guarantees: a malformed file or a bad value is an InputError naming file,
// line and column; an unknown key is a warning with its position (loading
// goes on). Relative paths are kept as written; resolve() makes them absolute
// against the folder that holds the file.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace reconcile::config {

inline constexpr const char* kDefaultFileName = "reconcile.yaml";

struct ConfigWarning {
  SourceLocation where;
  std::string message;
  // "file:line:col: warning: message"
  std::string to_string() const;
};

struct HooksConfig {
  bool apply = false;  // hooks run `apply` after a merge, not only `status --hook`
};

struct DevDbConfig {
  std::string path;  // empty: .reconcile/dev-db next to reconcile.yaml
  std::string user;  // empty: "postgres" (only used when running as root)
};

struct Config {
  std::string file;      // the file this came from; empty when built from defaults
  std::string base_dir;  // absolute folder relative paths resolve against

  std::string schema = "schema.yaml";
  std::string migrations = "generated-migrations";
  std::string profile = "native";
  std::vector<std::string> schemas = {"public"};
  std::vector<std::string> extensions;
  std::vector<std::string> exclude;
  std::optional<std::string> database;
  std::map<std::string, std::string> import_map;
  std::chrono::milliseconds lock_timeout{500};
  int lock_retries = 30;
  std::chrono::milliseconds lock_retry_for{120000};
  std::chrono::milliseconds lock_wait{60000};
  bool concurrent_indexes = true;
  HooksConfig hooks;
  DevDbConfig dev_db;

  std::vector<ConfigWarning> warnings;

  // `path` made absolute against base_dir (unchanged if already absolute).
  std::string resolve(const std::string& path) const;
  // True if `exclude` has a pattern matching `name` or `schema.name`
  // (shell glob: * ? [...]).
  bool excluded(const std::string& schema_name, const std::string& name) const;
};

// Defaults, with base_dir = `base_dir` (absolute or made absolute).
Config default_config(const std::string& base_dir);
// Parses `text` as a reconcile.yaml read from `file_name` (used for messages
// and for base_dir).
Config parse_config(const std::string& text, const std::string& file_name);
// Reads and parses `path`; InputError if it cannot be read.
Config load_config(const std::string& path);

// The longest duration parse_duration accepts: PostgreSQL's own limit for
// lock_timeout (2147483647 ms, about 24.8 days).
inline constexpr long long kMaxDurationMs = 2147483647LL;

// "5s", "500ms", "2m", "1h", or a bare number of seconds (decimals allowed:
// "1.5s"); InputError naming `where` otherwise, also for a duration longer
// than kMaxDurationMs or, with `positive`, one that rounds to 0 ms.
std::chrono::milliseconds parse_duration(const std::string& text, const SourceLocation& where = {},
                                         bool positive = false);

// A whole number in [min, max] ("30"); InputError naming `where` otherwise.
int parse_count(const std::string& text, int min, int max, const SourceLocation& where = {});

}  // namespace reconcile::config
