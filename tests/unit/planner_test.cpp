// Planner: order, safety patterns, hazards and down SQL (no database; the
// integration tests run the SQL against PostgreSQL).
#include "core/plan/planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/catalog/ddl.h"
#include "core/plan/plan_output.h"

namespace reconcile::plan {
namespace {

using catalog::Catalog;
using catalog::Column;
using catalog::ForeignKey;
using catalog::Table;

Column col(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

Table table(std::string name) {
  Table t;
  t.name = name;
  t.columns = {col("id", "integer", true)};
  t.primary_key = catalog::PrimaryKey{name + "_pkey", {"id"}};
  return t;
}

ForeignKey fk(std::string name, std::string column, std::string ref) {
  ForeignKey f;
  f.name = std::move(name);
  f.columns = {std::move(column)};
  f.ref_schema = "public";
  f.ref_table = std::move(ref);
  f.ref_columns = {"id"};
  return f;
}

Catalog with(std::vector<Table> tables) {
  Catalog c;
  auto& s = c.schemas["public"];
  s.name = "public";
  for (Table& t : tables) s.tables[t.name] = std::move(t);
  c.normalize();
  return c;
}

// Index of the first step whose summary starts with `prefix`, or -1.
int find(const Plan& p, const std::string& prefix) {
  for (size_t i = 0; i < p.steps.size(); ++i)
    if (p.steps[i].summary.rfind(prefix, 0) == 0) return static_cast<int>(i);
  return -1;
}

TEST(Planner, EmptyDiffGivesEmptyPlan) {
  Catalog a = with({table("a")});
  EXPECT_TRUE(make_plan(a, a).empty());
  EXPECT_EQ(render_text(make_plan(a, a)), "No changes.\n");
}

TEST(Planner, ForeignKeyCycleBetweenNewTables) {
  Table a = table("a"), b = table("b");
  a.columns.push_back(col("b_id", "integer"));
  b.columns.push_back(col("a_id", "integer"));
  a.foreign_keys = {fk("a_b_id_fkey", "b_id", "b")};
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  Plan p = make_plan(Catalog{}, with({a, b}));
  const int ca = find(p, "create table public.a"), cb = find(p, "create table public.b");
  const int fa = find(p, "add foreign key public.a.a_b_id_fkey");
  const int fb = find(p, "add foreign key public.b.b_a_id_fkey");
  ASSERT_GE(ca, 0);
  ASSERT_GE(cb, 0);
  EXPECT_GT(fa, std::max(ca, cb));
  EXPECT_GT(fb, std::max(ca, cb));
  EXPECT_EQ(find(p, "create schema public"), 0);
  // On new tables the key is added directly, without NOT VALID.
  EXPECT_EQ(p.steps[static_cast<size_t>(fa)].up.size(), 1u);
  EXPECT_EQ(p.steps[static_cast<size_t>(fa)].up[0].find("NOT VALID"), std::string::npos);
}

TEST(Planner, ForeignKeyOnExistingTableIsAddedNotValidThenValidated) {
  Table a = table("a"), b = table("b");
  b.columns.push_back(col("a_id", "integer"));
  Table b2 = b;
  b2.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  Plan p = make_plan(with({a, b}), with({a, b2}));
  ASSERT_EQ(p.steps.size(), 1u);
  const Step& s = p.steps[0];
  ASSERT_EQ(s.up.size(), 2u);
  EXPECT_NE(s.up[0].find("NOT VALID"), std::string::npos);
  EXPECT_NE(s.up[1].find("VALIDATE CONSTRAINT"), std::string::npos);
  EXPECT_TRUE(s.has(Hazard::kValidatesConstraint));
  ASSERT_EQ(s.down.size(), 1u);
  EXPECT_NE(s.down[0].find("DROP CONSTRAINT"), std::string::npos);
}

TEST(Planner, DroppingTablesDropsTheirForeignKeysFirst) {
  Table a = table("a"), b = table("b");
  a.columns.push_back(col("b_id", "integer"));
  b.columns.push_back(col("a_id", "integer"));
  a.foreign_keys = {fk("a_b_id_fkey", "b_id", "b")};
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  Plan p = make_plan(with({a, b}), with({}));
  const int f1 = find(p, "drop foreign key public.a.a_b_id_fkey");
  const int f2 = find(p, "drop foreign key public.b.b_a_id_fkey");
  const int ta = find(p, "drop table public.a"), tb = find(p, "drop table public.b");
  ASSERT_GE(f1, 0);
  ASSERT_GE(f2, 0);
  EXPECT_LT(std::max(f1, f2), std::min(ta, tb));
  EXPECT_TRUE(p.steps[static_cast<size_t>(ta)].has(Hazard::kDeletesData));
  EXPECT_TRUE(p.steps[static_cast<size_t>(ta)].has(Hazard::kNotReversible));
  EXPECT_EQ(p.steps.size(), 4u);
}

TEST(Planner, SetNotNullGoesThroughAValidatedCheck) {
  Table a = table("a");
  a.columns.push_back(col("name", "text"));
  Table b = a;
  b.find_column("name")->not_null = true;
  Plan p = make_plan(with({a}), with({b}));
  ASSERT_EQ(p.steps.size(), 1u);
  const auto& up = p.steps[0].up;
  ASSERT_EQ(up.size(), 4u);
  EXPECT_NE(up[0].find("CHECK (name IS NOT NULL) NOT VALID"), std::string::npos);
  EXPECT_NE(up[1].find("VALIDATE CONSTRAINT"), std::string::npos);
  EXPECT_NE(up[2].find("SET NOT NULL"), std::string::npos);
  EXPECT_NE(up[3].find("DROP CONSTRAINT"), std::string::npos);
  ASSERT_EQ(p.steps[0].down.size(), 1u);
  EXPECT_NE(p.steps[0].down[0].find("DROP NOT NULL"), std::string::npos);
}

TEST(Planner, TypeChangesUseUsingOnlyWhenNeeded) {
  Table a = table("a");
  a.columns.push_back(col("n", "integer"));
  a.columns.push_back(col("s", "text"));
  Table b = a;
  b.find_column("n")->type = "bigint";
  b.find_column("s")->type = "integer";
  Plan p = make_plan(with({a}), with({b}));
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[0].up.back().find("USING"), std::string::npos) << p.steps[0].up.back();
  EXPECT_NE(p.steps[1].up.back().find("USING s::integer"), std::string::npos)
      << p.steps[1].up.back();
  EXPECT_TRUE(p.steps[0].has(Hazard::kRewritesTable));
  EXPECT_FALSE(p.steps[0].has(Hazard::kDeletesData));
}

TEST(Planner, TypeChangeResetsTheDefaultAroundIt) {
  Table a = table("a");
  a.columns.push_back(col("s", "character varying(10)"));
  a.columns.back().default_expr = "'x'::character varying";
  Table b = a;
  b.find_column("s")->type = "text";
  b.find_column("s")->default_expr = "'x'::text";
  Plan p = make_plan(with({a}), with({b}));
  ASSERT_EQ(p.steps.size(), 1u);
  const auto& up = p.steps[0].up;
  ASSERT_EQ(up.size(), 3u);
  EXPECT_NE(up[0].find("DROP DEFAULT"), std::string::npos);
  EXPECT_NE(up[1].find("TYPE text"), std::string::npos);
  EXPECT_NE(up[2].find("SET DEFAULT 'x'::text"), std::string::npos);
  EXPECT_FALSE(p.steps[0].has(Hazard::kRewritesTable));
}

TEST(Planner, ClassifiesKnownTypeChanges) {
  auto widen = classify_type_change("character varying(10)", "character varying(50)");
  EXPECT_FALSE(widen.needs_using);
  EXPECT_FALSE(widen.rewrites);
  EXPECT_FALSE(widen.narrows);
  auto narrow = classify_type_change("character varying(50)", "character varying(10)");
  EXPECT_TRUE(narrow.narrows);
  EXPECT_FALSE(classify_type_change("integer", "bigint").narrows);
  EXPECT_TRUE(classify_type_change("bigint", "integer").narrows);
  EXPECT_FALSE(classify_type_change("numeric(10,2)", "numeric(12,2)").rewrites);
  EXPECT_TRUE(classify_type_change("numeric(10,2)", "numeric(10,1)").narrows);
  EXPECT_TRUE(classify_type_change("text", "integer").needs_using);
  EXPECT_FALSE(classify_type_change("integer", "text").needs_using);
  EXPECT_TRUE(classify_type_change("text", "text[]").needs_using);
}

Catalog with_enum(std::vector<std::string> values, bool with_table) {
  Catalog c = with({});
  c.schemas["public"].enums["mood"] = catalog::EnumType{"mood", std::move(values), std::nullopt};
  if (with_table) {
    Table t = table("t");
    t.columns.push_back(col("m", "public.mood"));
    t.columns.back().default_expr = "'a'::public.mood";
    c.schemas["public"].tables["t"] = t;
  }
  return c;
}

TEST(Planner, EnumValuesAreAddedOutsideATransaction) {
  Plan p = make_plan(with_enum({"a", "c"}, true), with_enum({"a", "b", "c", "d"}, true));
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[0].up[0], "ALTER TYPE public.mood ADD VALUE 'b' AFTER 'a'");
  EXPECT_EQ(p.steps[1].up[0], "ALTER TYPE public.mood ADD VALUE 'd' AFTER 'c'");
  EXPECT_FALSE(p.steps[0].transactional);
  EXPECT_TRUE(p.steps[0].has(Hazard::kCannotRunInTransaction));
}

TEST(Planner, EnumValueRemovalRecreatesTheType) {
  Plan p = make_plan(with_enum({"a", "b", "c"}, true), with_enum({"a", "c"}, true));
  ASSERT_EQ(p.steps.size(), 2u);
  const auto& up = p.steps[0].up;
  EXPECT_EQ(up[0], "ALTER TYPE public.mood RENAME TO mood_old");
  EXPECT_NE(up[1].find("CREATE TYPE public.mood"), std::string::npos);
  EXPECT_NE(up[2].find("DROP DEFAULT"), std::string::npos);
  EXPECT_EQ(up[3],
            "ALTER TABLE public.t ALTER COLUMN m TYPE public.mood USING m::text::public.mood");
  EXPECT_NE(up[4].find("SET DEFAULT 'a'::public.mood"), std::string::npos);
  EXPECT_TRUE(p.steps[0].has(Hazard::kDeletesData));
  EXPECT_NE(p.steps[1].up[0].find("mood_old"), std::string::npos);
}

TEST(Planner, RenamesComeFirstAndAreReversible) {
  Table a = table("person");
  a.columns.push_back(col("name", "text"));
  Table b = a;
  b.name = "human";
  b.find_column("name")->name = "full name";
  b.columns.push_back(col("age", "integer"));
  Catalog to = with({b});
  to.renames = {{catalog::RenameHint::Kind::kTable, "public", "", "person", "human"},
                {catalog::RenameHint::Kind::kColumn, "public", "human", "name", "full name"}};
  Plan p = make_plan(with({a}), to);
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[0].up[0], "ALTER TABLE public.person RENAME TO human");
  EXPECT_EQ(p.steps[0].down[0], "ALTER TABLE public.human RENAME TO person");
  EXPECT_EQ(p.steps[1].up[0], "ALTER TABLE public.human RENAME COLUMN name TO \"full name\"");
  EXPECT_NE(p.steps[2].summary.find("add column public.human.age"), std::string::npos);
  EXPECT_FALSE(p.has(Hazard::kNotReversible));
}

