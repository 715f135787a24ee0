#include "reconciler/diff/side.h"

#include <filesystem>
#include <iostream>

#include "reconciler/desired/desired.h"
#include "reconciler/desired/source.h"
#include "reconciler/introspect/introspect.h"
#include "reconciler/replay/replay.h"
#include "reconciler/replay/shadow.h"
#include "reconciler/revision/store.h"
#include "schema/error.h"

namespace reconcile::diff {

namespace {

catalog::Catalog linkml_side(const std::string& spec, const std::string& ref,
                             const std::string& schema_path, cli::Context& ctx) {
  auto options = desired::options_from_config(ctx.config(), schema_path, ctx.profile());
  auto reader = desired::schema_reader(ref);
  return desired::load_checked(*reader, options, ctx.strict(), std::cerr,
                               "cannot diff against " + spec);
}

catalog::Catalog revision_side(const std::string& spec, cli::Context& ctx) {
  std::string id = spec.substr(4);
  auto store = revision::RevisionStore::load(ctx.migrations_dir());
  if (id == "head") {
    auto heads = store.heads();
    if (heads.size() != 1)
      throw UsageError("rev:head needs exactly one head; the history in " + ctx.migrations_dir() +
                           " has " + std::to_string(heads.size()),
                       "name the revision: rev:<id> (`reconcile heads` lists them)");
    id = heads.front();
  }
  if (!store.contains(id))
    throw UsageError("no revision '" + id + "' in " + ctx.migrations_dir(),
                     "`reconcile history` lists the revisions");
  return replay::replay(store, replay::Target::revision(id), replay::replay_options(ctx.config()));
}

}  // namespace

SideKind side_kind(const std::string& spec) {
  if (spec.rfind("postgres://", 0) == 0 || spec.rfind("postgresql://", 0) == 0)
    return SideKind::kDatabaseUrl;
  if (spec.rfind("git:", 0) == 0) return SideKind::kGitRef;
  if (spec.rfind("rev:", 0) == 0) return SideKind::kRevision;
  return SideKind::kLinkmlFile;
}

catalog::Catalog load_side(const std::string& spec, cli::Context& ctx, bool one_connection) {
  switch (side_kind(spec)) {
    case SideKind::kDatabaseUrl: {
      introspect::IntrospectOptions options;
      options.schemas = ctx.config().schemas;
      options.exclude = ctx.config().exclude;
      options.one_connection = one_connection;
      return introspect::introspect_url(spec, options);
    }
    case SideKind::kGitRef: {
      std::string ref = spec.substr(4);
      if (ref.empty())
        throw UsageError("'git:' names no ref", "write git:main, git:HEAD~1, git:v1.2, ...");
      return linkml_side(spec, ref, ctx.schema_path(), ctx);
    }
    case SideKind::kRevision:
      return revision_side(spec, ctx);
    case SideKind::kLinkmlFile: {
      std::error_code ec;
      if (spec.empty() || !std::filesystem::is_regular_file(spec, ec))
        throw UsageError("'" + spec + "' is neither a PostgreSQL URL nor a LinkML file",
                         "a side is postgresql://..., a LinkML file, git:REF or rev:ID");
      return linkml_side(spec, "", std::filesystem::absolute(spec).string(), ctx);
    }
  }
  throw Error(ErrorKind::kInternal, "unknown side kind");
}

}  // namespace reconcile::diff
