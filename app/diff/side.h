// The sides of `reconcile diff FROM TO`: turning a side's spec into a catalog.
//
//   postgres://... | postgresql://...   the live database, introspected over
//                                       the target schemas of reconcile.yaml
//   git:REF                             the project's LinkML schema at REF
//                                       (read from the commit, no checkout)
//   rev:ID                              the state revision ID leads to: ID and
//                                       its ancestors replayed in a shadow
//                                       database ("rev:head" = the single head)
//   anything else                       a LinkML file in the work tree
//
// LinkML sides use the project's mapping settings (profile, target schemas,
// extensions, import map; --profile overrides). The caller (the CLI) resolves
// the options and the configuration once and passes them down as SideOptions.
#pragma once

#include <string>

#include "config/config.h"
#include "core/catalog/catalog.h"

namespace reconcile::diff {

// What kind of side `spec` names.
enum class SideKind { kDatabaseUrl, kGitRef, kRevision, kLinkmlFile };
SideKind side_kind(const std::string& spec);

// The catalog of the state `spec` names. Throws UsageError for an empty or
// unreadable spec, InputError for LinkML with errors (diagnostics are printed
// to stderr), GitError for an unknown ref, DatabaseError when a database
// cannot be read, ReplayError when a revision fails to replay.
// What the sides read besides their spec: reconcile.yaml and the global
// options that override it.
struct SideOptions {
  config::Config config;       // target schemas, exclude patterns, mapping, replay settings
  std::string schema_path;     // the LinkML entry file (absolute), read at REF for git:REF
  std::string migrations_dir;  // the revision folder (absolute), for rev:ID
  std::string profile;         // mapping profile name: "native" or "linkml"
  bool strict = false;         // LinkML warnings are errors
};

// `one_connection`: a database side is read over one connection (the other
// side is a database read at the same time).
catalog::Catalog load_side(const std::string& spec, const SideOptions& options,
                           bool one_connection = false);

}  // namespace reconcile::diff
