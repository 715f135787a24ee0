#include "reconciler/apply/destructive.h"

#include <pg_query.h>

#include <cctype>

#include <nlohmann/json.hpp>

namespace reconcile::apply {
namespace {

using nlohmann::json;

std::string sval(const json& node) {
  if (node.contains("String")) return node["String"].value("sval", "");
  return "";
}

// "public.t" from a List of Strings, a TypeName, or a bare String.
std::string object_name(const json& node) {
  const json* names = nullptr;
  if (node.contains("List")) names = &node["List"]["items"];
  if (node.contains("TypeName")) names = &node["TypeName"]["names"];
  if (!names) return sval(node);
  std::string out;
  for (const auto& n : *names) {
    std::string s = sval(n);
    if (s.empty()) continue;
    if (s == "pg_catalog" && !out.empty()) continue;
    out += (out.empty() ? "" : ".") + s;
  }
  return out;
}

std::string relation_name(const json& rel) {
  std::string s = rel.value("schemaname", "");
  std::string t = rel.value("relname", "");
  return s.empty() ? t : s + "." + t;
}

std::string kind_of(const std::string& remove_type) {
  std::string k = remove_type.rfind("OBJECT_", 0) == 0 ? remove_type.substr(7) : remove_type;
  for (auto& c : k)
    c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

void inspect(const json& stmt, std::vector<std::string>& out) {
  if (stmt.contains("DropStmt")) {
    const auto& d = stmt["DropStmt"];
    std::string type = d.value("removeType", "");
    bool cascade = d.value("behavior", "") == "DROP_CASCADE";
    bool data = type == "OBJECT_TABLE" || type == "OBJECT_SCHEMA" || type == "OBJECT_TYPE";
    if (!data && !cascade) return;
    for (const auto& o : d.value("objects", json::array())) {
      out.push_back("drops " + kind_of(type) + " " + object_name(o) +
                    (cascade ? " with CASCADE" : ""));
    }
  } else if (stmt.contains("AlterTableStmt")) {
    const auto& a = stmt["AlterTableStmt"];
    std::string table = relation_name(a.value("relation", json::object()));
    for (const auto& c : a.value("cmds", json::array())) {
      if (!c.contains("AlterTableCmd")) continue;
      const auto& cmd = c["AlterTableCmd"];
      if (cmd.value("subtype", "") == "AT_DropColumn")
        out.push_back("drops column " + table + "." + cmd.value("name", ""));
    }
  } else if (stmt.contains("TruncateStmt")) {
    for (const auto& r : stmt["TruncateStmt"].value("relations", json::array()))
      out.push_back("truncates " + relation_name(r.value("RangeVar", json::object())));
  } else if (stmt.contains("DeleteStmt")) {
    out.push_back("deletes rows from " +
                  relation_name(stmt["DeleteStmt"].value("relation", json::object())));
  } else if (stmt.contains("DropdbStmt")) {
    out.push_back("drops database " + stmt["DropdbStmt"].value("dbname", ""));
  }
}

}  // namespace

std::vector<std::string> describe_data_loss(const std::string& sql) {
  std::vector<std::string> out;
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  if (!r.error && r.parse_tree) {
    json tree = json::parse(r.parse_tree, nullptr, false);
    if (!tree.is_discarded()) {
      for (const auto& s : tree.value("stmts", json::array()))
        if (s.contains("stmt")) inspect(s["stmt"], out);
    }
  }
  pg_query_free_parse_result(r);
  return out;
}

std::vector<DestructiveStatement> destructive_statements(const revision::Revision& r,
                                                         Direction direction) {
  std::vector<DestructiveStatement> out;
  auto statements = direction == Direction::kUp ? r.up_statements() : r.down_statements();
  for (const auto& s : statements) {
    for (auto& what : describe_data_loss(s.sql))
      out.push_back(DestructiveStatement{r.id, SourceLocation{r.path, s.line, 0}, std::move(what)});
  }
  return out;
}

RefusedError refuse_destructive(const std::vector<DestructiveStatement>& findings,
                                const std::string& command) {
  std::string msg = "refusing to run statements that delete data (DELETES_DATA):";
  for (const auto& f : findings) {
    msg += "\n  ";
    if (f.where.known()) msg += f.where.to_string() + ": ";
    msg += "revision " + f.revision + " " + f.what;
  }
  return RefusedError(msg, "review them, then run `" + command + " --allow-destructive`");
}

}  // namespace reconcile::apply
