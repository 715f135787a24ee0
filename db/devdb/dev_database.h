// The project's embedded dev database: which folder and user it uses.
//
// Folder: $RECONCILE_DEV_DB_DIR, else reconcile.yaml `dev_db.path` (relative
// to the file), else `.reconcile/dev-db` next to reconcile.yaml (or in the
// current folder without one). User: reconcile.yaml `dev_db.user`, else
// "postgres" (only used when running as root).
#pragma once

#include "config/config.h"
#include "db/devdb/cluster.h"

namespace reconcile::devdb {

ClusterOptions dev_db_options(const config::Config& config);

}  // namespace reconcile::devdb