TEST(Planner, DropColumnAfterItsIndexAndBeforeNothingElse) {
  Table a = table("a");
  a.columns.push_back(col("x", "integer"));
  a.indexes = {{"a_x_idx", false, "btree", {"x"}, {}, std::nullopt, false}};
  Table b = table("a");
  Plan p = make_plan(with({a}), with({b}));
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[0].summary, "drop index public.a.a_x_idx");
  EXPECT_EQ(p.steps[1].summary, "drop column public.a.x");
  EXPECT_TRUE(p.steps[1].has(Hazard::kDeletesData));
}

TEST(Planner, SamePlanEveryTime) {
  Table a = table("a"), b = table("b");
  b.columns.push_back(col("a_id", "integer"));
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  const Catalog to = with({a, b});
  EXPECT_EQ(plan_to_json(make_plan(Catalog{}, to)).dump(),
            plan_to_json(make_plan(Catalog{}, to)).dump());
}

TEST(PlanOutput, FormatsTextSqlAndJson) {
  Plan p;
  Step s;
  s.summary = "drop column public.a.x";
  s.up = {"ALTER TABLE public.a DROP COLUMN x"};
  s.down = {"ALTER TABLE public.a ADD COLUMN x integer"};
  s.hazards = {Hazard::kDeletesData};
  s.objects = {"public.a.x"};
  p.steps.push_back(s);
  EXPECT_EQ(render_text(p), "1. drop column public.a.x  [DELETES_DATA]\n");
  EXPECT_EQ(render_sql(p), "ALTER TABLE public.a DROP COLUMN x;\n");
  auto j = plan_to_json(p);
  EXPECT_EQ(j["steps"][0]["hazards"][0], "DELETES_DATA");
  EXPECT_EQ(j["steps"][0]["down"][0], "ALTER TABLE public.a ADD COLUMN x integer");
  EXPECT_EQ(j["steps"][0]["transactional"], true);
  EXPECT_EQ(p.down_sql(), "ALTER TABLE public.a ADD COLUMN x integer;\n");
}

