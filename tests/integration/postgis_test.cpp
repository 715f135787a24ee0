// PostGIS against a real PostgreSQL 15 with PostGIS 3: the type text the
// mapping produces is the server's own format_type output, and a schema
// with geometry columns, a GiST index and a unique key over a geometry
// column applies from empty and plans empty afterwards (no perpetual
// PENDING_CHANGES), keeping its rows through a change of the geometry type.
#include <gtest/gtest.h>

#include "core/plan/plan_output.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "linkml/mapping/postgis.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

class PostgisTest : public PgTest {};

std::string header() {
  return "id: https://example.org/gis\nname: gis\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
         "imports:\n  - linkml:types\ndefault_range: string\n";
}

// The geom slot has `range` and, when given, an sql_type annotation.
std::string schema(const std::string& range, const std::string& sql_type = "") {
  return header() + R"yaml(
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
        range: )yaml" +
         range + "\n        annotations: {index: gist" +
         (sql_type.empty() ? "" : ", sql_type: \"" + sql_type + "\"") + R"yaml(}
      area: {range: Area}
    unique_keys:
      unique_geom: {unique_key_slots: [geom, dataset_id]}
)yaml";
}

TEST_F(PostgisTest, MappedTypeTextIsTheServersFormatType) {
  exec_sql(url(), "CREATE EXTENSION postgis");
  const std::vector<std::string> written = {
      "geometry",           "geometry(point,4326)",    "GEOMETRY(Point, 4326)",
      "geometry(Geometry)", "geometry(Geometry,3857)", "geometry(multipolygonz,4326)",
      "geometry(PointM)",   "geometry(pointzm,-1)",    "geography",
      "geography(Polygon)", "geography(Geometry)",     "geography(LineString,4269)"};
  std::string ddl = "CREATE TABLE public.t (";
  for (size_t i = 0; i < written.size(); ++i)
    ddl += (i ? ", c" : "c") + std::to_string(i) + " " + written[i];
  exec_sql(url(), ddl + ")");
  introspect::IntrospectOptions o;
  o.schemas = {"public"};
  catalog::Catalog live = introspect::introspect_url(url(), o);
  const catalog::Table* t = live.find_table("public", "t");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->columns.size(), written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    std::string error;
    auto parsed = mapping::parse_postgis_type(written[i], error);
    ASSERT_TRUE(parsed) << written[i] << ": " << error;
    EXPECT_EQ(mapping::postgis_type_sql(*parsed, "public"), t->columns[i].type) << written[i];
  }
}

TEST_F(PostgisTest, AppliesFromEmptyPlansEmptyAndKeepsRowsThroughATypeChange) {
  auto first = map_project({{"s.yaml", schema("geometry")}}, "s.yaml", mapping::Profile::kNative,
                           {"postgis"});
  ASSERT_FALSE(first.diagnostics.has_errors()) << first.messages();
  Convergence c1 = apply_to_database(url(), first.catalog);
  EXPECT_TRUE(c1.again.steps.empty()) << plan::render_sql(c1.again);
  // PostGIS's own objects (its geometry_columns view and the rules on it)
  // belong to the extension: neither managed nor listed.
  EXPECT_TRUE(c1.again.not_compared.empty()) << c1.again.not_compared.front();
  EXPECT_EQ(query_value(url(),
                        "SELECT indexdef FROM pg_indexes WHERE indexname = "
                        "'polygon_geom_idx'"),
            "CREATE INDEX polygon_geom_idx ON public.polygon USING gist (geom)");

  exec_sql(url(),
           "INSERT INTO polygon (id, dataset_id, geom) VALUES "
           "(1, 7, 'SRID=4326;POINT(1 2)'), (2, 7, 'SRID=4326;POINT(3 4)')");
  // The unique key over the geometry is enforced, also for shapes a btree
  // over the value could not hold.
  EXPECT_THROW(exec_sql(url(),
                        "INSERT INTO polygon (id, dataset_id, geom) VALUES "
                        "(3, 7, 'SRID=4326;POINT(1 2)')"),
               std::exception);
  exec_sql(url(),
           "INSERT INTO polygon (id, dataset_id, geom) SELECT 4, 7, "
           "ST_Buffer('SRID=4326;POINT(0 0)'::geometry, 10, 2000)");

  // geometry -> geometry(Geometry,4326): the typmod is compared exactly.
  auto second = map_project({{"s.yaml", schema("string", "geometry(Geometry,4326)")}}, "s.yaml",
                            mapping::Profile::kNative, {"postgis"});
  ASSERT_FALSE(second.diagnostics.has_errors()) << second.messages();
  Convergence c2 = apply_to_database(url(), second.catalog);
  EXPECT_FALSE(c2.applied.steps.empty());
  EXPECT_TRUE(c2.again.steps.empty()) << plan::render_sql(c2.again);
  EXPECT_EQ(query_value(url(),
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        "WHERE attrelid = 'polygon'::regclass AND attname = 'geom'"),
            "geometry(Geometry,4326)");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM polygon"), "3");
  EXPECT_EQ(query_value(url(), "SELECT ST_AsText(geom) FROM polygon WHERE id = 2"), "POINT(3 4)");
}

}  // namespace
}  // namespace reconcile::testing
