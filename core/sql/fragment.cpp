#include "core/sql/fragment.h"

#include <initializer_list>
#include <set>

#include "core/sql/parse.h"

namespace reconcile::sql {
namespace {

using nlohmann::json;

std::optional<FragmentError> basic(const std::string& text) {
  if (auto nul = text.find('\0'); nul != std::string::npos)
    return FragmentError{"it contains a NUL byte", static_cast<int>(nul)};
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
    return FragmentError{"it is empty", -1};
  return std::nullopt;
}

// Parses prefix + text + suffix as one statement; returns that statement's
// node (e.g. {"CreateStmt": {...}}) or the error, with offsets relative to
// `text`.
std::optional<FragmentError> parse_wrapped(const std::string& prefix, const std::string& text,
                                           const std::string& suffix, json& stmt) {
  ParseResult r = parse(prefix + text + suffix);
  if (!r.ok()) {
    int offset = r.error->offset - static_cast<int>(prefix.size());
    std::string reason = r.error->message;
    if (offset >= static_cast<int>(text.size()) || r.error->offset < 0)
      reason += " (it swallows what follows it: an unterminated comment, quote or bracket?)";
    if (offset < 0 || offset >= static_cast<int>(text.size())) offset = -1;
    return FragmentError{reason, offset};
  }
  if (r.statements.size() != 1)
    return FragmentError{"it makes " + std::to_string(r.statements.size()) + " statements", -1};
  stmt = r.statements[0].value("stmt", json::object());
  return std::nullopt;
}

// True when a node named `name` occurs anywhere in `tree`.
bool contains_node(const json& tree, const std::string& name) {
  if (tree.is_object()) {
    for (auto it = tree.begin(); it != tree.end(); ++it) {
      if (it.key() == name) return true;
      if (contains_node(it.value(), name)) return true;
    }
  } else if (tree.is_array()) {
    for (const auto& e : tree)
      if (contains_node(e, name)) return true;
  }
  return false;
}

// The keys of `object` not in `allowed`, joined ("collClause").
std::string unexpected_keys(const json& object, std::initializer_list<const char*> allowed) {
  std::set<std::string> ok(allowed.begin(), allowed.end());
  std::string out;
  if (!object.is_object()) return "?";
  for (auto it = object.begin(); it != object.end(); ++it)
    if (!ok.count(it.key())) out += (out.empty() ? "" : ", ") + it.key();
  return out;
}

std::string contype(const json& constraint) {
  return constraint.value("Constraint", json::object()).value("contype", "");
}

// The single ColumnDef of `CREATE TABLE reconcile_fragment (...)`, or null.
std::optional<json> only_column(const json& stmt) {
  if (node_name(stmt) != "CreateStmt") return std::nullopt;
  const json& create = stmt["CreateStmt"];
  if (!unexpected_keys(create, {"relation", "tableElts", "oncommit"}).empty()) return std::nullopt;
  json elts = create.value("tableElts", json::array());
  if (elts.size() != 1 || node_name(elts[0]) != "ColumnDef") return std::nullopt;
  return elts[0]["ColumnDef"];
}

std::optional<FragmentError> check_type_node(const json& type) {
  std::string extra =
      unexpected_keys(type, {"names", "typmods", "typemod", "arrayBounds", "location"});
  if (!extra.empty())
    return FragmentError{"it is not a plain type name (" +
                             std::string(type.contains("setof") ? "SETOF" : extra) + ")",
                         -1};
  const json mods = type.value("typmods", json::array());
  for (const auto& mod : mods) {
    const std::string kind = node_name(mod);
    if (kind == "A_Const") continue;
    if (kind == "ColumnRef" && mod["ColumnRef"].value("fields", json::array()).size() == 1 &&
        !name_list(mod["ColumnRef"]["fields"]).front().empty())
      continue;
    return FragmentError{"a type modifier must be a constant or a plain name", -1};
  }
  return std::nullopt;
}

const char* const kTable = "CREATE TABLE reconcile_fragment (";

}  // namespace

std::optional<FragmentError> check_type_name(const std::string& text) {
  if (auto e = basic(text)) return e;
  if (auto nl = text.find_first_of("\r\n"); nl != std::string::npos)
    return FragmentError{"a type name is written on one line", static_cast<int>(nl)};
  json stmt;
  if (auto e = parse_wrapped(std::string(kTable) + "c ", text, " NOT NULL)", stmt)) return e;
  std::optional<json> col = only_column(stmt);
  if (!col) return FragmentError{"it is more than one type name", -1};
  const json cons = col->value("constraints", json::array());
  if (col->contains("collClause"))
    return FragmentError{"a COLLATE clause is not part of a type name", -1};
  if (cons.size() != 1 || contype(cons[0]) != "CONSTR_NOTNULL" ||
      !unexpected_keys(*col, {"colname", "typeName", "is_local", "constraints", "location"})
           .empty())
    return FragmentError{"it is more than a type name (a constraint or another clause)", -1};
  return check_type_node(col->value("typeName", json::object()));
}

std::optional<FragmentError> check_default_expression(const std::string& text) {
  if (auto e = basic(text)) return e;
  json stmt;
  if (auto e = parse_wrapped(std::string(kTable) + "c integer DEFAULT ", text, " NOT NULL)", stmt))
    return e;
  std::optional<json> col = only_column(stmt);
  if (!col) return FragmentError{"it is more than one expression", -1};
  const json cons = col->value("constraints", json::array());
  if (col->contains("collClause") || cons.size() != 2 || contype(cons[0]) != "CONSTR_DEFAULT" ||
      contype(cons[1]) != "CONSTR_NOTNULL" ||
      !unexpected_keys(*col, {"colname", "typeName", "is_local", "constraints", "location"})
           .empty())
    return FragmentError{"it is more than one expression (another clause follows it)", -1};
  if (contains_node(cons[0], "SubLink"))
    return FragmentError{"a default may not contain a subquery", -1};
  return std::nullopt;
}

std::optional<FragmentError> check_check_expression(const std::string& text) {
  if (auto e = basic(text)) return e;
  json stmt;
  if (auto e = parse_wrapped(std::string(kTable) + "CONSTRAINT reconcile_check CHECK (", text, "))",
                             stmt))
    return e;
  if (node_name(stmt) != "CreateStmt") return FragmentError{"it is not one expression", -1};
  const json& create = stmt["CreateStmt"];
  const json elts = create.value("tableElts", json::array());
  if (!unexpected_keys(create, {"relation", "tableElts", "oncommit"}).empty() || elts.size() != 1 ||
      contype(elts[0]) != "CONSTR_CHECK" ||
      !unexpected_keys(elts[0]["Constraint"],
                       {"contype", "conname", "location", "raw_expr", "initially_valid"})
           .empty())
    return FragmentError{"it is more than one expression", -1};
  if (contains_node(elts[0], "SubLink"))
    return FragmentError{"a check may not contain a subquery", -1};
  return std::nullopt;
}

std::optional<FragmentError> check_index_element(const std::string& text) {
  if (auto e = basic(text)) return e;
  json stmt;
  if (auto e =
          parse_wrapped("CREATE INDEX reconcile_fragment ON reconcile_fragment (", text, ")", stmt))
    return e;
  if (node_name(stmt) != "IndexStmt") return FragmentError{"it is not one index key", -1};
  const json& index = stmt["IndexStmt"];
  const json params = index.value("indexParams", json::array());
  if (params.size() != 1 || node_name(params[0]) != "IndexElem" ||
      !unexpected_keys(index, {"idxname", "relation", "accessMethod", "indexParams"}).empty())
    return FragmentError{"it is more than one index key", -1};
  if (contains_node(params[0], "SubLink"))
    return FragmentError{"an index key may not contain a subquery", -1};
  return std::nullopt;
}

std::optional<FragmentError> check_identifier(const std::string& name) {
  if (name.empty()) return FragmentError{"a name cannot be empty", -1};
  if (auto nul = name.find('\0'); nul != std::string::npos)
    return FragmentError{"a name cannot contain a NUL byte", static_cast<int>(nul)};
  return std::nullopt;
}

}  // namespace reconcile::sql
