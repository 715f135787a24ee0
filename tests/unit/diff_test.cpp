// diff(): typed changes between two catalogs (no database).
#include "core/diff/diff.h"

#include <gtest/gtest.h>

#include "core/diff/expr_rewrite.h"

namespace reconcile::diff {
namespace {

using catalog::Catalog;
using catalog::Column;
using catalog::RenameHint;
using catalog::Table;

Column col(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

Table person() {
  Table t;
  t.name = "person";
  t.columns = {col("id", "integer", true), col("name", "text"), col("age", "integer")};
  t.primary_key = catalog::PrimaryKey{"person_pkey", {"id"}};
  t.checks = {{"person_age_check", "(age >= 0)", false}};
  t.normalize();
  return t;
}

Catalog with(std::vector<Table> tables) {
  Catalog c;
  auto& s = c.schemas["public"];
  s.name = "public";
  for (Table& t : tables) s.tables[t.name] = std::move(t);
  c.normalize();
  return c;
}

std::string describe(const std::vector<Change>& cs) {
  std::string out;
  for (const Change& c : cs) {
    out += std::string(op_name(c.op)) + " " + kind_name(c.kind) + " " + c.path();
    if (c.op == Op::kRename) out += " -> " + c.new_name;
    out += "\n";
  }
  return out;
}

TEST(Diff, IdenticalCatalogsHaveNoChanges) {
  Catalog a = with({person()});
  EXPECT_TRUE(diff(a, a).empty());
}

TEST(Diff, NewAndDroppedTables) {
  Table other = person();
  other.name = "other";
  other.primary_key->name = "other_pkey";
  other.checks.clear();
  auto cs = diff(with({person()}), with({other}));
  EXPECT_EQ(describe(cs), "drop table public.person\ncreate table public.other\n");
  EXPECT_EQ(cs[1].after_as<Table>().name, "other");
  EXPECT_EQ(cs[0].before_as<Table>().columns.size(), 3u);
}

TEST(Diff, NewSchemaCreatesSchemaThenContents) {
  Catalog b = with({person()});
  Catalog a;
  auto cs = diff(a, b);
  EXPECT_EQ(describe(cs), "create schema public\ncreate table public.person\n");
}

TEST(Diff, ColumnAttributesAreReported) {
  Table b = person();
  b.find_column("name")->type = "character varying(50)";
  b.find_column("name")->not_null = true;
  b.find_column("age")->default_expr = "0";
  b.find_column("age")->comment = "years";
  auto cs = diff(with({person()}), with({b}));
  ASSERT_EQ(cs.size(), 2u) << describe(cs);
  EXPECT_EQ(cs[0].name, "name");
  EXPECT_EQ(cs[0].attrs, attr::kType | attr::kNotNull);
  EXPECT_EQ(cs[1].name, "age");
  EXPECT_EQ(cs[1].attrs, attr::kDefault | attr::kComment);
  EXPECT_EQ(cs[1].before_as<Column>().default_expr, std::nullopt);
  EXPECT_EQ(cs[1].after_as<Column>().default_expr, "0");
}

TEST(Diff, ColumnOrderIsNotAChange) {
  Table b = person();
  std::swap(b.columns[1], b.columns[2]);
  EXPECT_TRUE(diff(with({person()}), with({b})).empty());
}

TEST(Diff, AddedAndDroppedColumns) {
  Table b = person();
  b.columns.erase(b.columns.begin() + 1);
  b.columns.push_back(col("email", "text"));
  EXPECT_EQ(describe(diff(with({person()}), with({b}))),
            "drop column public.person.name\ncreate column public.person.email\n");
}

TEST(Diff, TableRenameNeedsAHint) {
  Table b = person();
  b.name = "human";
  Catalog to = with({b});
  EXPECT_EQ(describe(diff(with({person()}), to)),
            "drop table public.person\ncreate table public.human\n");
  to.renames = {{RenameHint::Kind::kTable, "public", "", "person", "human"}};
  EXPECT_EQ(describe(diff(with({person()}), to)), "rename table public.person -> human\n");
}

TEST(Diff, HintIgnoredWhenItsTargetIsMissingOrTaken) {
  Catalog to = with({person()});
  to.renames = {{RenameHint::Kind::kTable, "public", "", "person", "nobody"}};
  EXPECT_TRUE(diff(with({person()}), to).empty());
  // `from` does not exist in the old catalog: no rename either.
  Table b = person();
  b.name = "human";
  Catalog to2 = with({b});
  to2.renames = {{RenameHint::Kind::kTable, "public", "", "ghost", "human"}};
  EXPECT_EQ(describe(diff(with({person()}), to2)),
            "drop table public.person\ncreate table public.human\n");
}

TEST(Diff, ColumnRenameCarriesIntoConstraints) {
  Table b = person();
  b.find_column("age")->name = "years";
  b.checks = {{"person_age_check", "(years >= 0)", false}};
  Catalog to = with({b});
  to.renames = {{RenameHint::Kind::kColumn, "public", "person", "age", "years"}};
  EXPECT_EQ(describe(diff(with({person()}), to)), "rename column public.person.age -> years\n");
}

TEST(Diff, ColumnRenameAfterTableRenameUsesNewTableName) {
  Table b = person();
  b.name = "human";
  b.find_column("name")->name = "full name";
  Catalog to = with({b});
  to.renames = {{RenameHint::Kind::kTable, "public", "", "person", "human"},
                {RenameHint::Kind::kColumn, "public", "human", "name", "full name"}};
  EXPECT_EQ(describe(diff(with({person()}), to)),
            "rename table public.person -> human\nrename column public.human.name -> full name\n");
}

TEST(Diff, ForeignKeyTargetFollowsTableRename) {
  Table child;
  child.name = "pet";
  child.columns = {col("owner", "integer")};
  child.foreign_keys = {{"pet_owner_fkey", {"owner"}, "public", "person", {"id"}}};
  Table renamed = person();
  renamed.name = "human";
  Table child2 = child;
  child2.foreign_keys[0].ref_table = "human";
  Catalog to = with({renamed, child2});
  to.renames = {{RenameHint::Kind::kTable, "public", "", "person", "human"}};
  EXPECT_EQ(describe(diff(with({person(), child}), to)), "rename table public.person -> human\n");
}

TEST(Diff, IndexWithSameNameButOtherDefinitionIsReplaced) {
  Table a = person();
  a.indexes = {{"person_name_idx", false, "btree", {"name"}, {}, std::nullopt, false}};
  Table b = a;
  b.indexes[0].keys = {"lower(name)"};
  EXPECT_EQ(
      describe(diff(with({a}), with({b}))),
      "drop index public.person.person_name_idx\ncreate index public.person.person_name_idx\n");
}

TEST(Diff, SameDefinitionUnderNewNameIsARename) {
  Table a = person();
  a.indexes = {{"old_idx", false, "btree", {"name"}, {}, std::nullopt, false}};
  Table b = a;
  b.indexes[0].name = "new_idx";
  b.primary_key->name = "person_pk";
  EXPECT_EQ(describe(diff(with({a}), with({b}))),
            "rename primary key public.person.person_pkey -> person_pk\n"
            "rename index public.person.old_idx -> new_idx\n");
}

TEST(Diff, ForeignKeyIsReplacedWhenItsKeyIsReplaced) {
  Table parent = person();
  parent.uniques = {{"person_name_key", {"name"}, false, false, false}};
  Table child;
  child.name = "pet";
  child.columns = {col("owner_name", "text")};
  child.foreign_keys = {{"pet_owner_name_fkey", {"owner_name"}, "public", "person", {"name"}}};
  Table parent2 = parent;
  parent2.uniques[0].nulls_not_distinct = true;
  EXPECT_EQ(describe(diff(with({parent, child}), with({parent2, child}))),
            "drop unique constraint public.person.person_name_key\n"
            "create unique constraint public.person.person_name_key\n"
            "drop foreign key public.pet.pet_owner_name_fkey\n"
            "create foreign key public.pet.pet_owner_name_fkey\n");
}

Catalog with_enum(std::vector<std::string> values) {
  Catalog c = with({});
  c.schemas["public"].enums["mood"] = catalog::EnumType{"mood", std::move(values), std::nullopt};
  return c;
}

TEST(Diff, EnumValuesAddedAtTheirPositions) {
  auto cs = diff(with_enum({"b", "d"}), with_enum({"a", "b", "c", "d", "e"}));
  ASSERT_EQ(cs.size(), 3u) << describe(cs);
  EXPECT_EQ(cs[0].name, "a");
  EXPECT_EQ(cs[0].neighbor, "b");
  EXPECT_TRUE(cs[0].before_neighbor);
  EXPECT_EQ(cs[1].name, "c");
  EXPECT_EQ(cs[1].neighbor, "b");
  EXPECT_FALSE(cs[1].before_neighbor);
  EXPECT_EQ(cs[2].name, "e");
  EXPECT_EQ(cs[2].neighbor, "d");
  EXPECT_EQ(cs[2].parent, "mood");
}

TEST(Diff, EnumValueRemovedOrReorderedRecreatesTheType) {
  auto removed = diff(with_enum({"a", "b", "c"}), with_enum({"a", "c"}));
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].op, Op::kAlter);
  EXPECT_TRUE(removed[0].attrs & attr::kValues);
  auto reordered = diff(with_enum({"a", "b"}), with_enum({"b", "a"}));
  ASSERT_EQ(reordered.size(), 1u);
  EXPECT_TRUE(reordered[0].attrs & attr::kValues);
}

TEST(Diff, EnumValueRenameWithHintRewritesDefaults) {
  Catalog a = with_enum({"a", "b"});
  Table t;
  t.name = "t";
  t.columns = {col("m", "public.mood")};
  t.columns[0].default_expr = "'a'::public.mood";
  a.schemas["public"].tables["t"] = t;
  Catalog b = with_enum({"x", "b"});
  t.columns[0].default_expr = "'x'::public.mood";
  b.schemas["public"].tables["t"] = t;
  b.renames = {{RenameHint::Kind::kEnumValue, "public", "mood", "a", "x"}};
  EXPECT_EQ(describe(diff(a, b)), "rename enum value public.mood.a -> x\n");
}

TEST(Diff, EnumRenameRewritesColumnTypes) {
  Catalog a = with_enum({"a"});
  Table t;
  t.name = "t";
  t.columns = {col("m", "public.mood"), col("ms", "public.mood[]")};
  t.columns[0].default_expr = "'a'::public.mood";
  a.schemas["public"].tables["t"] = t;
  Catalog b = with({});
  b.schemas["public"].enums["Feeling"] = catalog::EnumType{"Feeling", {"a"}, std::nullopt};
  t.columns = {col("m", "public.\"Feeling\""), col("ms", "public.\"Feeling\"[]")};
  t.columns[0].default_expr = "'a'::public.\"Feeling\"";
  b.schemas["public"].tables["t"] = t;
  b.renames = {{RenameHint::Kind::kEnum, "public", "", "mood", "Feeling"}};
  EXPECT_EQ(describe(diff(a, b)), "rename enum public.mood -> Feeling\n");
}

TEST(Diff, OutputIsDeterministic) {
  Table a = person();
  Table b = person();
  b.name = "b";
  b.primary_key->name = "b_pkey";
  Table c = person();
  c.name = "c";
  c.primary_key->name = "c_pkey";
  const Catalog x = with({a}), y = with({b, c});
  EXPECT_EQ(describe(diff(x, y)), describe(diff(x, y)));
  EXPECT_EQ(describe(diff(x, y)),
            "drop table public.person\ncreate table public.b\ncreate table public.c\n");
}

TEST(ExprRewrite, RenamesWholeIdentifiersOnly) {
  EXPECT_EQ(rename_identifier("(age >= 0)", "age", "years"), "(years >= 0)");
  EXPECT_EQ(rename_identifier("(page >= 0)", "age", "years"), "(page >= 0)");
  EXPECT_EQ(rename_identifier("lower(name)", "lower", "x"), "lower(name)");
  EXPECT_EQ(rename_identifier("(name <> 'name'::text)", "name", "Full Name"),
            "(\"Full Name\" <> 'name'::text)");
  EXPECT_EQ(rename_identifier("(\"Odd \"\"x\"\"\" IS NOT NULL)", "Odd \"x\"", "b"),
            "(b IS NOT NULL)");
  EXPECT_EQ(rename_identifier("(x)::text", "text", "y"), "(x)::text");
}

TEST(ExprRewrite, RenamesTypeReferences) {
  EXPECT_EQ(rename_type_reference("public.mood[]", "public.mood", "public.feel"), "public.feel[]");
  EXPECT_EQ(rename_type_reference("public.mood2", "public.mood", "public.feel"), "public.mood2");
  EXPECT_EQ(rename_type_reference("'a'::public.mood", "public.mood", "public.feel"),
            "'a'::public.feel");
}

}  // namespace
}  // namespace reconcile::diff
