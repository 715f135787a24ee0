// Hand-written plans applied to real PostgreSQL: one test per kind of change,
// hostile identifiers, and data that must survive.
//
// Each test builds a starting state with SQL, takes the introspected catalog,
// edits it into the desired catalog, plans, applies the plan, and checks that
// the database now introspects to the desired catalog, that planning again is
// empty, and what happened to the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "core/catalog/json.h"
#include "core/catalog/names.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using catalog::Catalog;
using catalog::Column;
using catalog::RenameHint;
using catalog::Table;
using plan::Hazard;
using testing::exec_sql;
using testing::query_value;

class PlanApply : public testing::PgTest {
 protected:
  std::vector<std::string> schemas = {"public"};

  Catalog read() {
    introspect::IntrospectOptions o;
    o.schemas = schemas;
    return introspect::introspect_url(url(), o);
  }

  // Runs the plan (or its down body) as `apply` runs a revision
  // (tests/support/convergence.h).
  void apply(const plan::Plan& p, bool down) {
    testing::run_plan(url(), p,
                      down ? reconcile::apply::Direction::kDown : reconcile::apply::Direction::kUp);
  }

  static std::string json(Catalog c) {
    c.renames.clear();
    c.unmanaged.clear();
    return catalog::to_json_string(c);
  }

  // Plans from the database to `to`, applies, and checks the result.
  plan::Plan migrate(Catalog to) {
    to.normalize();
    const Catalog from = read();
    plan::Plan p = plan::make_plan(from, to);
    EXPECT_FALSE(p.empty());
    apply(p, false);
    const Catalog now = read();
    EXPECT_EQ(json(now), json(to)) << p.up_sql();
    const plan::Plan again = plan::make_plan(now, to);
    EXPECT_TRUE(again.empty()) << again.up_sql();
    return p;
  }

  // migrate(), then the down SQL must give back the starting catalog.
  plan::Plan migrate_and_back(const Catalog& to) {
    const Catalog start = read();
    plan::Plan p = migrate(to);
    EXPECT_FALSE(p.has(Hazard::kNotReversible)) << p.up_sql();
    apply(p, true);
    EXPECT_EQ(json(read()), json(start)) << p.down_sql();
    return p;
  }

  Table& table(Catalog& c, const std::string& name, const std::string& schema = "public") {
    return c.schemas.at(schema).tables.at(name);
  }
};

Column col(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

const std::string k63 = std::string(60, 'a') + "xyz";  // exactly 63 bytes

TEST_F(PlanApply, CreatesTablesWithHostileIdentifiers) {
  ASSERT_EQ(k63.size(), 63u);
  schemas = {"public", "My \"Schema\""};
  Catalog to = read();
  auto& s = to.schemas["My \"Schema\""];
  s.name = "My \"Schema\"";
  s.comment = "it's hostile";
  Table t;
  t.name = "Order Items";
  t.columns = {col("select", "integer", true), col("it's \"quoted\"", "text"),
               col("UPPER", "bigint"), col(k63, "character varying(20)")};
  t.primary_key = catalog::PrimaryKey{catalog::default_pkey_name(t.name), {"select"}};
  t.uniques = {
      {catalog::default_unique_name(t.name, {"UPPER", k63}), {"UPPER", k63}, true, false, false}};
  t.checks = {{catalog::default_check_name(t.name, "select"), "(\"select\" > 0)", false}};
  t.indexes = {{catalog::default_index_name(t.name, {"it's \"quoted\""}),
                false,
                "btree",
                {"lower(\"it's \"\"quoted\"\"\")"},
                {},
                "(\"it's \"\"quoted\"\"\" IS NOT NULL)",
                false}};
  t.comment = "rows' table";
  s.tables[t.name] = t;
  Table l;
  l.name = k63;
  l.columns = {col("id", "integer", true), col("order", "integer")};
  l.primary_key = catalog::PrimaryKey{catalog::default_pkey_name(k63), {"id"}};
  catalog::ForeignKey fk;
  fk.name = catalog::default_fkey_name(k63, {"order"});
  fk.columns = {"order"};
  fk.ref_schema = s.name;
  fk.ref_table = t.name;
  fk.ref_columns = {"select"};
  fk.on_delete = catalog::FkAction::kCascade;
  l.foreign_keys = {fk};
  s.tables[l.name] = l;
  ASSERT_EQ(catalog::default_pkey_name(k63).size(), 63u);
  migrate_and_back(to);
  // Build it again and use it.
  migrate(to);
  exec_sql(url(),
           "INSERT INTO \"My \"\"Schema\"\"\".\"Order Items\" (\"select\") VALUES (1);"
           "INSERT INTO \"My \"\"Schema\"\"\"." +
               catalog::quote_ident(k63) + " VALUES (1, 1)");
  EXPECT_EQ(
      query_value(url(), "SELECT count(*) FROM \"My \"\"Schema\"\"\"." + catalog::quote_ident(k63)),
      "1");
}

TEST_F(PlanApply, DropsTablesThatReferenceEachOther) {
  exec_sql(
      url(),
      "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id "
      "int REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;"
      "INSERT INTO a VALUES (1, NULL)");
  Catalog to = read();
  to.schemas["public"].tables.clear();
  plan::Plan p = migrate(to);
  EXPECT_TRUE(p.has(Hazard::kDeletesData));
  EXPECT_TRUE(p.has(Hazard::kNotReversible));
  // The structure still comes back through the down SQL.
  apply(p, true);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"), "2");
}

TEST_F(PlanApply, RenamedTableKeepsItsRows) {
  exec_sql(url(),
           "CREATE TABLE person (id int PRIMARY KEY, name text);"
           "INSERT INTO person VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
  Catalog to = read();
  auto& tables = to.schemas["public"].tables;
  auto node = tables.extract("person");
  node.key() = "Human Being";
  node.mapped().name = "Human Being";
  tables.insert(std::move(node));
  to.renames = {{RenameHint::Kind::kTable, "public", "", "person", "Human Being"}};
  plan::Plan p = migrate_and_back(to);
  EXPECT_FALSE(p.has(Hazard::kDeletesData));
  EXPECT_EQ(query_value(url(), "SELECT string_agg(name, ',' ORDER BY id) FROM person"),
            "ann,bob,cy");
  migrate(to);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM \"Human Being\""), "3");
}

