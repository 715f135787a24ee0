#include "schema/mapping/annotations.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace reconcile::mapping {
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

}  // namespace

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

}  // namespace reconcile::mapping
