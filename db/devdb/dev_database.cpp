#include "db/devdb/dev_database.h"

#include <cstdlib>

namespace reconcile::devdb {

ClusterOptions dev_db_options(const config::Config& config) {
  ClusterOptions o;
  if (const char* env = std::getenv("RECONCILE_DEV_DB_DIR"); env && *env) {
    o.dir = env;
  } else if (!config.dev_db.path.empty()) {
    o.dir = config.resolve(config.dev_db.path);
  } else {
    o.dir = config.resolve(".reconcile/dev-db");
  }
  o.user = config.dev_db.user.empty() ? "postgres" : config.dev_db.user;
  return o;
}

}  // namespace reconcile::devdb
