// PostGIS column types (`range: geometry` / `geography`, or an sql_type such
// as `geometry(MultiPolygon,4326)`) in the exact text PostgreSQL's
// format_type() prints for them when read with `search_path = pg_catalog`,
// so that the desired and the introspected catalog compare equal:
//
//   geometry                     -> public.geometry
//   GEOMETRY(point, 4326)        -> public.geometry(Point,4326)
//   geometry(pointz)             -> public.geometry(PointZ)
//   geography(Polygon)           -> public.geography(Polygon,4326)   (its default SRID)
//   geometry(Geometry)           -> public.geometry                  (no constraint at all)
//
// `public` is the schema the postgis extension lives in. The type modifier
// is read from the libpg_query parse tree of the type name; the names and
// rules are those of PostGIS's typmod input and output functions (geometry
// type names with Z/M/ZM suffixes, an SRID of 0 or less meaning none,
// geography defaulting to 4326).
#pragma once

#include <optional>
#include <string>

namespace reconcile::mapping {

struct PostgisType {
  std::string base;     // "geometry" or "geography"
  std::string subtype;  // "Point", "MultiPolygonZ", ...; empty: any
  int srid = 0;         // 0: none
  bool has_typmod = false;
};

// The type when `type` names geometry or geography (optionally qualified
// with a schema, with or without a type modifier); nullopt for any other
// type. `error` is set (and nullopt returned) when it names one of them with
// a modifier PostGIS rejects (an unknown geometry type, an SRID over 998999,
// more than two modifiers).
std::optional<PostgisType> parse_postgis_type(const std::string& type, std::string& error);

// format_type()'s text for the type, its name qualified with `schema`.
std::string postgis_type_sql(const PostgisType& t, const std::string& schema);

// True when `canonical` (a catalog column type) is a geometry or geography
// type of the postgis extension in `schema`.
bool is_postgis_column_type(const std::string& canonical, const std::string& schema);

// The key of a unique index that enforces uniqueness of a geometry or
// geography column of type `type` (canonical): md5 of its extended
// well-known binary (geography: its well-known binary), as pg_get_indexdef
// prints it (`md5(public.st_asewkb(geom))`). A btree over
// the value itself fails for large shapes (an index row holds at most about
// 2.7 kB), and GiST indexes cannot be unique.
std::string postgis_unique_key(const std::string& column, const std::string& type,
                               const std::string& schema);

}  // namespace reconcile::mapping
