// Views without a server: the SELECT check (libpg_query), LinkML view
// classes mapped in both profiles, the DDL of views, and the order and
// shape of the view steps of a plan built from hand-written catalogs.
#include <gtest/gtest.h>

#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/catalog/view_sql.h"
#include "core/plan/planner.h"
#include "core/plan/views.h"
#include "core/sql/view_query.h"
#include "support/mapping_harness.h"

namespace reconcile::testing {
namespace {

using catalog::View;
using mapping::Profile;

TEST(ViewQuery, ExactlyOneSelect) {
  EXPECT_FALSE(sql::check_view_query("SELECT 1"));
  EXPECT_FALSE(sql::check_view_query("WITH x AS (SELECT 1 AS a) SELECT a FROM x"));
  EXPECT_FALSE(sql::check_view_query("SELECT 1 UNION SELECT 2;"));
  EXPECT_FALSE(sql::check_view_query("VALUES (1)"));
  auto two = sql::check_view_query("SELECT 1; DROP TABLE t");
  ASSERT_TRUE(two);
  EXPECT_NE(two->reason.find("2 statements"), std::string::npos) << two->reason;
  auto del = sql::check_view_query("DELETE FROM t");
  ASSERT_TRUE(del);
  EXPECT_NE(del->reason.find("DeleteStmt, not a SELECT"), std::string::npos) << del->reason;
  EXPECT_TRUE(sql::check_view_query("SELECT * INTO t2 FROM t"));
  EXPECT_TRUE(sql::check_view_query("SELECT * FROM t FOR UPDATE"));
  EXPECT_TRUE(sql::check_view_query("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"));
  auto bad = sql::check_view_query("SELECT FROM WHERE");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->offset, 12);
}

TEST(ViewQuery, RelationsWithoutCtes) {
  EXPECT_EQ(sql::view_query_relations("WITH x AS (SELECT * FROM a.t) SELECT * FROM x JOIN u ON "
                                      "true, (SELECT 1 FROM b.v) s"),
            (std::vector<std::pair<std::string, std::string>>{{"", "u"}, {"a", "t"}, {"b", "v"}}));
}

constexpr const char* kViews = R"yaml(
classes:
  Sample:
    attributes:
      id: {identifier: true, range: integer}
      name:
  SampleNames:
    description: Names only.
    annotations:
      sql_schema: analytics
      sql_definition: SELECT id, name FROM public.sample
    attributes:
      id: {range: integer}
      name:
  NameCounts:
    annotations:
      materialized: true
      with_no_data: true
      sql_definition: SELECT name, count(*) AS n FROM analytics.sample_names GROUP BY name
    attributes:
      name:
        annotations: {unique: true}
      n:
        annotations: {index: brin}
)yaml";

TEST(MappingViews, NativeViewClassesAreViewsNotTables) {
  auto m = map_yaml(kViews, Profile::kNative);
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.codes();
  EXPECT_FALSE(m.has_table("sample_names", "analytics"));
  EXPECT_FALSE(m.has_table("name_counts"));
  const View* v = m.catalog.find_view("analytics", "sample_names");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->materialized);
  EXPECT_EQ(v->query, "SELECT id, name FROM public.sample");
  EXPECT_TRUE(v->definition.empty());
  EXPECT_EQ(v->comment, "Names only.");
  ASSERT_EQ(v->documented.size(), 2u);
  EXPECT_EQ(v->documented[0].name, "id");
  EXPECT_EQ(v->documented[0].type, "integer");
  EXPECT_EQ(v->depends_on.size(), 1u);
  const View* mv = m.catalog.find_view("public", "name_counts");
  ASSERT_TRUE(mv);
  EXPECT_TRUE(mv->materialized);
  EXPECT_TRUE(mv->with_no_data);
  ASSERT_EQ(mv->indexes.size(), 2u);
  EXPECT_EQ(mv->indexes[0].name, "name_counts_n_idx");
  EXPECT_EQ(mv->indexes[0].method, "brin");
  EXPECT_EQ(mv->indexes[1].name, "name_counts_name_key");
  EXPECT_TRUE(mv->indexes[1].unique);
  // The DDL: tables, then the views in dependency order.
  const std::string ddl = catalog::render_catalog_sql(m.catalog);
  const auto view_at = ddl.find(
      "CREATE VIEW analytics.sample_names AS\nSELECT id, name FROM "
      "public.sample;");
  const auto mat_at = ddl.find(
      "CREATE MATERIALIZED VIEW public.name_counts AS\nSELECT name, "
      "count(*) AS n FROM analytics.sample_names GROUP BY name\nWITH NO "
      "DATA;\nCREATE INDEX name_counts_n_idx ON public.name_counts USING "
      "brin (n);");
  ASSERT_NE(view_at, std::string::npos) << ddl;
  ASSERT_NE(mat_at, std::string::npos) << ddl;
  EXPECT_LT(ddl.find("CREATE TABLE public.sample"), view_at);
  EXPECT_LT(view_at, mat_at);
}

