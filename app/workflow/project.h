// What every workflow works on: the project's settings, resolved by the
// caller (the CLI: reconcile.yaml with the global options over it), and the
// database.
#pragma once

#include <functional>
#include <string>

#include "config/config.h"
#include "linkml/desired/desired.h"

namespace reconcile::workflow {

struct Project {
  config::Config config;       // reconcile.yaml (or its defaults)
  std::string schema_path;     // the LinkML entry file, absolute
  std::string migrations_dir;  // the revision folder, absolute
  std::string profile;         // mapping profile: "native" or "linkml"
  bool strict = false;         // LinkML warnings are errors

  // The project a configuration describes: its schema, migrations folder and
  // profile, paths resolved against the configuration's folder.
  static Project of(config::Config config);
  // How to load the desired catalog (desired::options_from_config).
  desired::DesiredOptions desired_options() const;
};

// The database a workflow works on. Resolving it can have effects (the CLI
// starts the embedded dev database when nothing else is configured), so a
// workflow resolves it only when it reaches the database, after the checks
// that need none: a refused command never starts a server.
class DatabaseUrl {
 public:
  DatabaseUrl() = default;       // no database
  DatabaseUrl(std::string url);  // NOLINT(google-explicit-constructor): a URL known up front
  // A URL that `resolve` gives when the workflow first needs it.
  static DatabaseUrl resolved_by(std::function<std::string()> resolve);

  bool given() const { return static_cast<bool>(resolve_); }
  // Resolves the URL (again on every call). Throws UsageError when none was
  // given, or what the resolver throws.
  std::string get() const;

 private:
  std::function<std::string()> resolve_;
};

}  // namespace reconcile::workflow
