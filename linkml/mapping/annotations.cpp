#include "linkml/mapping/annotations.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>

#include "core/catalog/names.h"
#include "core/sql/fragment.h"
#include "linkml/mapping/naming.h"

namespace reconcile::mapping {

std::string canonical_sql_type(const std::string& type);

namespace {

std::string lower_trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out;
  bool space = false;
  for (size_t i = b; i < e; ++i) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string describe(const sql::FragmentError& e) {
  std::string out = e.reason;
  if (e.offset >= 0) out += " (at byte " + std::to_string(e.offset + 1) + " of the value)";
  return out;
}

// Why the annotation `name` (a scalar) is unusable; nullopt when it is fine.
std::optional<std::string> problem(const std::string& name, const std::string& value) {
  if (name == "sql_type") {
    if (auto e = sql::check_type_name(value))
      return "is not exactly one type name: " + describe(*e);
    if (auto e = sql::check_type_name(canonical_sql_type(value)))
      return "is not exactly one type name once written as PostgreSQL spells it (" +
             canonical_sql_type(value) + "): " + describe(*e);
    return std::nullopt;
  }
  if (name == "sql_default") {
    if (auto e = sql::check_default_expression(value))
      return "is not exactly one DEFAULT expression: " + describe(*e);
    return std::nullopt;
  }
  if (name == "sql_table" || name == "sql_schema") {
    if (auto e = sql::check_identifier(value)) return "is not a usable name: " + describe(*e);
    return std::nullopt;
  }
  return std::nullopt;
}

const char* hint_for(const std::string& name) {
  if (name == "sql_type")
    return "write one PostgreSQL type name, e.g. varchar(20), numeric(10,2), text[], "
           "geometry(Point,4326)";
  if (name == "sql_default")
    return "write one expression as PostgreSQL prints a default, e.g. now(), 'x'::text, 0";
  return "write the table or schema name as it should be (it is quoted as needed)";
}

void check_annotations(const Annotations& a, std::initializer_list<const char*> names,
                       const std::string& owner, linkml::Diagnostics& diagnostics) {
  for (const char* name : names) {
    const linkml::AnnotationValue* v = a.find(name);
    if (!v || v->is_list || v->is_map) continue;
    if (auto why = problem(name, v->scalar))
      diagnostics.error("invalid-sql",
                        std::string(name) + " of " + owner + " `" + v->scalar + "` " + *why,
                        v->where, hint_for(name));
  }
}

void check_slot(const linkml::SlotDefinition& s, const std::string& owner,
                linkml::Diagnostics& diagnostics) {
  check_annotations(s.annotations, {"sql_type", "sql_default"}, owner, diagnostics);
}

std::optional<std::string> valid(const Annotations& a, const std::string& name) {
  auto t = annotation_text(a, name);
  if (!t || problem(name, *t)) return std::nullopt;
  return t;
}

}  // namespace

std::optional<std::string> sql_type_annotation(const Annotations& a) {
  auto t = valid(a, "sql_type");
  if (!t) return std::nullopt;
  return canonical_sql_type(*t);
}

std::optional<std::string> sql_default_annotation(const Annotations& a) {
  return valid(a, "sql_default");
}

std::optional<std::string> name_annotation(const Annotations& a, const std::string& name) {
  return valid(a, name);
}

void check_sql_annotations(const linkml::SchemaDefinition& schema,
                           linkml::Diagnostics& diagnostics) {
  for (const auto& [name, c] : schema.classes) {
    const std::string owner = "class '" + name + "'";
    check_annotations(c.annotations, {"sql_table", "sql_schema"}, owner, diagnostics);
    for (const auto& [an, a] : c.attributes)
      check_slot(a, "attribute '" + an + "' of " + owner, diagnostics);
    for (const auto& [un, u] : c.slot_usage)
      check_slot(u, "slot_usage '" + un + "' of " + owner, diagnostics);
  }
  for (const auto& [name, s] : schema.slots) check_slot(s, "slot '" + name + "'", diagnostics);
  for (const auto& [name, t] : schema.types)
    check_annotations(t.annotations, {"sql_type"}, "type '" + name + "'", diagnostics);
}

std::optional<std::string> annotation_text(const Annotations& a, const std::string& name) {
  const linkml::AnnotationValue* v = a.find(name);
  if (!v || v->is_list || v->is_map) return std::nullopt;
  return v->scalar;
}

bool annotation_true(const Annotations& a, const std::string& name) {
  auto t = annotation_text(a, name);
  if (!t) return false;
  std::string l = lower_trim(*t);
  return l == "true" || l == "yes" || l == "1";
}

std::optional<std::string> index_method_annotation(const Annotations& a) {
  if (annotation_true(a, "index")) return "btree";
  auto t = annotation_text(a, "index");
  if (!t) return std::nullopt;
  const std::string l = lower_trim(*t);
  for (const char* m : {"btree", "gist", "brin", "hash", "gin", "spgist"})
    if (l == m) return l;
  return std::nullopt;
}

std::optional<catalog::FkAction> parse_fk_action(const std::string& text) {
  std::string l = lower_trim(text);
  std::replace(l.begin(), l.end(), '_', ' ');
  if (l == "cascade") return catalog::FkAction::kCascade;
  if (l == "set null") return catalog::FkAction::kSetNull;
  if (l == "set default") return catalog::FkAction::kSetDefault;
  if (l == "restrict") return catalog::FkAction::kRestrict;
  if (l == "no action") return catalog::FkAction::kNoAction;
  return std::nullopt;
}

std::string canonical_sql_type(const std::string& type) {
  std::string t = lower_trim(type);
  std::string args;
  bool is_array = false;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    is_array = true;
    t = lower_trim(t.substr(0, t.size() - 2));
  }
  if (auto p = t.find('('); p != std::string::npos && t.back() == ')') {
    args = t.substr(p);
    args.erase(std::remove(args.begin(), args.end(), ' '), args.end());
    t = lower_trim(t.substr(0, p));
  }
  static const std::map<std::string, std::string> kAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"integer", "integer"},
      {"int8", "bigint"},
      {"bigint", "bigint"},
      {"int2", "smallint"},
      {"smallint", "smallint"},
      {"float8", "double precision"},
      {"float", "double precision"},
      {"double precision", "double precision"},
      {"float4", "real"},
      {"real", "real"},
      {"bool", "boolean"},
      {"boolean", "boolean"},
      {"varchar", "character varying"},
      {"character varying", "character varying"},
      {"char", "character"},
      {"character", "character"},
      {"bpchar", "character"},
      {"decimal", "numeric"},
      {"numeric", "numeric"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp with time zone", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"},
      {"timestamp without time zone", "timestamp without time zone"},
      {"timetz", "time with time zone"},
      {"time with time zone", "time with time zone"},
      {"time", "time without time zone"},
      {"time without time zone", "time without time zone"},
  };
  auto it = kAliases.find(t);
  std::string base = it == kAliases.end() ? t : it->second;
  std::string out;
  if (!args.empty() &&
      (base == "timestamp with time zone" || base == "timestamp without time zone" ||
       base == "time with time zone" || base == "time without time zone")) {
    // timestamp(3) with time zone
    auto sp = base.find(' ');
    out = base.substr(0, sp) + args + base.substr(sp);
  } else {
    if (args.size() > 2) {
      // numeric(10, 2) -> numeric(10,2): format_type prints no spaces
      out = base + args;
    } else {
      out = base;
    }
  }
  if (base == "character" && args.empty()) out = "character(1)";
  return is_array ? out + "[]" : out;
}

std::vector<catalog::Index> index_map_annotation(
    const Annotations& a, const std::map<std::string, std::string>& slot_columns,
    const std::string& owner, linkml::Diagnostics& diagnostics) {
  std::vector<catalog::Index> out;
  const auto* idx = a.find("index");
  if (!idx || !idx->is_map) return out;
  for (const auto& [name, cols] : idx->map) {
    catalog::Index ix;
    ix.name = bounded_name(name);
    bool ok = true;
    for (const auto& sl : cols) {
      auto it = slot_columns.find(sl);
      if (it == slot_columns.end()) {
        diagnostics.error("invalid-annotation",
                          "index '" + name + "' of " + owner + " names '" + sl +
                              "', which is not a single-valued slot of the class",
                          idx->where);
        ok = false;
        break;
      }
      ix.keys.push_back(catalog::quote_ident(it->second));
    }
    if (ok) out.push_back(std::move(ix));
  }
  return out;
}

}  // namespace reconcile::mapping