TEST(MappingViews, LinkmlProfileToo) {
  auto m = map_yaml(kViews, Profile::kLinkml);
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.codes();
  EXPECT_TRUE(m.catalog.find_view("analytics", "SampleNames"));
  EXPECT_TRUE(m.catalog.find_view("public", "NameCounts"));
  EXPECT_FALSE(m.has_table("SampleNames", "analytics"));
}

TEST(MappingViews, NotASelectIsAnErrorAtTheDefinition) {
  auto m = map_yaml(R"yaml(
classes:
  Bad:
    annotations:
      sql_definition: "SELECT 1; DROP TABLE sample"
)yaml",
                    Profile::kNative);
  ASSERT_TRUE(m.diagnostics.has_errors());
  bool found = false;
  for (const auto& d : m.diagnostics.sorted())
    if (d.code == "invalid-sql") {
      found = true;
      EXPECT_EQ(d.where.to_string(), "schema.yaml:12:23");
      EXPECT_NE(d.message.find("not exactly one SELECT"), std::string::npos) << d.message;
    }
  EXPECT_TRUE(found) << m.codes();
  EXPECT_TRUE(m.catalog.schemas.at("public").views.empty());
}

// A catalog with table t(a, b), view v over t.a, view w over v.
catalog::Catalog with_views(const std::string& a_type) {
  catalog::Catalog c;
  auto& s = c.schemas["public"];
  s.name = "public";
  catalog::Table t;
  t.name = "t";
  t.columns = {col("a", a_type, false), col("b", "text", false)};
  s.tables["t"] = t;
  View v;
  v.name = "v";
  v.definition = " SELECT t.a\n   FROM public.t;";
  v.columns = {{"a", a_type}};
  v.depends_on = {{"public", "t", {"a"}}};
  s.views["v"] = v;
  View w;
  w.name = "w";
  w.materialized = true;
  w.definition = " SELECT v.a\n   FROM public.v;";
  w.columns = {{"a", a_type}};
  w.depends_on = {{"public", "v", {"a"}}};
  s.views["w"] = w;
  return c;
}

std::vector<std::string> summaries(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(s.summary);
  return out;
}

TEST(PlanViews, TypeChangeDropsDependentsFirstAndCreatesThemAfterInOrder) {
  plan::Plan p = plan::make_plan(with_views("integer"), with_views("bigint"));
  EXPECT_EQ(summaries(p), (std::vector<std::string>{
                              "drop materialized view public.w",
                              "drop view public.v",
                              "alter column public.t.a type integer -> bigint",
                              "create view public.v",
                              "create materialized view public.w",
                          }));
  EXPECT_EQ(p.steps[0].up, std::vector<std::string>{"DROP MATERIALIZED VIEW public.w"});
  EXPECT_EQ(p.steps[0].down, std::vector<std::string>{"CREATE MATERIALIZED VIEW public.w AS\n"
                                                      "SELECT v.a\n   FROM public.v\nWITH DATA"});
  EXPECT_TRUE(p.steps[4].has(plan::Hazard::kRefreshesMaterializedView));
  EXPECT_EQ(p.steps[3].up, std::vector<std::string>{"CREATE VIEW public.v AS\nSELECT t.a\n   FROM "
                                                    "public.t"});
}

TEST(PlanViews, AColumnTheViewsDoNotUseLeavesThemAlone) {
  catalog::Catalog to = with_views("integer");
  to.schemas["public"].tables["t"].columns[1].type = "character varying(5)";
  plan::Plan p = plan::make_plan(with_views("integer"), to);
  EXPECT_EQ(summaries(p),
            std::vector<std::string>{"alter column public.t.b type text -> character varying(5)"});
}

