#include "linkml/mapping/postgis.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/catalog/names.h"
#include "core/sql/parse.h"

namespace reconcile::mapping {
namespace {

using nlohmann::json;

// PostGIS's geometry type names (lwtype_name), in the spelling format_type
// prints.
constexpr std::array<const char*, 16> kGeometryTypes = {"Geometry",       "Point",
                                                        "LineString",     "Polygon",
                                                        "MultiPoint",     "MultiLineString",
                                                        "MultiPolygon",   "GeometryCollection",
                                                        "CircularString", "CompoundCurve",
                                                        "CurvePolygon",   "MultiCurve",
                                                        "MultiSurface",   "PolyhedralSurface",
                                                        "Triangle",       "Tin"};

// PostGIS reads SRIDs above this as reserved or out of range.
constexpr long long kMaxUserSrid = 998999;
constexpr int kGeographyDefaultSrid = 4326;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "pointzm" -> "PointZM"; "geometry" -> "" (any); nullopt when unknown.
std::optional<std::string> geometry_subtype(const std::string& written) {
  std::string u = upper(written);
  u.erase(std::remove_if(u.begin(), u.end(), [](unsigned char c) { return std::isspace(c); }),
          u.end());
  for (const char* suffix : {"ZM", "Z", "M", ""}) {
    const std::string s = suffix;
    if (u.size() < s.size() || u.compare(u.size() - s.size(), s.size(), s) != 0) continue;
    const std::string stem = u.substr(0, u.size() - s.size());
    for (const char* name : kGeometryTypes)
      if (upper(name) == stem) return (s.empty() && stem == "GEOMETRY") ? "" : name + s;
  }
  return std::nullopt;
}

// The text of a type modifier node: a plain name (ColumnRef), a string or an
// integer constant. nullopt for anything else.
std::optional<std::string> modifier_text(const json& node) {
  if (node.contains("ColumnRef")) {
    auto names = sql::name_list(node["ColumnRef"].value("fields", json::array()));
    if (names.size() == 1) return names[0];
    return std::nullopt;
  }
  if (node.contains("A_Const")) {
    const json& c = node["A_Const"];
    if (c.contains("sval")) return c["sval"].value("sval", std::string());
    if (c.contains("ival")) return std::to_string(c["ival"].value("ival", 0LL));
  }
  return std::nullopt;
}

std::optional<long long> modifier_int(const json& node) {
  if (!node.contains("A_Const")) return std::nullopt;
  const json& c = node["A_Const"];
  if (!c.contains("ival")) return std::nullopt;
  return c["ival"].value("ival", 0LL);
}

}  // namespace

std::optional<PostgisType> parse_postgis_type(const std::string& type, std::string& error) {
  error.clear();
  if (type.find('\0') != std::string::npos) return std::nullopt;
  sql::ParseResult r = sql::parse("CREATE TABLE x (c " + type + ")");
  if (!r.ok() || r.statements.size() != 1) return std::nullopt;
  const json& stmt = r.statements[0].value("stmt", json::object());
  if (!stmt.contains("CreateStmt")) return std::nullopt;
  const json& elts = stmt["CreateStmt"].value("tableElts", json::array());
  if (elts.size() != 1 || !elts[0].contains("ColumnDef")) return std::nullopt;
  const json& tn = elts[0]["ColumnDef"].value("typeName", json::object());
  if (tn.contains("arrayBounds")) return std::nullopt;
  std::vector<std::string> names = sql::name_list(tn.value("names", json::array()));
  if (names.empty() || names.size() > 2) return std::nullopt;
  PostgisType t;
  t.base = names.back();
  if (t.base != "geometry" && t.base != "geography") return std::nullopt;
  const json mods = tn.value("typmods", json::array());
  if (mods.size() > 2) {
    error = t.base + " takes at most two modifiers: a geometry type and an SRID";
    return std::nullopt;
  }
  if (!mods.empty()) {
    t.has_typmod = true;
    auto sub = modifier_text(mods[0]);
    std::optional<std::string> canon = sub ? geometry_subtype(*sub) : std::nullopt;
    if (!canon) {
      error = "'" + sub.value_or("?") +
              "' is not a PostGIS geometry type (Point, LineString, Polygon, MultiPoint, "
              "MultiLineString, MultiPolygon, GeometryCollection, ... with an optional Z, M or "
              "ZM)";
      return std::nullopt;
    }
    t.subtype = *canon;
    if (mods.size() == 2) {
      auto srid = modifier_int(mods[1]);
      if (!srid) {
        error = "the SRID of " + t.base + " must be an integer";
        return std::nullopt;
      }
      if (*srid > kMaxUserSrid) {
        error = "SRID " + std::to_string(*srid) + " is over " + std::to_string(kMaxUserSrid) +
                ", which PostGIS does not accept for a column";
        return std::nullopt;
      }
      t.srid = *srid > 0 ? static_cast<int>(*srid) : 0;
    }
    if (t.base == "geography" && t.srid == 0) t.srid = kGeographyDefaultSrid;
  }
  return t;
}

std::string postgis_type_sql(const PostgisType& t, const std::string& schema) {
  std::string out = catalog::qualified(schema, t.base);
  // PostGIS prints no modifier when it constrains nothing.
  if (!t.has_typmod || (t.subtype.empty() && t.srid == 0)) return out;
  out += "(" + (t.subtype.empty() ? std::string("Geometry") : t.subtype);
  if (t.srid != 0) out += "," + std::to_string(t.srid);
  return out + ")";
}

bool is_postgis_column_type(const std::string& canonical, const std::string& schema) {
  std::string error;
  auto t = parse_postgis_type(canonical, error);
  if (!t) return false;
  return postgis_type_sql(*t, schema) == canonical;
}

std::string postgis_unique_key(const std::string& column, const std::string& type,
                               const std::string& schema) {
  std::string error;
  auto t = parse_postgis_type(type, error);
  // ST_AsEWKB keeps the SRID; geography has no ST_AsEWKB, and its SRID is
  // fixed by the column type anyway.
  const char* fn = t && t->base == "geography" ? "st_asbinary" : "st_asewkb";
  return "md5(" + catalog::qualified(schema, fn) + "(" + catalog::quote_ident(column) + "))";
}

}  // namespace reconcile::mapping