TEST_F(PlanApply, WithoutAHintARenameIsDropAndCreate) {
  exec_sql(url(), "CREATE TABLE person (id int PRIMARY KEY)");
  Catalog to = read();
  auto& tables = to.schemas["public"].tables;
  auto node = tables.extract("person");
  node.key() = "human";
  node.mapped().name = "human";
  tables.insert(std::move(node));
  plan::Plan p = migrate(to);
  EXPECT_TRUE(p.has(Hazard::kDeletesData));
}

TEST_F(PlanApply, AddedColumnsKeepRows) {
  exec_sql(url(), "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.columns.push_back(col("note", "text"));
  Column flag = col("Flag", "boolean", true);
  flag.default_expr = "true";
  t.columns.push_back(flag);
  Column created = col("created", "timestamp with time zone", true);
  created.default_expr = "now()";
  created.comment = "when";
  t.columns.push_back(created);
  plan::Plan p = migrate_and_back(to);
  EXPECT_FALSE(p.has(Hazard::kRewritesTable));
  migrate(to);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM t WHERE \"Flag\""), "2");
}

TEST_F(PlanApply, DroppedColumnIsHazardous) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, gone text, kept int);"
           "CREATE INDEX t_gone_idx ON t (gone); INSERT INTO t VALUES (1, 'x', 7)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.columns.erase(t.columns.begin() + 1);
  t.indexes.clear();
  plan::Plan p = migrate(to);
  EXPECT_TRUE(p.has(Hazard::kDeletesData));
  EXPECT_EQ(query_value(url(), "SELECT kept FROM t"), "7");
}

TEST_F(PlanApply, RenamedColumnKeepsValuesAndConstraints) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, \"Full Name\" text CHECK (length(\"Full "
           "Name\") > 0), age int);"
           "CREATE INDEX t_name_idx ON t (lower(\"Full Name\"));"
           "INSERT INTO t VALUES (1, 'Ann', 3)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.find_column("Full Name")->name = "select";
  for (auto& c : t.checks) c.expression = "(length(\"select\") > 0)";
  for (auto& ix : t.indexes) ix.keys = {"lower(\"select\")"};
  to.renames = {{RenameHint::Kind::kColumn, "public", "t", "Full Name", "select"}};
  plan::Plan p = migrate_and_back(to);
  EXPECT_EQ(p.steps.size(), 1u) << p.up_sql();
  migrate(to);
  EXPECT_EQ(query_value(url(), "SELECT \"select\" FROM t"), "Ann");
}