catalog::Index index_on(std::string name, std::string column) {
  catalog::Index ix;
  ix.name = std::move(name);
  ix.method = "btree";
  ix.keys = {std::move(column)};
  return ix;
}

TEST(Planner, IndexesOfExistingTablesAreBuiltAndDroppedConcurrentlyByDefault) {
  Table a = table("a");
  a.columns.push_back(col("code", "text"));
  Table b = a;
  b.indexes = {index_on("a_code_idx", "code")};
  Plan add = make_plan(with({a}), with({b}));
  ASSERT_EQ(add.steps.size(), 1u);
  const Step& s = add.steps[0];
  EXPECT_FALSE(s.transactional);
  EXPECT_EQ(s.up, std::vector<std::string>{
                      "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_code_idx ON public.a USING btree "
                      "(code)"});
  EXPECT_EQ(s.down,
            std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS public.a_code_idx"});
  EXPECT_TRUE(s.has(Hazard::kCannotRunInTransaction));
  EXPECT_TRUE(s.has(Hazard::kIndexBuild));

  Plan drop = make_plan(with({b}), with({a}));
  ASSERT_EQ(drop.steps.size(), 1u);
  EXPECT_FALSE(drop.steps[0].transactional);
  EXPECT_EQ(drop.steps[0].up,
            std::vector<std::string>{"DROP INDEX CONCURRENTLY IF EXISTS public.a_code_idx"});
}

TEST(Planner, IndexesOfNewTablesAreBuiltInTheTransactionThatCreatesThem) {
  Table b = table("b");
  b.columns.push_back(col("code", "text"));
  b.indexes = {index_on("b_code_idx", "code")};
  Plan p = make_plan(Catalog{}, with({b}));
  for (const Step& s : p.steps) {
    EXPECT_TRUE(s.transactional) << s.summary;
    for (const auto& sql : s.up) EXPECT_EQ(sql.find("CONCURRENTLY"), std::string::npos) << sql;
  }
  EXPECT_NE(p.up_sql().find("CREATE INDEX b_code_idx ON public.b"), std::string::npos)
      << p.up_sql();
}

TEST(Planner, ConcurrentIndexesCanBeTurnedOff) {
  Table a = table("a");
  a.columns.push_back(col("code", "text"));
  Table b = a;
  b.indexes = {index_on("a_code_idx", "code")};
  PlannerOptions o;
  o.concurrent_indexes = false;
  Plan p = make_plan(with({a}), with({b}), o);
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_TRUE(p.steps[0].transactional);
  EXPECT_EQ(p.steps[0].up,
            std::vector<std::string>{"CREATE INDEX a_code_idx ON public.a USING btree (code)"});
}

TEST(PlanOutput, UnmanagedObjectsAreNamedNeverHidden) {
  Catalog live;
  live.unmanaged = {{"view", "public", "active"}, {"function", "public", "f"}};
  Catalog wanted;
  wanted.unmanaged = {{"view", "public", "active"}};
  Plan p = make_plan(live, wanted);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.not_compared, (std::vector<std::string>{"function public.f", "view public.active"}));
  EXPECT_EQ(render_text(p),
            "No changes.\nNot compared (reconcile does not manage these kinds of object yet): "
            "function public.f, view public.active\n");
  EXPECT_EQ(plan_to_json(p)["not_compared"][1], "view public.active");
  EXPECT_EQ(render_sql(p), "");
}

}  // namespace
}  // namespace reconcile::plan

