#include "linkml/desired/desired.h"

#include <ostream>

#include "linkml/loader.h"
#include "util/error.h"

namespace reconcile::desired {

DesiredOptions options_from_config(const config::Config& cfg, const std::string& schema_path,
                                   const std::string& profile) {
  DesiredOptions o;
  o.schema_path = schema_path.empty() ? cfg.resolve(cfg.schema) : schema_path;
  const std::string p = profile.empty() ? cfg.profile : profile;
  auto parsed = mapping::parse_profile(p);
  if (!parsed)
    throw UsageError("unknown profile '" + p + "'", "use --profile native or --profile linkml");
  o.profile = *parsed;
  if (!cfg.schemas.empty()) o.target_schemas = cfg.schemas;
  o.extensions = cfg.extensions;
  for (const auto& [k, v] : cfg.import_map) {
    bool url = v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0;
    o.import_map[k] = url ? v : cfg.resolve(v);
  }
  o.config = cfg;
  o.cache_dir = cfg.resolve(".reconcile/cache");
  return o;
}

namespace {

catalog::Catalog load_and_map(const SourceReader& reader, const DesiredOptions& options,
                              linkml::Diagnostics& diagnostics) {
  linkml::LoadOptions lo;
  lo.import_map = options.import_map;
  linkml::LoadResult loaded = linkml::load_schema(reader, options.schema_path, lo);
  for (const auto& d : loaded.diagnostics.items()) diagnostics.add(d);
  mapping::MappingOptions mo;
  mo.profile = options.profile;
  if (!options.target_schemas.empty()) mo.target_schema = options.target_schemas.front();
  mo.extensions = options.extensions;
  catalog::Catalog c = mapping::map_schema(loaded.schema, mo, diagnostics);
  for (const auto& s : options.target_schemas) c.schemas[s].name = s;
  c.normalize();
  return c;
}

}  // namespace

std::optional<DesiredResult> cached_desired(const SourceReader& reader,
                                            const DesiredOptions& options) {
  if (options.cache_dir.empty()) return std::nullopt;
  return DesiredCache(options.cache_dir, cache_version()).lookup(reader, options);
}

DesiredResult load_desired(const SourceReader& reader, const DesiredOptions& options, bool lookup) {
  if (lookup)
    if (auto hit = cached_desired(reader, options)) return std::move(*hit);
  FingerprintingReader fingerprints(reader);
  DesiredResult r;
  r.catalog = load_and_map(fingerprints, options, r.diagnostics);
  if (!options.cache_dir.empty())
    DesiredCache(options.cache_dir, cache_version())
        .store(reader, options, fingerprints.reads(), r);
  return r;
}

catalog::Catalog desired_catalog(const SourceReader& reader, const DesiredOptions& options,
                                 linkml::Diagnostics& diagnostics) {
  DesiredResult r = load_desired(reader, options);
  for (const auto& d : r.diagnostics.items()) diagnostics.add(d);
  return std::move(r.catalog);
}

void print_diagnostics(const linkml::Diagnostics& diagnostics, std::ostream& out) {
  for (const auto& d : diagnostics.sorted()) out << d.to_string() << "\n";
}

}  // namespace reconcile::desired
