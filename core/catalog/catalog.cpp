// Lookups and normalization of catalog values (see catalog.h).
#include "core/catalog/catalog.h"

#include <algorithm>

namespace reconcile::catalog {
namespace {

// PostgreSQL stores no empty comment (COMMENT ... IS '' removes it).
void canonical_comment(std::optional<std::string>& comment) {
  if (comment && comment->empty()) comment.reset();
}

template <typename T>
void sort_by_name(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

const Column* Table::find_column(const std::string& column) const {
  for (const auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

Column* Table::find_column(const std::string& column) {
  for (auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

void Table::normalize() {
  canonical_comment(comment);
  for (auto& c : columns) canonical_comment(c.comment);
  sort_by_name(foreign_keys);
  sort_by_name(uniques);
  sort_by_name(checks);
  sort_by_name(indexes);
}

const Table* Catalog::find_table(const std::string& schema, const std::string& table) const {
  auto s = schemas.find(schema);
  if (s == schemas.end()) return nullptr;
  auto t = s->second.tables.find(table);
  return t == s->second.tables.end() ? nullptr : &t->second;
}

const EnumType* Catalog::find_enum(const std::string& schema, const std::string& name) const {
  auto s = schemas.find(schema);
  if (s == schemas.end()) return nullptr;
  auto e = s->second.enums.find(name);
  return e == s->second.enums.end() ? nullptr : &e->second;
}

const View* Catalog::find_view(const std::string& schema, const std::string& name) const {
  auto s = schemas.find(schema);
  if (s == schemas.end()) return nullptr;
  auto v = s->second.views.find(name);
  return v == s->second.views.end() ? nullptr : &v->second;
}

void Catalog::normalize() {
  for (auto& [_, schema] : schemas) {
    canonical_comment(schema.comment);
    for (auto& [_, v] : schema.views) {
      canonical_comment(v.comment);
      sort_by_name(v.indexes);
      std::sort(v.depends_on.begin(), v.depends_on.end());
    }
    for (auto& [_, table] : schema.tables) table.normalize();
    for (auto& [_, e] : schema.enums) canonical_comment(e.comment);
  }
  std::sort(unmanaged.begin(), unmanaged.end());
  unmanaged.erase(std::unique(unmanaged.begin(), unmanaged.end()), unmanaged.end());
  std::sort(renames.begin(), renames.end());
}

}  // namespace reconcile::catalog
