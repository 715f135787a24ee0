// The sides of `reconcile diff FROM TO`: turning a side's spec into a catalog.
//
// Supported now: a PostgreSQL URL (postgres:// or postgresql://), introspected
// over the target schemas of the configuration (reconcile.yaml `schemas`,
// `exclude`). Other kinds of side (a LinkML file, git:REF, rev:ID) are added
// here as one more branch of load_side; until then they are a UsageError that
// says which kinds are supported.
#pragma once

#include <string>

#include "reconciler/cli/context.h"
#include "schema/catalog/catalog.h"

namespace reconcile::diff {

// What kind of side `spec` names.
enum class SideKind { kDatabaseUrl, kGitRef, kRevision, kLinkmlFile };
SideKind side_kind(const std::string& spec);

// The catalog of the state `spec` names. Throws UsageError for a side kind
// that is not supported yet, DatabaseError when a database cannot be read.
catalog::Catalog load_side(const std::string& spec, cli::Context& ctx);

}  // namespace reconcile::diff
