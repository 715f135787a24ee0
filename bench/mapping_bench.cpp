// Mapping a generated 1,000-class LinkML schema to a catalog, both profiles.
// The schema has an abstract base, a mixin, enums, references between
// classes, multivalued slots (join tables and inlined lists), identifiers,
// ifabsent and min/max values, like a large real schema.
#include <benchmark/benchmark.h>

#include <map>
#include <sstream>
#include <string>

#include "linkml/loader.h"
#include "linkml/mapping/mapping.h"
#include "util/source_reader.h"

namespace {

std::string generate_schema(int classes) {
  std::ostringstream y;
  y << "id: https://example.org/big\nname: big\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
       "imports:\n  - linkml:types\ndefault_range: string\n"
       "enums:\n";
  for (int e = 0; e < 20; ++e) {
    y << "  Status" << e << ":\n    permissible_values:\n";
    for (int v = 0; v < 5; ++v) y << "      value_" << v << ":\n";
  }
  y << "slots:\n  id:\n    identifier: true\n  name:\n    required: true\n"
       "  created_at:\n    range: datetime\n    ifabsent: datetime(now)\n"
       "classes:\n  Entity:\n    abstract: true\n    slots: [id, name]\n"
       "  Audited:\n    mixin: true\n    slots: [created_at]\n";
  for (int c = 0; c < classes; ++c) {
    y << "  Thing" << c << ":\n    is_a: Entity\n    mixins: [Audited]\n"
      << "    description: generated class " << c << "\n    attributes:\n";
    for (int a = 0; a < 6; ++a) y << "      text_" << a << ":\n";
    y << "      count:\n        range: integer\n        minimum_value: 0\n        maximum_value: "
         "1000\n"
      << "      amount:\n        range: decimal\n"
      << "      status:\n        range: Status" << (c % 20)
      << "\n        ifabsent: string(value_0)\n";
    if (c > 0) y << "      parent:\n        range: Thing" << (c - 1) << "\n";
    if (c > 1)
      y << "      related:\n        range: Thing" << (c / 2) << "\n        multivalued: true\n";
    y << "      tags:\n        multivalued: true\n";
  }
  return y.str();
}

void BM_MapSchema(benchmark::State& state, reconcile::mapping::Profile profile) {
  const int classes = static_cast<int>(state.range(0));
  reconcile::MemorySourceReader reader({{"big.yaml", generate_schema(classes)}});
  auto loaded = reconcile::linkml::load_schema(reader, "big.yaml");
  reconcile::mapping::MappingOptions options;
  options.profile = profile;
  size_t tables = 0;
  for (auto _ : state) {
    reconcile::linkml::Diagnostics d;
    auto c = reconcile::mapping::map_schema(loaded.schema, options, d);
    tables = c.schemas.at("public").tables.size();
    benchmark::DoNotOptimize(c);
  }
  state.counters["tables"] = static_cast<double>(tables);
}

void BM_LoadAndMapNative(benchmark::State& state) {
  const int classes = static_cast<int>(state.range(0));
  reconcile::MemorySourceReader reader({{"big.yaml", generate_schema(classes)}});
  for (auto _ : state) {
    auto loaded = reconcile::linkml::load_schema(reader, "big.yaml");
    reconcile::linkml::Diagnostics d;
    auto c = reconcile::mapping::map_schema(loaded.schema, {}, d);
    benchmark::DoNotOptimize(c);
  }
}

}  // namespace

BENCHMARK_CAPTURE(BM_MapSchema, native, reconcile::mapping::Profile::kNative)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapSchema, linkml, reconcile::mapping::Profile::kLinkml)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadAndMapNative)->Arg(1000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