namespace reconcile::plan {
namespace {

Catalog catalog_of(std::vector<Table> tables, std::vector<catalog::EnumType> enums = {}) {
  Catalog c = with(std::move(tables));
  for (auto& e : enums) c.schemas["public"].enums[e.name] = std::move(e);
  return c;
}

// The node of the first step whose summary starts with `prefix`.
size_t node(const StatementGraph& g, const std::string& prefix) {
  for (size_t i = 0; i < g.steps.size(); ++i)
    if (g.steps[i].summary.rfind(prefix, 0) == 0) return i;
  ADD_FAILURE() << "no step " << prefix;
  return g.steps.size();
}

// True when the graph itself orders `first` before `second` (a declared
// dependency, not the tie-break).
bool edge(const StatementGraph& g, const std::string& first, const std::string& second) {
  const auto edges = g.graph.edges();
  return std::find(edges.begin(), edges.end(),
                   std::pair<size_t, size_t>{node(g, first), node(g, second)}) != edges.end();
}

std::vector<std::string> summaries(const Plan& p) {
  std::vector<std::string> out;
  for (const Step& s : p.steps) out.push_back(s.summary);
  return out;
}

TEST(Renderer, AnObjectRendersAlikeInSqlOutputAndInAPlan) {
  Table t = table("item");
  t.columns.push_back(col("code", "text"));
  t.columns.back().collation = "C.utf8";
  t.columns.back().not_null = true;
  t.columns.back().default_expr = "'x'::text";
  t.columns.push_back(col("n", "bigint"));
  t.columns.back().identity = catalog::Identity::kByDefault;
  t.columns.back().not_null = true;
  Table child = table("child");
  child.columns.push_back(col("item_id", "integer"));
  catalog::ForeignKey f;
  f.name = "child_item_id_fkey";
  f.columns = {"item_id"};
  f.ref_schema = "public";
  f.ref_table = "item";
  f.ref_columns = {"id"};
  f.on_delete = catalog::FkAction::kSetNull;
  child.foreign_keys = {f};
  const Catalog c = catalog_of({t, child});

  const std::vector<std::string> sql = catalog::render_catalog(c);
  const Plan p = make_plan(Catalog{}, c);
  auto in_plan = [&p](const std::string& stmt) {
    for (const Step& s : p.steps)
      if (std::find(s.up.begin(), s.up.end(), stmt) != s.up.end()) return true;
    return false;
  };
  const std::string create_item =
      catalog::create_table_sql("public", *c.find_table("public", "item"), false);
  ASSERT_NE(std::find(sql.begin(), sql.end(), create_item), sql.end());
  EXPECT_TRUE(in_plan(create_item)) << p.up_sql();
  EXPECT_NE(create_item.find("code text COLLATE \"C.utf8\" DEFAULT 'x'::text NOT NULL"),
            std::string::npos)
      << create_item;
  EXPECT_NE(create_item.find("n bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL"),
            std::string::npos)
      << create_item;
  // The foreign key: inline in `sql` (its table comes second), its own step
  // in a plan; the clause is the same text.
  const std::string clause =
      "CONSTRAINT child_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.item (id) ON DELETE "
      "SET NULL";
  EXPECT_NE(catalog::render_catalog_sql(c).find(clause), std::string::npos);
  EXPECT_TRUE(in_plan("ALTER TABLE public.child ADD " + clause)) << p.up_sql();

  // Changing the collation of an existing column renders the same name.
  Table before = t;
  before.columns[1].collation.reset();
  const Plan alter = make_plan(catalog_of({before, child}), c);
  ASSERT_EQ(alter.steps.size(), 1u);
  EXPECT_EQ(alter.steps[0].up[0], "ALTER TABLE public.item ALTER COLUMN code DROP DEFAULT");
  EXPECT_EQ(alter.steps[0].up[1],
            "ALTER TABLE public.item ALTER COLUMN code TYPE text COLLATE \"C.utf8\"");
  EXPECT_EQ(alter.up_sql().find("\"C\".utf8"), std::string::npos);
}

TEST(Planner, EveryStepLinksToTheChangeItComesFrom) {
  Table a = table("a"), b = table("b");
  b.columns.push_back(col("a_id", "integer"));
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  const Plan p = make_plan(Catalog{}, catalog_of({a, b}));
  ASSERT_FALSE(p.steps.empty());
  for (const Step& s : p.steps) {
    ASSERT_TRUE(s.source.has_value()) << s.summary;
    ASSERT_LT(*s.source, p.changes.size()) << s.summary;
  }
  // The foreign key of a new table is a step of the table's own change.
  const Step& f = p.steps[static_cast<size_t>(find(p, "add foreign key public.b.b_a_id_fkey"))];
  const diff::Change& c = p.changes[*f.source];
  EXPECT_EQ(c.op, diff::Op::kCreate);
  EXPECT_EQ(c.kind, diff::ObjectKind::kTable);
  EXPECT_EQ(c.name, "b");
}

// The orderings the fixed layers gave, now edges of the statement graph.
TEST(PlannerGraph, DropsAForeignKeyBeforeTheTableItReferences) {
  Table a = table("a"), b = table("b");
  b.columns.push_back(col("a_id", "integer"));
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  Table b2 = table("b");
  b2.columns.push_back(col("a_id", "integer"));
  const auto g = statement_graph(catalog_of({a, b}), catalog_of({b2}));
  EXPECT_TRUE(edge(g, "drop foreign key public.b.b_a_id_fkey", "drop table public.a"));
}

TEST(PlannerGraph, CreatesAnEnumBeforeTheColumnOfItsType) {
  Table t = table("t");
  Table t2 = t;
  t2.columns.push_back(col("m", "public.mood"));
  const auto g =
      statement_graph(catalog_of({t}), catalog_of({t2}, {catalog::EnumType{"mood", {"a"}, {}}}));
  EXPECT_TRUE(edge(g, "create enum public.mood", "add column public.t.m"));
}

TEST(PlannerGraph, RenamesBeforeAlteringUnderTheNewName) {
  Table a = table("person");
  a.columns.push_back(col("age", "integer"));
  Table b = a;
  b.name = "human";
  b.primary_key->name = "person_pkey";
  b.find_column("age")->type = "bigint";
  Catalog to = catalog_of({b});
  to.renames = {{catalog::RenameHint::Kind::kTable, "public", "", "person", "human"}};
  const auto g = statement_graph(catalog_of({a}), to);
  EXPECT_TRUE(edge(g, "rename table public.person", "alter column public.human.age"));
}

TEST(PlannerGraph, AddsAForeignKeyAfterBothTables) {
  Table a = table("a"), b = table("b");
  a.columns.push_back(col("b_id", "integer"));
  b.columns.push_back(col("a_id", "integer"));
  a.foreign_keys = {fk("a_b_id_fkey", "b_id", "b")};
  b.foreign_keys = {fk("b_a_id_fkey", "a_id", "a")};
  const auto g = statement_graph(Catalog{}, catalog_of({a, b}));
  for (const char* t : {"create table public.a", "create table public.b"}) {
    EXPECT_TRUE(edge(g, t, "add foreign key public.a.a_b_id_fkey")) << t;
    EXPECT_TRUE(edge(g, t, "add foreign key public.b.b_a_id_fkey")) << t;
  }
  EXPECT_EQ(g.graph.sort().broken_cycles, 0u);
}

TEST(PlannerGraph, BuildsAnIndexAfterItsColumn) {
  Table a = table("a");
  Table b = a;
  b.columns.push_back(col("x", "integer"));
  b.indexes = {{"a_lower_idx", false, "btree", {"abs(x)"}, {}, std::nullopt, false}};
  const auto g = statement_graph(catalog_of({a}), catalog_of({b}));
  EXPECT_TRUE(edge(g, "add column public.a.x", "add index public.a.a_lower_idx"));
  // And drops it before the column goes.
  const auto back = statement_graph(catalog_of({b}), catalog_of({a}));
  EXPECT_TRUE(edge(back, "drop index public.a.a_lower_idx", "drop column public.a.x"));
}

// Orders the fixed layers got wrong.
TEST(PlannerGraph, AnEnumReplacedByATableOfTheSameNameIsDroppedFirst) {
  // An enum becomes a lookup table of the same name (PostgreSQL keeps the
  // table's row type among the types, so both cannot exist at once).
  Table item = table("item");
  item.columns.push_back(col("status", "public.status"));
  Table item2 = table("item");
  item2.columns.push_back(col("status", "text"));
  Table status = table("status");
  const Plan p = make_plan(catalog_of({item}, {catalog::EnumType{"status", {"a", "b"}, {}}}),
                           catalog_of({item2, status}));
  EXPECT_EQ(summaries(p), (std::vector<std::string>{
                              "alter column public.item.status type public.status -> text",
                              "drop enum public.status",
                              "create table public.status",
                          }));
}

TEST(PlannerGraph, AGeneratedColumnIsAddedAfterTheColumnItReadsIsRetyped) {
  Table a = table("g");
  a.columns.push_back(col("n", "text"));
  Table b = table("g");
  b.columns.push_back(col("n", "integer"));
  b.columns.push_back(col("twice", "integer"));
  b.columns.back().generated = "(n * 2)";
  const Plan p = make_plan(catalog_of({a}), catalog_of({b}));
  EXPECT_EQ(summaries(p), (std::vector<std::string>{
                              "alter column public.g.n type text -> integer",
                              "add column public.g.twice integer",
                          }));
}

}  // namespace
}  // namespace reconcile::plan
