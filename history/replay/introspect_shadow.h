// The catalog of a shadow database after a replay, introspected with the
// replay's schemas and exclude patterns (the `reconcile` schema never
// appears). One place, so every replay introspects the same way.
#pragma once

#include <pqxx/pqxx>

#include "core/catalog/catalog.h"
#include "history/replay/replay.h"

namespace reconcile::replay {

catalog::Catalog introspect_shadow(pqxx::connection& conn, const ReplayOptions& options);

}  // namespace reconcile::replay