TEST(PlanViews, ExtendedColumnsReplaceInPlaceOtherChangesRecreate) {
  catalog::Catalog to = with_views("integer");
  View& v = to.schemas["public"].views["v"];
  v.definition = " SELECT t.a,\n    t.b\n   FROM public.t;";
  v.columns.push_back({"b", "text"});
  plan::Plan p = plan::make_plan(with_views("integer"), to);
  ASSERT_EQ(summaries(p), std::vector<std::string>{"replace view public.v"});
  EXPECT_EQ(p.steps[0].up, std::vector<std::string>{"CREATE OR REPLACE VIEW public.v AS\nSELECT "
                                                    "t.a,\n    t.b\n   FROM public.t"});
  EXPECT_EQ(p.steps[0].down,
            (std::vector<std::string>{"DROP VIEW public.v",
                                      "CREATE VIEW public.v AS\nSELECT t.a\n   FROM public.t"}));

  // A column removed: drop (with the dependent matview) and create.
  catalog::Catalog from = to;
  plan::Plan back = plan::make_plan(from, with_views("integer"));
  EXPECT_EQ(summaries(back), (std::vector<std::string>{
                                 "drop materialized view public.w",
                                 "drop view public.v",
                                 "create view public.v",
                                 "create materialized view public.w",
                             }));
}

// A view that extends its columns while the table it read is renamed: its
// old definition names the old table, which the down SQL could not read
// before the rename is undone; so it is dropped first and created last.
TEST(PlanViews, NoReplaceInPlaceWhenTheOldDefinitionCannotComeBack) {
  catalog::Catalog to = with_views("integer");
  auto& sch = to.schemas["public"];
  catalog::Table t = sch.tables["t"];
  t.name = "t2";
  sch.tables.erase("t");
  sch.tables["t2"] = t;
  to.renames.push_back({catalog::RenameHint::Kind::kTable, "public", "", "t", "t2"});
  View& v = sch.views["v"];
  v.definition = " SELECT t2.a,\n    t2.b\n   FROM public.t2;";
  v.columns.push_back({"b", "text"});
  v.depends_on = {{"public", "t2", {"a", "b"}}};
  sch.views["w"].depends_on = {{"public", "v", {"a"}}};
  plan::Plan p = plan::make_plan(with_views("integer"), to);
  EXPECT_EQ(summaries(p), (std::vector<std::string>{
                              "drop materialized view public.w",
                              "drop view public.v",
                              "rename table public.t to t2",
                              "create view public.v",
                              "create materialized view public.w",
                          }));
}

TEST(PlanViews, MaterializedViewIndexesAndRefresh) {
  catalog::Catalog to = with_views("integer");
  catalog::Index ix;
  ix.name = "w_a_key";
  ix.unique = true;
  ix.keys = {"a"};
  to.schemas["public"].views["w"].indexes = {ix};
  plan::Plan p = plan::make_plan(with_views("integer"), to);
  ASSERT_EQ(summaries(p), std::vector<std::string>{"create index public.w_a_key on public.w"});
  EXPECT_EQ(p.steps[0].up,
            std::vector<std::string>{"CREATE UNIQUE INDEX w_a_key ON public.w USING btree (a)"});
  auto refresh = plan::refresh_steps(to);
  ASSERT_EQ(refresh.size(), 1u);
  EXPECT_EQ(refresh[0].up,
            std::vector<std::string>{"REFRESH MATERIALIZED VIEW CONCURRENTLY public.w"});
  auto plain = plan::refresh_steps(with_views("integer"));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].up, std::vector<std::string>{"REFRESH MATERIALIZED VIEW public.w"});
  EXPECT_TRUE(plain[0].transactional);
  EXPECT_TRUE(plain[0].has(plan::Hazard::kAccessExclusiveLock));
}

TEST(PlanViews, EqualCatalogsPlanNothingAndViewsKeepJsonAndHash) {
  EXPECT_TRUE(plan::make_plan(with_views("integer"), with_views("integer")).empty());
  catalog::Catalog c = with_views("integer");
  c.schemas["public"].views["v"].query = "select a from t";
  EXPECT_EQ(catalog::catalog_from_json(catalog::to_json(c)), c);
  EXPECT_EQ(catalog::catalog_from_json(catalog::to_json(c)).schemas["public"].views["v"].query,
            "select a from t");
  // The query as written takes no part in the hash.
  EXPECT_EQ(catalog::content_hash(c), catalog::content_hash(with_views("integer")));
  // A catalog without views hashes as before views existed: no "views" key.
  catalog::Catalog none = with_views("integer");
  none.schemas["public"].views.clear();
  EXPECT_EQ(catalog::canonical_json(none).find("\"views\""), std::string::npos);
}

}  // namespace
}  // namespace reconcile::testing
