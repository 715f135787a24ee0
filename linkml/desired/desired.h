// The desired catalog: configuration -> LinkML (through a SourceReader, so
// the work tree and any git ref work alike) -> mapping profile -> Catalog.
// Used by `sql`, `plan`, `diff`, `revision` and `check`.
//
// Guarantees: never throws for bad LinkML (problems are Diagnostics with
// file:line:col); the same inputs give the same catalog. A catalog built
// while there are errors is best-effort and must not be applied.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/mapping/mapping.h"
#include "util/source_reader.h"

namespace reconcile::desired {

struct DesiredOptions {
  std::string schema_path;  // LinkML entry file, as `reader` resolves it
  mapping::Profile profile = mapping::Profile::kNative;
  std::vector<std::string> target_schemas = {"public"};  // the first one receives the tables
  std::vector<std::string> extensions;
  std::map<std::string, std::string> import_map;  // LinkML import map
  // The configuration the options came from (options_from_config): where
  // views are built to be compared (app/desired/source.h).
  std::optional<config::Config> config;
};

// Options from reconcile.yaml. `schema_path` and `profile` override the
// configuration when not empty (the --schema / --profile options). Paths are
// made absolute against the configuration's folder. Throws UsageError for an
// unknown profile.
DesiredOptions options_from_config(const config::Config& cfg, const std::string& schema_path = "",
                                   const std::string& profile = "");

catalog::Catalog desired_catalog(const SourceReader& reader, const DesiredOptions& options,
                                 linkml::Diagnostics& diagnostics);

// Prints the diagnostics (sorted, "file:line:col: severity: message [code]")
// to `out`.
void print_diagnostics(const linkml::Diagnostics& diagnostics, std::ostream& out);

}  // namespace reconcile::desired
