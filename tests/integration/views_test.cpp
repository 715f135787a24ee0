// Views, materialized views and PostGIS columns declared in LinkML, against
// a real PostgreSQL 15 with PostGIS: views on views, a materialized view
// with a unique index refreshed concurrently, a type change of a column two
// views depend on, a geometry column with a GiST index and a unique key.
// Applied from empty, changed, planned again (empty), downgraded back; the
// rows of the tables survive every step.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "core/plan/planner.h"
#include "core/plan/views.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

const char* kHeader =
    "id: https://example.org/obs\nname: obs\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
    "imports:\n  - linkml:types\ndefault_range: string\n";

// `value_type`: the range of observation.value; `extra`: more of the
// summary view's SELECT list.
std::string schema(const std::string& value_type, const std::string& summary_extra = "") {
  return std::string(kHeader) + R"yaml(
classes:
  Unit:
    attributes:
      id: {identifier: true, range: integer}
      name:
  Parameter:
    attributes:
      id: {identifier: true, range: integer}
      name:
  Resource:
    attributes:
      id: {identifier: true, range: integer}
      name:
  Observation:
    attributes:
      id: {identifier: true, range: integer}
      parameter: {range: Parameter}
      unit: {range: Unit}
      resource: {range: Resource}
      value: {range: )yaml" +
         value_type + R"yaml(}
  Polygon:
    attributes:
      id: {identifier: true, range: integer}
      dataset_id: {range: integer}
      geom:
        range: geometry
        annotations: {index: gist, sql_type: "geometry(Polygon,4326)"}
    unique_keys:
      unique_geom: {unique_key_slots: [geom, dataset_id]}
  ObservationDetail:
    description: One row per observation, with names.
    annotations:
      sql_schema: analytics
      sql_definition: >
        SELECT obs.id, res.name AS resource, param.name AS parameter, obs.value, u.name AS unit
        FROM public.observation obs JOIN public.parameter param ON obs.parameter_id = param.id
        JOIN public.unit u ON obs.unit_id = u.id LEFT JOIN public.resource res
        ON obs.resource_id = res.id
    attributes:
      id: {range: integer}
      resource:
      parameter:
      value:
      unit:
  ParameterSummary:
    annotations:
      sql_schema: analytics
      sql_definition: >
        SELECT parameter, count(*) AS n, sum(value) AS total)yaml" +
         summary_extra + R"yaml( FROM analytics.observation_detail GROUP BY parameter
  AnalysisDataView:
    annotations:
      sql_schema: analytics
      materialized: true
      sql_definition: >
        SELECT d.id, d.resource, d.parameter, d.value, d.unit FROM analytics.observation_detail d
    attributes:
      id:
        range: integer
        annotations: {unique: true}
      resource:
      parameter:
      value:
      unit:
)yaml";
}

MappedProject mapped(const std::string& yaml) {
  MappedProject m =
      map_project({{"s.yaml", yaml}}, "s.yaml", mapping::Profile::kNative, {"postgis"});
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.messages();
  return m;
}

std::vector<std::string> summaries(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(s.summary);
  return out;
}