TEST_F(PlanApply, WideningTypesKeepsRows) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, code varchar(10) DEFAULT 'x', n integer,"
           " amount numeric(10,2));"
           "INSERT INTO t VALUES (1, 'abcdefghij', 2147483647, 12345678.91)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.find_column("code")->type = "character varying(50)";
  t.find_column("n")->type = "bigint";
  t.find_column("amount")->type = "numeric(14,2)";
  plan::Plan p = migrate(to);
  EXPECT_FALSE(p.has(Hazard::kDeletesData)) << p.up_sql();
  EXPECT_EQ(query_value(url(), "SELECT code || ':' || n || ':' || amount FROM t"),
            "abcdefghij:2147483647:12345678.91");
  exec_sql(url(), "UPDATE t SET n = n + 1, code = repeat('y', 50)");
  EXPECT_EQ(query_value(url(), "SELECT n FROM t"), "2147483648");
}

TEST_F(PlanApply, NarrowingAndConvertingTypes) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, code varchar(50), num text, m text);"
           "INSERT INTO t VALUES (1, 'short', '42', 'x')");
  Catalog to = read();
  Table& t = table(to, "t");
  t.find_column("code")->type = "character varying(10)";
  t.find_column("num")->type = "integer";
  plan::Plan p = migrate(to);
  EXPECT_TRUE(p.has(Hazard::kDeletesData));
  EXPECT_NE(p.up_sql().find("USING num::integer"), std::string::npos) << p.up_sql();
  EXPECT_EQ(query_value(url(), "SELECT num + 1 FROM t"), "43");
}

// Orders that only the statement graph gets right (the fixed layers created
// the table before dropping the enum, and added the generated column before
// retyping the column it reads).
TEST_F(PlanApply, EnumReplacedByATableOfTheSameName) {
  exec_sql(url(),
           "CREATE TYPE status AS ENUM ('open', 'closed');"
           "CREATE TABLE item (id int PRIMARY KEY, status status);"
           "INSERT INTO item VALUES (1, 'open')");
  Catalog to = read();
  to.schemas.at("public").enums.clear();
  table(to, "item").find_column("status")->type = "text";
  Table status;
  status.name = "status";
  status.columns = {col("id", "integer", true)};
  status.primary_key = catalog::PrimaryKey{"status_pkey", {"id"}};
  to.schemas.at("public").tables["status"] = status;
  migrate(to);
  EXPECT_EQ(query_value(url(), "SELECT status FROM item"), "open");
}

TEST_F(PlanApply, GeneratedColumnOverARetypedColumn) {
  exec_sql(url(),
           "CREATE TABLE g (id int PRIMARY KEY, n text);"
           "INSERT INTO g VALUES (1, '21')");
  Catalog to = read();
  Table& g = table(to, "g");
  g.find_column("n")->type = "integer";
  g.columns.push_back(col("twice", "integer"));
  g.columns.back().generated = "(n * 2)";
  migrate(to);
  EXPECT_EQ(query_value(url(), "SELECT twice FROM g"), "42");
}

TEST_F(PlanApply, DefaultsAndNullability) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT 1, b text, c int NOT NULL);"
           "INSERT INTO t VALUES (1, 1, 'x', 3)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.find_column("a")->default_expr.reset();
  t.find_column("b")->default_expr = "'it''s'::text";
  t.find_column("b")->not_null = true;
  t.find_column("c")->not_null = false;
  plan::Plan p = migrate_and_back(to);
  EXPECT_TRUE(p.has(Hazard::kValidatesConstraint));
  migrate(to);
  exec_sql(url(), "INSERT INTO t (id, c) VALUES (2, NULL)");
  EXPECT_EQ(query_value(url(), "SELECT b FROM t WHERE id = 2"), "it's");
  // A NOT NULL that the rows violate fails instead of losing data.
  exec_sql(url(), "ALTER TABLE t ALTER COLUMN b DROP NOT NULL; UPDATE t SET b = NULL");
  EXPECT_THROW(apply(plan::make_plan(read(), to), false), std::exception);
}

TEST_F(PlanApply, IdentityColumns) {
  exec_sql(url(), "CREATE TABLE t (id bigint NOT NULL, other bigint GENERATED ALWAYS AS IDENTITY)");
  Catalog to = read();
  Table& t = table(to, "t");
  t.find_column("id")->identity = catalog::Identity::kByDefault;
  t.find_column("other")->identity = catalog::Identity::kNone;
  migrate_and_back(to);
}

