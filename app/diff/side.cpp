#include "app/diff/side.h"

#include <filesystem>
#include <iostream>

#include "app/desired/source.h"
#include "db/introspect/introspect.h"
#include "history/replay/replay.h"
#include "history/replay/shadow.h"
#include "history/revision/store.h"
#include "linkml/desired/desired.h"
#include "util/error.h"

namespace reconcile::diff {

namespace {

catalog::Catalog linkml_side(const std::string& spec, const std::string& ref,
                             const std::string& schema_path, const SideOptions& side) {
  auto options = desired::options_from_config(side.config, schema_path, side.profile);
  auto reader = desired::schema_reader(ref);
  return desired::load_checked(*reader, options, side.strict, std::cerr,
                               "cannot diff against " + spec);
}

catalog::Catalog revision_side(const std::string& spec, const SideOptions& side) {
  std::string id = spec.substr(4);
  auto store = revision::RevisionStore::load(side.migrations_dir);
  if (id == "head") {
    auto heads = store.heads();
    if (heads.size() != 1)
      throw UsageError("rev:head needs exactly one head; the history in " + side.migrations_dir +
                           " has " + std::to_string(heads.size()),
                       "name the revision: rev:<id> (`reconcile heads` lists them)");
    id = heads.front();
  }
  if (!store.contains(id))
    throw UsageError("no revision '" + id + "' in " + side.migrations_dir,
                     "`reconcile history` lists the revisions");
  return replay::replay(store, replay::Target::revision(id), replay::replay_options(side.config));
}

}  // namespace

SideKind side_kind(const std::string& spec) {
  if (spec.rfind("postgres://", 0) == 0 || spec.rfind("postgresql://", 0) == 0)
    return SideKind::kDatabaseUrl;
  if (spec.rfind("git:", 0) == 0) return SideKind::kGitRef;
  if (spec.rfind("rev:", 0) == 0) return SideKind::kRevision;
  return SideKind::kLinkmlFile;
}

catalog::Catalog load_side(const std::string& spec, const SideOptions& side, bool one_connection) {
  switch (side_kind(spec)) {
    case SideKind::kDatabaseUrl: {
      introspect::IntrospectOptions options;
      options.schemas = side.config.schemas;
      options.exclude = side.config.exclude;
      options.one_connection = one_connection;
      return introspect::introspect_url(spec, options);
    }
    case SideKind::kGitRef: {
      std::string ref = spec.substr(4);
      if (ref.empty())
        throw UsageError("'git:' names no ref", "write git:main, git:HEAD~1, git:v1.2, ...");
      return linkml_side(spec, ref, side.schema_path, side);
    }
    case SideKind::kRevision:
      return revision_side(spec, side);
    case SideKind::kLinkmlFile: {
      std::error_code ec;
      if (spec.empty() || !std::filesystem::is_regular_file(spec, ec))
        throw UsageError("'" + spec + "' is neither a PostgreSQL URL nor a LinkML file",
                         "a side is postgresql://..., a LinkML file, git:REF or rev:ID");
      return linkml_side(spec, "", std::filesystem::absolute(spec).string(), side);
    }
  }
  throw Error(ErrorKind::kInternal, "unknown side kind");
}

}  // namespace reconcile::diff
