#include "history/replay/introspect_shadow.h"

#include "db/introspect/introspect.h"

namespace reconcile::replay {

catalog::Catalog introspect_shadow(pqxx::connection& conn, const ReplayOptions& options) {
  introspect::IntrospectOptions io;
  io.schemas = options.schemas;
  io.exclude = options.exclude;
  return introspect::introspect(conn, io);
}

}  // namespace reconcile::replay
