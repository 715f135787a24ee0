// Shadow databases: throwaway databases that replays run in.
//
// shadow_server_url() says which server they live on: $RECONCILE_SHADOW_URL
// when set (any PostgreSQL server where that role may CREATE DATABASE),
// else the project's embedded dev database (reconcile.yaml dev_db), started
// on demand.
//
// ShadowDatabase creates a uniquely named database on construction and drops
// it (WITH (FORCE)) on destruction; it never touches any other database.
#pragma once

#include <string>

#include "reconciler/config/config.h"

namespace reconcile::replay {

std::string shadow_server_url(const config::Config& config);

// Replay options for the project: shadow_server_url(config), the target
// schemas and exclude patterns of reconcile.yaml.
struct ReplayOptions;
ReplayOptions replay_options(const config::Config& config);

// `url` with its database replaced by `database`. Accepts URLs
// (postgresql://...) and key=value connection strings; other parameters are
// kept. Throws UsageError when `url` cannot be parsed.
std::string with_database(const std::string& url, const std::string& database);

class ShadowDatabase {
 public:
  // Creates the database on the server of `server_url`. Throws DatabaseError.
  ShadowDatabase(const std::string& server_url, const std::string& hint);
  ~ShadowDatabase();
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace reconcile::replay
