// PostGIS columns in both profiles: the type text PostgreSQL's format_type
// prints (checked against PostGIS 3.3 on PostgreSQL 15 by hand, and by
// tests/integration/postgis_test.cpp), the postgis extension required, GiST
// indexes, and unique keys over a geometry column as unique indexes.
#include <gtest/gtest.h>

#include "linkml/mapping/postgis.h"
#include "support/mapping_harness.h"

namespace reconcile::testing {
namespace {

using mapping::Profile;

std::string canonical(const std::string& written) {
  std::string error;
  auto t = mapping::parse_postgis_type(written, error);
  if (!t) return "<none: " + error + ">";
  return mapping::postgis_type_sql(*t, "public");
}

TEST(Postgis, TypeTextIsFormatTypes) {
  EXPECT_EQ(canonical("geometry"), "public.geometry");
  EXPECT_EQ(canonical("geometry(point,4326)"), "public.geometry(Point,4326)");
  EXPECT_EQ(canonical("GEOMETRY(Point, 4326)"), "public.geometry(Point,4326)");
  EXPECT_EQ(canonical("public.geometry(MultiPolygon,4326)"), "public.geometry(MultiPolygon,4326)");
  EXPECT_EQ(canonical("geometry(Geometry)"), "public.geometry");
  EXPECT_EQ(canonical("geometry(Geometry,4326)"), "public.geometry(Geometry,4326)");
  EXPECT_EQ(canonical("geometry(pointzm,-5)"), "public.geometry(PointZM)");
  EXPECT_EQ(canonical("geometry(linestringz,0)"), "public.geometry(LineStringZ)");
  EXPECT_EQ(canonical("geography"), "public.geography");
  EXPECT_EQ(canonical("geography(Polygon)"), "public.geography(Polygon,4326)");
  EXPECT_EQ(canonical("geography(Geometry)"), "public.geography(Geometry,4326)");
  std::string error;
  EXPECT_FALSE(mapping::parse_postgis_type("text", error));
  EXPECT_TRUE(error.empty());
  EXPECT_FALSE(mapping::parse_postgis_type("character varying(20)", error));
  EXPECT_FALSE(mapping::parse_postgis_type("geometry(Blob,4326)", error));
  EXPECT_NE(error.find("'blob' is not a PostGIS geometry type"), std::string::npos) << error;
  EXPECT_FALSE(mapping::parse_postgis_type("geometry(Point,9999999)", error));
  EXPECT_NE(error.find("SRID 9999999"), std::string::npos) << error;
  EXPECT_FALSE(mapping::parse_postgis_type("geometry(Point,4326,1)", error));
  EXPECT_EQ(mapping::postgis_type_sql({"geometry", "Point", 4326, true}, "gis data"),
            "\"gis data\".geometry(Point,4326)");
}

constexpr const char* kSchema = R"yaml(
types:
  Area:
    typeof: string
    annotations:
      sql_type: "geometry(MultiPolygon,4326)"
classes:
  Polygon:
    attributes:
      id: {identifier: true, range: integer}
      dataset_id: {range: integer}
      geom:
        range: geometry
        annotations: {index: gist}
      area: {range: Area}
      place:
        range: string
        annotations: {sql_type: "geography(Point)"}
    unique_keys:
      unique_geom: {unique_key_slots: [geom, dataset_id]}
)yaml";

TEST(Postgis, NativeColumnsIndexAndUniqueKey) {
  auto m = map_yaml(kSchema, Profile::kNative, {}, {"postgis"});
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.codes();
  const auto& t = m.table("polygon");
  ASSERT_TRUE(t.find_column("geom"));
  EXPECT_EQ(t.find_column("geom")->type, "public.geometry");
  EXPECT_EQ(t.find_column("area")->type, "public.geometry(MultiPolygon,4326)");
  EXPECT_EQ(t.find_column("place")->type, "public.geography(Point,4326)");
  EXPECT_TRUE(t.uniques.empty());
  ASSERT_EQ(t.indexes.size(), 2u);
  EXPECT_EQ(t.indexes[0].name, "polygon_geom_dataset_id_key");
  EXPECT_TRUE(t.indexes[0].unique);
  EXPECT_EQ(t.indexes[0].method, "btree");
  EXPECT_EQ(t.indexes[0].keys,
            (std::vector<std::string>{"md5(public.st_asewkb(geom))", "dataset_id"}));
  EXPECT_EQ(t.indexes[1].name, "polygon_geom_idx");
  EXPECT_EQ(t.indexes[1].method, "gist");
  EXPECT_EQ(t.indexes[1].keys, (std::vector<std::string>{"geom"}));
  ASSERT_TRUE(m.catalog.extensions.count("postgis"));
}

TEST(Postgis, LinkmlProfileColumnsToo) {
  auto m = map_yaml(kSchema, Profile::kLinkml, {}, {"postgis"});
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.codes();
  const auto& t = m.table("Polygon");
  ASSERT_TRUE(t.find_column("geom"));
  EXPECT_EQ(t.find_column("geom")->type, "public.geometry");
  EXPECT_EQ(t.find_column("area")->type, "public.geometry(MultiPolygon,4326)");
  bool gist = false, unique = false;
  for (const auto& ix : t.indexes) {
    if (ix.method == "gist" && ix.keys == std::vector<std::string>{"geom"}) gist = true;
    if (ix.unique && ix.keys.front() == "md5(public.st_asewkb(geom))") unique = true;
  }
  EXPECT_TRUE(gist);
  EXPECT_TRUE(unique);
  EXPECT_TRUE(t.uniques.empty());
}

TEST(Postgis, WithoutTheExtensionEachColumnIsAnErrorAtItsSource) {
  auto m = map_yaml(kSchema, Profile::kNative);
  ASSERT_TRUE(m.diagnostics.has_errors());
  std::vector<std::string> where;
  for (const auto& d : m.diagnostics.sorted()) {
    if (d.code != "postgis-required") continue;
    where.push_back(d.where.to_string());
    EXPECT_NE(d.hint.find("extensions: [postgis]"), std::string::npos);
  }
  // geom: its range (line 15 of the file, after the 7 added header lines);
  // place: its sql_type annotation; area: the slot (its type's sql_type).
  EXPECT_EQ(where.size(), 3u) << m.codes();
  for (const auto& w : where) EXPECT_EQ(w.rfind("schema.yaml:", 0), 0u) << w;
}

TEST(Postgis, BadModifierIsAnError) {
  auto m = map_yaml(R"yaml(
classes:
  Thing:
    attributes:
      shape:
        annotations: {sql_type: "geometry(Squiggle,4326)"}
)yaml",
                    Profile::kNative, {}, {"postgis"});
  ASSERT_TRUE(m.diagnostics.has_errors());
  EXPECT_NE(m.codes().find("invalid-sql"), std::string::npos) << m.codes();
}

}  // namespace
}  // namespace reconcile::testing
