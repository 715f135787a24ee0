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
#include "linkml/desired/cache.h"
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
  // Folder of the desired-catalog cache (cache.h); empty: no cache.
  // options_from_config() sets `.reconcile/cache` next to reconcile.yaml.
  std::string cache_dir;
};

// Options from reconcile.yaml. `schema_path` and `profile` override the
// configuration when not empty (the --schema / --profile options). Paths are
// made absolute against the configuration's folder. Throws UsageError for an
// unknown profile.
DesiredOptions options_from_config(const config::Config& cfg, const std::string& schema_path = "",
                                   const std::string& profile = "");

// The desired catalog; its diagnostics are added to `diagnostics`. With a
// cache_dir, an entry made from the same bytes (cache.h) is used instead of
// loading and mapping, and a fresh result is stored.
catalog::Catalog desired_catalog(const SourceReader& reader, const DesiredOptions& options,
                                 linkml::Diagnostics& diagnostics);

// The same as desired_catalog(), returning the diagnostics with the catalog
// (`lookup` false: the cache is only filled, not read, for a caller that
// just missed it).
DesiredResult load_desired(const SourceReader& reader, const DesiredOptions& options,
                           bool lookup = true);

// The cached result, without loading anything on a miss (no cache_dir: nullopt).
std::optional<DesiredResult> cached_desired(const SourceReader& reader,
                                            const DesiredOptions& options);

// Prints the diagnostics (sorted, "file:line:col: severity: message [code]")
// to `out`.
void print_diagnostics(const linkml::Diagnostics& diagnostics, std::ostream& out);

}  // namespace reconcile::desired
