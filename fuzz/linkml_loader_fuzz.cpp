// The LinkML loader over an in-memory project of several files that import
// each other (fuzz/multi_file.h): load_schema must never crash and never
// throw (loader.h: every problem is a diagnostic), and loading is
// deterministic (the same files give the same diagnostics).
#include <string>

#include "fuzz/fuzz_target.h"
#include "fuzz/multi_file.h"
#include "linkml/loader.h"
#include "util/source_reader.h"

namespace {

std::string diagnostics_text(const reconcile::linkml::Diagnostics& d) {
  std::string out;
  for (const auto& item : d.sorted()) out += item.to_string() + "\n";
  return out;
}

}  // namespace

RECONCILE_FUZZ_TARGET(linkml_loader) {
  using namespace reconcile;
  fuzz::FileTree tree = fuzz::split_files(input, "project/schema");
  MemorySourceReader reader(tree.files);
  linkml::LoadOptions options;
  options.import_map = tree.import_map;

  linkml::LoadResult first = linkml::load_schema(reader, tree.entry, options);
  linkml::LoadResult second = linkml::load_schema(reader, tree.entry, options);
  std::string a = diagnostics_text(first.diagnostics);
  std::string b = diagnostics_text(second.diagnostics);
  FUZZ_CHECK(a == b, "diagnostics differ between two loads:\n" + a + "---\n" + b);
}
