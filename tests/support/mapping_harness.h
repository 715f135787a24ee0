// Test harness for the LinkML -> catalog mapping tests of both profiles:
// map a YAML text held in memory, then look at the tables, columns and
// diagnostics; small builders for expected columns and foreign keys.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/loader.h"
#include "linkml/mapping/mapping.h"
#include "util/source_reader.h"

namespace reconcile::testing {

struct Mapped {
  catalog::Catalog catalog;
  linkml::Diagnostics diagnostics;

  const catalog::Table& table(const std::string& name, const std::string& schema = "public") const {
    static const catalog::Table kNone;
    const catalog::Table* t = catalog.find_table(schema, name);
    return t ? *t : kNone;
  }
  bool has_table(const std::string& name, const std::string& schema = "public") const {
    return catalog.find_table(schema, name) != nullptr;
  }
  std::string codes() const {
    std::string out;
    for (const auto& d : diagnostics.sorted()) out += d.code + ";";
    return out;
  }
};

// Maps `yaml` (a whole schema file; `imports: [linkml:types]` and
// `default_range: string` are added when the text has no `imports:`).
inline Mapped map_yaml(const std::string& yaml, mapping::Profile profile,
                       std::map<std::string, std::string> more_files = {},
                       std::vector<std::string> extensions = {}) {
  std::string text = yaml;
  if (text.find("imports:") == std::string::npos) {
    text =
        "id: https://example.org/test\nname: test\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
        "imports:\n  - linkml:types\ndefault_range: string\n" +
        text;
  }
  more_files["schema.yaml"] = text;
  MemorySourceReader reader(more_files);
  Mapped m;
  auto loaded = linkml::load_schema(reader, "schema.yaml");
  for (const auto& d : loaded.diagnostics.items()) m.diagnostics.add(d);
  mapping::MappingOptions o;
  o.profile = profile;
  o.extensions = std::move(extensions);
  m.catalog = mapping::map_schema(loaded.schema, o, m.diagnostics);
  return m;
}

inline std::vector<std::string> column_names(const catalog::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

inline catalog::Column col(std::string name, std::string type, bool not_null,
                           std::optional<std::string> default_expr = std::nullopt) {
  catalog::Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(default_expr);
  return c;
}

inline catalog::ForeignKey fk(std::string name, std::vector<std::string> cols,
                              std::string ref_schema, std::string ref_table,
                              std::vector<std::string> ref_cols) {
  catalog::ForeignKey f;
  f.name = std::move(name);
  f.columns = std::move(cols);
  f.ref_schema = std::move(ref_schema);
  f.ref_table = std::move(ref_table);
  f.ref_columns = std::move(ref_cols);
  return f;
}

}  // namespace reconcile::testing
