#include "core/catalog/mermaid.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace reconcile::catalog {
namespace {

bool word_char(char c, bool type) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (std::isalnum(u) || c == '_' || c == '-') return true;
  return type && (c == '(' || c == ')' || c == '[' || c == ']');
}

// `text` as a word of the grammar: other characters become '_' (quotes are
// dropped), and a word that does not start with a letter or '_' gets a '_'.
std::string word(const std::string& text, bool type) {
  std::string out;
  for (char c : text) {
    if (c == '"') continue;
    out += word_char(c, type) ? c : '_';
  }
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_'))
    out = "_" + out;
  return out;
}

// A comment: no double quote, no line break.
std::string comment(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c);
  return out;
}

std::string key(const std::string& schema, const std::string& table) {
  return schema + "." + table;
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool contains_all(const std::vector<std::string>& whole, const std::vector<std::string>& part) {
  for (const auto& p : part)
    if (std::find(whole.begin(), whole.end(), p) == whole.end()) return false;
  return true;
}

// Entity ids: the table name when every table is in one schema, else
// schema_table; made unique by a numeric suffix, in name order.
std::map<std::string, std::string> entity_ids(const Catalog& c) {
  size_t schemas_with_tables = 0;
  for (const auto& [sn, s] : c.schemas) schemas_with_tables += s.tables.empty() ? 0 : 1;
  std::map<std::string, std::string> ids;
  std::set<std::string> used;
  auto assign = [&](const std::string& schema, const std::string& table) {
    const std::string k = key(schema, table);
    if (ids.count(k)) return;
    std::string base = word(schemas_with_tables > 1 ? schema + "_" + table : table, false);
    std::string id = base;
    for (int n = 2; used.count(id); ++n) id = base + "_" + std::to_string(n);
    used.insert(id);
    ids[k] = id;
  };
  for (const auto& [sn, s] : c.schemas)
    for (const auto& [tn, t] : s.tables) assign(sn, tn);
  // Referenced tables outside the catalog (another schema) get an id too.
  for (const auto& [sn, s] : c.schemas)
    for (const auto& [tn, t] : s.tables)
      for (const auto& fk : t.foreign_keys) assign(fk.ref_schema, fk.ref_table);
  return ids;
}

}  // namespace

const char* er_mark_name(ErMark mark) {
  switch (mark) {
    case ErMark::kAdded:
      return "added";
    case ErMark::kChanged:
      return "changed";
    case ErMark::kDropped:
      return "dropped";
  }
  return "changed";
}

std::string render_er_diagram(const Catalog& c, const ErMarks& marks) {
  const std::map<std::string, std::string> ids = entity_ids(c);
  std::ostringstream s;
  s << "erDiagram\n";
  for (const auto& [sn, schema] : c.schemas) {
    for (const auto& [tn, t] : schema.tables) {
      const std::string tkey = key(sn, tn);
      s << "  " << ids.at(tkey) << " {\n";
      std::set<std::string> pk, fk, uk;
      if (t.primary_key) pk.insert(t.primary_key->columns.begin(), t.primary_key->columns.end());
      for (const auto& f : t.foreign_keys) fk.insert(f.columns.begin(), f.columns.end());
      for (const auto& u : t.uniques)
        if (u.columns.size() == 1) uk.insert(u.columns[0]);
      for (const auto& col : t.columns) {
        s << "    " << word(col.type, true) << " " << word(col.name, false);
        std::vector<std::string> keys;
        if (pk.count(col.name)) keys.push_back("PK");
        if (fk.count(col.name)) keys.push_back("FK");
        if (uk.count(col.name)) keys.push_back("UK");
        for (size_t i = 0; i < keys.size(); ++i) s << (i ? ", " : " ") << keys[i];
        std::string note;
        auto m = marks.columns.find(tkey + "." + col.name);
        if (m != marks.columns.end()) note = er_mark_name(m->second);
        if (!col.not_null && !pk.count(col.name)) note += note.empty() ? "null" : ", null";
        if (!note.empty()) s << " \"" << comment(note) << "\"";
        s << "\n";
      }
      s << "  }\n";
    }
  }
  for (const auto& [sn, schema] : c.schemas) {
    for (const auto& [tn, t] : schema.tables) {
      for (const auto& f : t.foreign_keys) {
        bool required = true;
        for (const auto& col : f.columns) {
          const Column* column = t.find_column(col);
          required = required && column && column->not_null;
        }
        bool unique = t.primary_key && same_set(t.primary_key->columns, f.columns);
        for (const auto& u : t.uniques) unique = unique || same_set(u.columns, f.columns);
        const bool identifying = t.primary_key && contains_all(t.primary_key->columns, f.columns);
        std::string label;
        for (const auto& col : f.columns) label += (label.empty() ? "" : ", ") + col;
        s << "  " << ids.at(key(f.ref_schema, f.ref_table)) << " " << (required ? "||" : "|o")
          << (identifying ? "--" : "..") << (unique ? "o|" : "o{") << " " << ids.at(key(sn, tn))
          << " : \"" << comment(label) << "\"\n";
      }
    }
  }
  // Marked tables: one class per mark, in mark order.
  for (ErMark mark : {ErMark::kAdded, ErMark::kChanged, ErMark::kDropped}) {
    std::vector<std::string> members;
    for (const auto& [k, m] : marks.tables)
      if (m == mark && ids.count(k)) members.push_back(ids.at(k));
    if (members.empty()) continue;
    const char* style = mark == ErMark::kAdded     ? "fill:#e6ffec,stroke:#1a7f37"
                        : mark == ErMark::kChanged ? "fill:#fff8c5,stroke:#9a6700"
                                                   : "fill:#ffebe9,stroke:#cf222e";
    s << "  classDef " << er_mark_name(mark) << " " << style << "\n";
    s << "  class ";
    for (size_t i = 0; i < members.size(); ++i) s << (i ? "," : "") << members[i];
    s << " " << er_mark_name(mark) << "\n";
  }
  return s.str();
}

}  // namespace reconcile::catalog
