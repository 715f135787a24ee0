// A readable text rendering of a catalog, for `reconcile inspect`.
//
// Layout: one block per schema (comment, enums, sequences, then tables with
// their columns, keys, constraints and indexes), then extensions, then the
// unmanaged objects. Identifiers are quoted as SQL would need them; output is
// deterministic.
#pragma once

#include <string>

#include "core/catalog/catalog.h"

namespace reconcile::introspect {

std::string catalog_to_text(const catalog::Catalog& c);

}  // namespace reconcile::introspect
