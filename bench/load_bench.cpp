// Load time of a large LinkML schema: 100, 1,000 and 100,000 classes (the last
// one file of about 50 MB) (with is_a chains, mixins,
// attributes, slot_usage and unique keys), 200 slots and 50 enums, generated
// in memory and loaded through the full loader (parse, merge, checks).
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "linkml/loader.h"
#include "util/source_reader.h"

namespace {

std::string generate_schema(int classes, int slots, int enums) {
  std::string y =
      "id: https://example.org/big\nname: big\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
      "default_range: string\nimports:\n  - linkml:types\n";
  y += "slots:\n";
  for (int s = 0; s < slots; ++s) {
    y += "  slot_" + std::to_string(s) + ":\n    description: slot number " + std::to_string(s) +
         "\n";
    if (s % 11 == 0) {
      y += "    range: Enum_" + std::to_string(s % enums) + "\n";
    } else if (s % 3 == 0) {
      y += "    range: integer\n";
    }
    if (s % 7 == 0) y += "    multivalued: true\n";
  }
  y += "enums:\n";
  for (int e = 0; e < enums; ++e) {
    y += "  Enum_" + std::to_string(e) + ":\n    permissible_values:\n";
    for (int v = 0; v < 8; ++v) y += "      value_" + std::to_string(v) + ":\n";
  }
  y += "classes:\n";
  for (int c = 0; c < classes; ++c) {
    const std::string name = "Class_" + std::to_string(c);
    y += "  " + name + ":\n    description: class number " + std::to_string(c) + "\n";
    if (c % 10 != 0) y += "    is_a: Class_" + std::to_string(c - 1) + "\n";
    if (c % 50 == 1) y += "    mixins: [Mixin_" + std::to_string(c / 50) + "]\n";
    y += "    slots:\n";
    for (int k = 0; k < 5; ++k) y += "      - slot_" + std::to_string((c * 5 + k) % slots) + "\n";
    y += "    attributes:\n      " + name +
         "_id:\n        identifier: " + (c % 10 == 0 ? "true" : "false") + "\n      " + name +
         "_ref:\n        range: Class_" + std::to_string((c * 7) % classes) + "\n";
    y += "    slot_usage:\n      slot_" + std::to_string((c * 5) % slots) +
         ":\n        required: true\n";
    y += "    unique_keys:\n      " + name + "_uk:\n        unique_key_slots: [" + name + "_ref]\n";
    y += "    annotations:\n      index:\n        " + name + "_ix: [" + name + "_ref]\n";
  }
  for (int m = 0; m <= classes / 50; ++m) {
    y += "  Mixin_" + std::to_string(m) + ":\n    mixin: true\n    attributes:\n      mixed_" +
         std::to_string(m) + ":\n";
  }
  return y;
}

void BM_LoadSchema(benchmark::State& state) {
  const int classes = static_cast<int>(state.range(0));
  const std::string yaml = generate_schema(classes, 200, 50);
  reconcile::MemorySourceReader reader({{"big.yaml", yaml}});
  size_t loaded = 0;
  for (auto _ : state) {
    auto result = reconcile::linkml::load_schema(reader, "big.yaml");
    loaded = result.schema.classes.size();
    if (result.diagnostics.has_errors()) state.SkipWithError("the generated schema has errors");
    benchmark::DoNotOptimize(result);
  }
  state.counters["classes"] = static_cast<double>(loaded);
  state.counters["yaml_kb"] = static_cast<double>(yaml.size()) / 1024.0;
  state.SetBytesProcessed(static_cast<int64_t>(yaml.size()) * state.iterations());
}
// 100,000 classes: one file of about 50 MB (MB/s in bytes_per_second).
BENCHMARK(BM_LoadSchema)->Arg(100)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