TEST_F(PlanApply, KeysChecksAndForeignKeysOnExistingTables) {
  exec_sql(url(),
           "CREATE TABLE p (id int NOT NULL, a int, b int);"
           "CREATE TABLE c (id int PRIMARY KEY, p_id int);"
           "INSERT INTO p VALUES (1, 1, NULL), (2, NULL, NULL); INSERT INTO c VALUES (1, 2)");
  Catalog to = read();
  Table& p = table(to, "p");
  p.primary_key = catalog::PrimaryKey{"p_pkey", {"id"}};
  p.uniques = {{"p_a_b_key", {"a", "b"}, true, false, false}};
  p.checks = {{"p_id_check", "(id > 0)", false}};
  catalog::ForeignKey fk;
  fk.name = "c_p_id_fkey";
  fk.columns = {"p_id"};
  fk.ref_schema = "public";
  fk.ref_table = "p";
  fk.ref_columns = {"id"};
  fk.on_delete = catalog::FkAction::kSetNull;
  fk.on_update = catalog::FkAction::kCascade;
  table(to, "c").foreign_keys = {fk};
  plan::Plan pl = migrate_and_back(to);
  EXPECT_TRUE(pl.has(Hazard::kValidatesConstraint));
  EXPECT_TRUE(pl.has(Hazard::kIndexBuild));
  EXPECT_NE(pl.up_sql().find("NOT VALID"), std::string::npos);
  migrate(to);
  exec_sql(url(), "DELETE FROM p WHERE id = 2");
  EXPECT_EQ(query_value(url(), "SELECT coalesce(p_id::text, 'null') FROM c"), "null");
  // A changed primary key takes the foreign key along.
  Catalog to2 = read();
  table(to2, "p").primary_key = catalog::PrimaryKey{"p_pkey", {"id", "a"}};
  table(to2, "p").find_column("a")->not_null = true;
  table(to2, "c").foreign_keys.clear();
  exec_sql(url(), "UPDATE p SET a = 5");
  migrate(to2);
}

TEST_F(PlanApply, IndexIsReplacedWhenItsDefinitionChanges) {
  exec_sql(url(),
           "CREATE TABLE t (id int PRIMARY KEY, name text);"
           "CREATE INDEX t_name_idx ON t (name); INSERT INTO t VALUES (1, 'A')");
  Catalog to = read();
  Table& t = table(to, "t");
  t.indexes[0].keys = {"lower(name)"};
  t.indexes[0].predicate = "(name IS NOT NULL)";
  t.indexes.push_back({"t_name_desc_idx", true, "btree", {"name DESC"}, {}, std::nullopt, false});
  plan::Plan p = migrate_and_back(to);
  EXPECT_NE(p.steps[0].summary.find("drop index"), std::string::npos);
}

TEST_F(PlanApply, EnumValuesAddedRenamedAndRemoved) {
  exec_sql(url(),
           "CREATE TYPE mood AS ENUM ('sad', 'ok');"
           "CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'ok', ms mood[]);"
           "INSERT INTO t VALUES (1, 'sad', '{sad,ok}'), (2, 'ok', NULL)");
  // Add values before, between and after; rename one.
  Catalog to = read();
  auto& e = to.schemas["public"].enums["mood"];
  e.values = {"awful", "unhappy", "meh", "ok", "great"};
  to.renames = {{RenameHint::Kind::kEnumValue, "public", "mood", "sad", "unhappy"}};
  plan::Plan p = migrate(to);
  EXPECT_TRUE(p.has(Hazard::kCannotRunInTransaction));
  EXPECT_EQ(query_value(url(), "SELECT m FROM t WHERE id = 1"), "unhappy");
  EXPECT_EQ(query_value(url(), "SELECT ms::text FROM t WHERE id = 1"), "{unhappy,ok}");
  // The new values are usable once the plan is through.
  exec_sql(url(), "INSERT INTO t VALUES (3, 'great', '{awful}')");
  // Remove two values: the type is recreated and the rows keep theirs.
  Catalog to2 = read();
  to2.schemas["public"].enums["mood"].values = {"unhappy", "ok", "great"};
  to2.schemas["public"].enums["mood"].comment = "how it feels";
  exec_sql(url(), "UPDATE t SET ms = NULL WHERE id = 3");
  plan::Plan p2 = migrate(to2);
  EXPECT_TRUE(p2.has(Hazard::kDeletesData));
  EXPECT_EQ(query_value(url(), "SELECT string_agg(m::text, ',' ORDER BY id) FROM t"),
            "unhappy,ok,great");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_type WHERE typname = 'mood_old'"), "0");
  // Drop the enum with the columns that use it.
  Catalog to3 = read();
  to3.schemas["public"].enums.clear();
  Table& t = table(to3, "t");
  t.columns.erase(t.columns.begin() + 1, t.columns.end());
  migrate(to3);
}

