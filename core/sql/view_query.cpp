#include "core/sql/view_query.h"

#include <algorithm>
#include <set>

#include "core/sql/parse.h"

namespace reconcile::sql {
namespace {

using nlohmann::json;

bool has_key(const json& tree, const std::string& key) {
  if (tree.is_object()) {
    for (auto it = tree.begin(); it != tree.end(); ++it)
      if (it.key() == key || has_key(it.value(), key)) return true;
  } else if (tree.is_array()) {
    for (const auto& e : tree)
      if (has_key(e, key)) return true;
  }
  return false;
}

void collect(const json& tree, std::set<std::string>& ctes,
             std::set<std::pair<std::string, std::string>>& out) {
  if (tree.is_object()) {
    for (auto it = tree.begin(); it != tree.end(); ++it) {
      if (it.key() == "CommonTableExpr" && it.value().is_object())
        ctes.insert(it.value().value("ctename", std::string()));
      if (it.key() == "RangeVar" && it.value().is_object()) {
        const json& rv = it.value();
        out.insert({rv.value("schemaname", std::string()), rv.value("relname", std::string())});
        continue;
      }
      collect(it.value(), ctes, out);
    }
  } else if (tree.is_array()) {
    for (const auto& e : tree) collect(e, ctes, out);
  }
}

}  // namespace

std::optional<FragmentError> check_view_query(const std::string& text) {
  if (text.find('\0') != std::string::npos)
    return FragmentError{"it contains a NUL byte", static_cast<int>(text.find('\0'))};
  ParseResult r = parse(text);
  if (!r.ok()) return FragmentError{r.error->message, r.error->offset};
  if (r.statements.size() != 1)
    return FragmentError{"it is " + std::to_string(r.statements.size()) +
                             " statements; a view is exactly one SELECT",
                         -1};
  const json stmt = r.statements[0].value("stmt", json::object());
  const std::string kind = node_name(stmt);
  if (kind != "SelectStmt") return FragmentError{"it is a " + kind + ", not a SELECT", -1};
  if (has_key(stmt, "intoClause")) return FragmentError{"SELECT ... INTO creates a table", -1};
  if (has_key(stmt, "lockingClause"))
    return FragmentError{"a view cannot lock rows (FOR UPDATE / FOR SHARE)", -1};
  for (const char* dml : {"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"})
    if (has_key(stmt, dml))
      return FragmentError{std::string("it modifies data (") + dml + " in a WITH clause)", -1};
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> view_query_relations(const std::string& text) {
  ParseResult r = parse(text);
  if (!r.ok()) return {};
  std::set<std::string> ctes;
  std::set<std::pair<std::string, std::string>> found;
  collect(r.statements, ctes, found);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : found)
    if (!(f.first.empty() && ctes.count(f.second))) out.push_back(f);
  return out;
}

}  // namespace reconcile::sql
