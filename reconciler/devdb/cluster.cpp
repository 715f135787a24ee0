#include "reconciler/devdb/dev_database.h"

#include "schema/error.h"

namespace reconcile::devdb {
Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {}
Status Cluster::start() { throw Error(ErrorKind::kInternal, "dev database: not built yet"); }
Status Cluster::status() const { throw Error(ErrorKind::kInternal, "dev database: not built yet"); }
std::string Cluster::url(const std::string&) const { throw Error(ErrorKind::kInternal, "dev database: not built yet"); }
ClusterOptions dev_db_options(const config::Config&) { return {}; }
}  // namespace reconcile::devdb
