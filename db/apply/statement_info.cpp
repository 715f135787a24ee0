#include "db/apply/statement_info.h"

#include <pg_query.h>

#include <vector>

#include <nlohmann/json.hpp>

namespace reconcile::apply {
namespace {

using nlohmann::json;

bool has_defelem(const json& params, const std::string& name) {
  for (const auto& p : params)
    if (p.contains("DefElem") && p["DefElem"].value("defname", "") == name) return true;
  return false;
}

void describe(const json& stmt, StatementInfo& info) {
  using Kind = StatementInfo::Kind;
  if (stmt.contains("IndexStmt")) {
    const auto& s = stmt["IndexStmt"];
    if (!s.value("concurrent", false)) return;
    info.kind = Kind::kCreateIndexConcurrently;
    info.needs_autocommit = true;
    info.online_index = true;
    info.name = s.value("idxname", "");
    info.schema = s.value("relation", json::object()).value("schemaname", "");
    info.if_not_exists = s.value("if_not_exists", false);
  } else if (stmt.contains("DropStmt")) {
    const auto& s = stmt["DropStmt"];
    if (!s.value("concurrent", false)) return;
    info.needs_autocommit = true;
    if (s.value("removeType", "") != "OBJECT_INDEX") return;
    const auto objects = s.value("objects", json::array());
    if (objects.size() != 1 || !objects[0].contains("List")) return;
    const auto items = objects[0]["List"].value("items", json::array());
    std::vector<std::string> parts;
    for (const auto& i : items)
      if (i.contains("String")) parts.push_back(i["String"].value("sval", ""));
    if (parts.empty() || parts.size() > 2) return;
    info.kind = Kind::kDropIndexConcurrently;
    info.online_index = true;
    info.name = parts.back();
    if (parts.size() == 2) info.schema = parts.front();
    info.if_not_exists = s.value("missing_ok", false);
  } else if (stmt.contains("ReindexStmt")) {
    const auto& s = stmt["ReindexStmt"];
    if (has_defelem(s.value("params", json::array()), "concurrently")) {
      info.needs_autocommit = true;
      info.online_index = true;
    } else {
      // REINDEX SYSTEM / DATABASE refuse transaction blocks too.
      const std::string kind = s.value("kind", "");
      info.needs_autocommit = kind == "REINDEX_OBJECT_SYSTEM" || kind == "REINDEX_OBJECT_DATABASE";
    }
  } else if (stmt.contains("VacuumStmt")) {
    info.needs_autocommit = stmt["VacuumStmt"].value("is_vacuumcmd", false);
  } else if (stmt.contains("CreatedbStmt") || stmt.contains("DropdbStmt") ||
             stmt.contains("AlterSystemStmt") || stmt.contains("CreateTableSpaceStmt") ||
             stmt.contains("DropTableSpaceStmt")) {
    info.needs_autocommit = true;
  } else if (stmt.contains("CreateExtensionStmt")) {
    const auto& s = stmt["CreateExtensionStmt"];
    info.kind = Kind::kCreateExtension;
    info.name = s.value("extname", "");
    info.if_not_exists = s.value("if_not_exists", false);
    for (const auto& o : s.value("options", json::array())) {
      if (!o.contains("DefElem")) continue;
      const auto& d = o["DefElem"];
      const std::string name = d.value("defname", "");
      if (name == "schema" && d.contains("arg") && d["arg"].contains("String"))
        info.schema = d["arg"]["String"].value("sval", "");
      if (name == "cascade") info.cascade = true;
    }
  } else if (stmt.contains("CreateSchemaStmt")) {
    const auto& s = stmt["CreateSchemaStmt"];
    info.kind = Kind::kCreateSchema;
    info.name = s.value("schemaname", "");
    info.if_not_exists = s.value("if_not_exists", false);
    info.has_elements = !s.value("schemaElts", json::array()).empty();
  }
}

}  // namespace

StatementInfo describe_statement(const std::string& sql) {
  StatementInfo info;
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  struct Free {
    PgQueryParseResult* r;
    ~Free() { pg_query_free_parse_result(*r); }
  } free_result{&r};
  if (r.error || !r.parse_tree) return info;
  json tree = json::parse(r.parse_tree, nullptr, false);
  if (tree.is_discarded()) return info;
  const auto stmts = tree.value("stmts", json::array());
  if (stmts.size() != 1 || !stmts[0].contains("stmt")) return info;
  info.parsed = true;
  describe(stmts[0]["stmt"], info);
  return info;
}

}  // namespace reconcile::apply
