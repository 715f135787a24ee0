#include "core/sql/references.h"

#include "core/sql/parse.h"

namespace reconcile::sql {
namespace {

using nlohmann::json;

const json& member(const json& node, const char* key) {
  static const json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}

// The text of a string constant (A_Const with sval), or nullptr.
const std::string* string_constant(const json& node) {
  const json& sval = member(member(member(node, "A_Const"), "sval"), "sval");
  return sval.is_string() ? sval.get_ptr<const std::string*>() : nullptr;
}

void walk(const json& node, ExpressionRefs& out) {
  if (node.is_array()) {
    for (const json& x : node) walk(x, out);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "ColumnRef") {
      auto fields = name_list(member(value, "fields"));
      if (!fields.empty() && !fields.back().empty() && fields.back() != "*")
        out.columns.insert(fields.back());
    } else if (key == "IndexElem") {
      const json& name = member(value, "name");
      if (name.is_string()) out.columns.insert(name.get<std::string>());
    } else if (key == "TypeCast") {
      auto names = name_list(member(member(value, "typeName"), "names"));
      if (names.size() == 2 && !names[0].empty() && names[0] != "pg_catalog") {
        out.types.insert({names[0], names[1]});
        if (const std::string* s = string_constant(member(value, "arg")))
          out.typed_literals.insert({names[0], names[1], *s});
      }
    } else if (key == "FuncCall") {
      auto names = name_list(member(value, "funcname"));
      if (!names.empty()) {
        const std::string& f = names.back();
        out.functions.insert(f);
        const json& args = member(value, "args");
        if ((f == "nextval" || f == "currval" || f == "setval") && args.is_array() &&
            !args.empty()) {
          const json* arg = &args[0];
          while (member(*arg, "TypeCast").is_object())
            arg = &member(member(*arg, "TypeCast"), "arg");
          if (const std::string* s = string_constant(*arg)) out.sequences.insert(*s);
        }
      }
    }
    walk(value, out);
  }
}

ExpressionRefs refs_of(const std::string& sql) {
  ExpressionRefs out;
  ParseResult parsed = parse(sql);
  if (parsed.ok()) walk(parsed.statements, out);
  return out;
}

}  // namespace

ExpressionRefs expression_refs(const std::string& expression) {
  if (expression.find('\0') != std::string::npos) return {};
  return refs_of("SELECT (" + expression + "\n)");
}

ExpressionRefs index_key_refs(const std::string& key) {
  if (key.find('\0') != std::string::npos) return {};
  return refs_of("CREATE INDEX i ON t (" + key + "\n)");
}

}  // namespace reconcile::sql
