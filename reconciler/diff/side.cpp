#include "reconciler/diff/side.h"

#include "reconciler/introspect/introspect.h"
#include "schema/error.h"

namespace reconcile::diff {

SideKind side_kind(const std::string& spec) {
  if (spec.rfind("postgres://", 0) == 0 || spec.rfind("postgresql://", 0) == 0)
    return SideKind::kDatabaseUrl;
  if (spec.rfind("git:", 0) == 0) return SideKind::kGitRef;
  if (spec.rfind("rev:", 0) == 0) return SideKind::kRevision;
  return SideKind::kLinkmlFile;
}

catalog::Catalog load_side(const std::string& spec, cli::Context& ctx) {
  switch (side_kind(spec)) {
    case SideKind::kDatabaseUrl: {
      introspect::IntrospectOptions options;
      options.schemas = ctx.config().schemas;
      options.exclude = ctx.config().exclude;
      return introspect::introspect_url(spec, options);
    }
    case SideKind::kGitRef:
    case SideKind::kRevision:
    case SideKind::kLinkmlFile:
      break;
  }
  throw UsageError("cannot read '" + spec + "' as a side of diff yet",
                   "give a PostgreSQL URL (postgres://... or postgresql://...)");
}

}  // namespace reconcile::diff