size_t position(const std::vector<std::string>& v, const std::string& s) {
  return static_cast<size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

void run_down(const std::string& url, const plan::Plan& p) {
  pqxx::connection conn(url);
  for (auto it = p.steps.rbegin(); it != p.steps.rend(); ++it) {
    pqxx::work tx(conn);
    for (const auto& sql : it->down) tx.exec(sql);
    tx.commit();
  }
}

class ViewsTest : public PgTest {};

TEST_F(ViewsTest, AppliedChangedReplannedEmptyAndDowngradedWithRowsKept) {
  // 1. From empty.
  MappedProject v1 = mapped(schema("float"));
  ASSERT_EQ(v1.catalog.schemas.at("analytics").views.size(), 3u);
  // The slots of the view classes document their columns; the summary has
  // no slots, so its three columns are reported.
  EXPECT_TRUE(v1.has("view-columns")) << v1.messages();
  Convergence c1 = apply_to_database(url(), v1.catalog);
  ASSERT_FALSE(c1.applied.empty());
  EXPECT_TRUE(c1.again.empty()) << c1.again.up_sql();
  const auto s1 = summaries(c1.applied);
  EXPECT_LT(position(s1, "create view analytics.observation_detail"),
            position(s1, "create view analytics.parameter_summary"));
  EXPECT_LT(position(s1, "create view analytics.observation_detail"),
            position(s1, "create materialized view analytics.analysis_data_view"));
  EXPECT_EQ(query_value(url(),
                        "SELECT indexdef FROM pg_indexes WHERE indexname = "
                        "'analysis_data_view_id_key'"),
            "CREATE UNIQUE INDEX analysis_data_view_id_key ON analytics.analysis_data_view USING "
            "btree (id)");

  exec_sql(url(),
           "INSERT INTO unit VALUES (1, 'mg/L'); INSERT INTO parameter VALUES (1, 'nitrate'), "
           "(2, 'pH'); INSERT INTO resource VALUES (1, 'well 7');"
           "INSERT INTO observation VALUES (1, 1, 1, 1, 2.5), (2, 2, 1, NULL, 7.25);"
           "INSERT INTO polygon VALUES (1, 3, 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))')");

  // Refresh on request: concurrently, since the view has a unique index.
  plan::Plan refresh;
  refresh.steps = plan::refresh_steps(v1.catalog);
  ASSERT_EQ(refresh.steps.size(), 1u);
  EXPECT_EQ(refresh.steps[0].up,
            std::vector<std::string>{
                "REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.analysis_data_view"});
  EXPECT_TRUE(refresh.steps[0].has(plan::Hazard::kRefreshesMaterializedView));
  EXPECT_FALSE(refresh.steps[0].transactional);
  run_plan(url(), refresh);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM analytics.analysis_data_view"), "2");

  // 2. A type change of a column that two views (and the materialized view
  // through one of them) read, and a plain view whose columns grow.
  MappedProject v2 = mapped(schema("decimal", ", max(value) AS top"));
  Convergence c2 = apply_to_database(url(), v2.catalog);
  EXPECT_TRUE(c2.again.empty()) << c2.again.up_sql();
  const auto s2 = summaries(c2.applied);
  const size_t alter =
      position(s2, "alter column public.observation.value type double precision -> numeric");
  ASSERT_LT(alter, s2.size()) << c2.applied.up_sql();
  // Dependents dropped first, the column changed, then created in order.
  EXPECT_LT(position(s2, "drop view analytics.parameter_summary"),
            position(s2, "drop view analytics.observation_detail"));
  EXPECT_LT(position(s2, "drop materialized view analytics.analysis_data_view"),
            position(s2, "drop view analytics.observation_detail"));
  EXPECT_LT(position(s2, "drop view analytics.observation_detail"), alter);
  EXPECT_LT(alter, position(s2, "create view analytics.observation_detail"));
  EXPECT_LT(position(s2, "create view analytics.observation_detail"),
            position(s2, "create view analytics.parameter_summary"));
  EXPECT_LT(position(s2, "create view analytics.observation_detail"),
            position(s2, "create materialized view analytics.analysis_data_view"));
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM analytics.analysis_data_view"), "2");
  EXPECT_EQ(query_value(url(),
                        "SELECT top FROM analytics.parameter_summary WHERE parameter = "
                        "'pH'"),
            "7.25");
  EXPECT_EQ(query_value(url(), "SELECT sum(value) FROM observation"), "9.75");

  // 3. Only the summary changes, and its new columns extend the old ones:
  // replaced in place, nothing else touched.
  MappedProject v3 = mapped(schema("decimal", ", max(value) AS top, min(value) AS low"));
  Convergence c3 = apply_to_database(url(), v3.catalog);
  EXPECT_EQ(summaries(c3.applied),
            std::vector<std::string>{"replace view analytics.parameter_summary"});
  EXPECT_TRUE(c3.again.empty()) << c3.again.up_sql();

  // 4. Down: back to the first state, rows kept.
  run_down(url(), c3.applied);
  run_down(url(), c2.applied);
  EXPECT_TRUE(plan::make_plan(read_database(url(), v1.catalog), v1.catalog).empty())
      << plan::make_plan(read_database(url(), v1.catalog), v1.catalog).up_sql();
  EXPECT_EQ(query_value(url(),
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        "WHERE attrelid = 'observation'::regclass AND attname = 'value'"),
            "double precision");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM observation"), "2");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM polygon"), "1");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM analytics.analysis_data_view"), "2");
}

TEST_F(ViewsTest, AViewChangedByHandIsAChange) {
  MappedProject v1 = mapped(schema("float"));
  ASSERT_TRUE(apply_to_database(url(), v1.catalog).again.empty());
  exec_sql(url(),
           "CREATE OR REPLACE VIEW analytics.parameter_summary AS SELECT parameter, count(*) AS n, "
           "sum(value) + 1 AS total FROM analytics.observation_detail GROUP BY parameter");
  plan::Plan p = plan::make_plan(read_database(url(), v1.catalog), v1.catalog);
  EXPECT_EQ(summaries(p), std::vector<std::string>{"replace view analytics.parameter_summary"});
}

TEST_F(ViewsTest, AViewPostgresqlRejectsIsAnErrorAtItsDefinition) {
  std::string yaml = std::string(kHeader) + R"yaml(
classes:
  Broken:
    annotations:
      sql_definition: SELECT nope FROM pg_catalog.pg_class
)yaml";
  try {
    map_project({{"s.yaml", yaml}}, "s.yaml", mapping::Profile::kNative);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().to_string(), "s.yaml:12:23");
    EXPECT_NE(std::string(e.what()).find("column \"nope\" does not exist"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace reconcile::testing