TEST_F(PlanApply, EnumTypeRenameKeepsColumns) {
  exec_sql(url(),
           "CREATE TYPE mood AS ENUM ('a', 'b');"
           "CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'a');"
           "INSERT INTO t VALUES (1, 'b')");
  Catalog to = read();
  auto& enums = to.schemas["public"].enums;
  auto node = enums.extract("mood");
  node.key() = "Feeling";
  node.mapped().name = "Feeling";
  enums.insert(std::move(node));
  table(to, "t").find_column("m")->type = "public.\"Feeling\"";
  table(to, "t").find_column("m")->default_expr = "'a'::public.\"Feeling\"";
  to.renames = {{RenameHint::Kind::kEnum, "public", "", "mood", "Feeling"}};
  plan::Plan p = migrate_and_back(to);
  EXPECT_EQ(p.steps.size(), 1u) << p.up_sql();
  EXPECT_EQ(query_value(url(), "SELECT m FROM t"), "b");
}

TEST_F(PlanApply, SequencesCreatedAlteredAndDropped) {
  exec_sql(url(), "CREATE SEQUENCE old_seq; CREATE SEQUENCE counter INCREMENT 1;");
  Catalog to = read();
  auto& seqs = to.schemas["public"].sequences;
  seqs.erase("old_seq");
  seqs["counter"].increment = 5;
  seqs["counter"].cache = 10;
  catalog::Sequence fresh;
  fresh.name = "fresh_seq";
  fresh.type = "integer";
  fresh.max_value = 2147483647;
  seqs["fresh_seq"] = fresh;
  Table t;
  t.name = "t";
  t.columns = {col("id", "integer", true)};
  t.columns[0].default_expr = "nextval('public.fresh_seq'::regclass)";
  to.schemas["public"].tables["t"] = t;
  migrate(to);
  exec_sql(url(), "INSERT INTO t DEFAULT VALUES");
  EXPECT_EQ(query_value(url(), "SELECT id FROM t"), "1");
}

TEST_F(PlanApply, Comments) {
  exec_sql(url(),
           "CREATE TYPE mood AS ENUM ('a'); CREATE TABLE t (id int, x int);"
           "COMMENT ON COLUMN t.x IS 'old'");
  Catalog to = read();
  to.schemas["public"].comment = "the schema's comment";
  table(to, "t").comment = "table's";
  table(to, "t").find_column("x")->comment.reset();
  table(to, "t").find_column("id")->comment = "key";
  to.schemas["public"].enums["mood"].comment = "type";
  migrate_and_back(to);
}

TEST_F(PlanApply, ExtensionsAreCreatedAndDropped) {
  Catalog to = read();
  to.extensions["citext"] = catalog::Extension{"citext", "public"};
  Table t;
  t.name = "t";
  t.columns = {col("email", "public.citext")};
  to.schemas["public"].tables["t"] = t;
  migrate_and_back(to);
}

TEST_F(PlanApply, DownReversesAMixedReversiblePlan) {
  exec_sql(url(),
           "CREATE TABLE a (id int PRIMARY KEY, v varchar(10));"
           "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE);"
           "CREATE INDEX b_a_id_idx ON b (a_id)");
  Catalog to = read();
  Table& a = table(to, "a");
  a.find_column("v")->type = "character varying(30)";
  a.columns.push_back(col("w", "integer"));
  a.checks = {{"a_w_check", "(w > 0)", false}};
  Table& b = table(to, "b");
  b.foreign_keys[0].on_delete = catalog::FkAction::kRestrict;
  b.indexes[0].name = "b_by_a";
  Table c;
  c.name = "c";
  c.columns = {col("id", "integer", true), col("b_id", "integer")};
  c.primary_key = catalog::PrimaryKey{"c_pkey", {"id"}};
  catalog::ForeignKey fk;
  fk.name = "c_b_id_fkey";
  fk.columns = {"b_id"};
  fk.ref_schema = "public";
  fk.ref_table = "b";
  fk.ref_columns = {"id"};
  c.foreign_keys = {fk};
  to.schemas["public"].tables["c"] = c;
  plan::Plan p = migrate_and_back(to);
  EXPECT_NE(p.up_sql().find("ALTER INDEX public.b_a_id_idx RENAME TO b_by_a"), std::string::npos)
      << p.up_sql();
}

}  // namespace
}  // namespace reconcile
