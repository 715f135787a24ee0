// The statement graph (core/order/graph.h): edges from declarations, the
// deterministic tie-break, and cycles. Every node here has the same SortKey
// unless a test says otherwise, and nodes are added in the wrong order, so an
// order that comes out right comes from the edges alone.
#include "core/order/graph.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace reconcile::order {
namespace {

using catalog::object_ref;
using catalog::ObjectKind;
using catalog::part_ref;

ObjectRef table(const std::string& name) {
  return object_ref(ObjectKind::kTable, "public", name);
}
ObjectRef column(const std::string& t, const std::string& c) {
  return part_ref(ObjectKind::kColumn, "public", t, c);
}
ObjectRef fk(const std::string& t, const std::string& name) {
  return part_ref(ObjectKind::kForeignKey, "public", t, name);
}
ObjectRef enum_type(const std::string& name) {
  return object_ref(ObjectKind::kEnum, "public", name);
}

// Position of node `i` in the sorted order.
size_t pos(const Graph::Result& r, size_t i) {
  return static_cast<size_t>(std::find(r.order.begin(), r.order.end(), i) - r.order.begin());
}

TEST(OrderGraph, DropsAForeignKeyBeforeTheTableItReferences) {
  Graph g;
  const size_t drop_table = g.add({.drops = {table("a")}});
  const size_t drop_fk = g.add({.drops = {fk("b", "b_a_fkey")}, .needs_old = {table("a")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, drop_fk), pos(r, drop_table));
  EXPECT_EQ(r.broken_cycles, 0u);
}

TEST(OrderGraph, DroppingATableDropsItsPartsFirst) {
  Graph g;
  const size_t drop_table = g.add({.drops = {table("b")}});
  const size_t drop_fk = g.add({.drops = {fk("b", "b_a_fkey")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, drop_fk), pos(r, drop_table));
}

TEST(OrderGraph, CreatesAnEnumBeforeTheColumnOfItsType) {
  Graph g;
  const size_t add_column = g.add({.creates = {column("t", "mood")}, .needs = {enum_type("mood")}});
  const size_t create_enum = g.add({.creates = {enum_type("mood")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, create_enum), pos(r, add_column));
}

TEST(OrderGraph, RenamesBeforeAlteringUnderTheNewName) {
  Graph g;
  const size_t alter = g.add({.alters = {column("human", "age")}});
  const size_t rename = g.add({.renames = {{table("person"), table("human")}}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, rename), pos(r, alter));
}

TEST(OrderGraph, AddsAForeignKeyAfterBothTables) {
  Graph g;
  const size_t add_fk = g.add({.creates = {fk("b", "b_a_fkey")},
                               .needs = {column("b", "a_id"), table("a"), column("a", "id")}});
  const size_t create_b = g.add({.creates = {table("b")}});
  const size_t create_a = g.add({.creates = {table("a")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, create_a), pos(r, add_fk));
  EXPECT_LT(pos(r, create_b), pos(r, add_fk));
}

TEST(OrderGraph, BuildsAnIndexAfterItsColumnAndDropsItBefore) {
  Graph g;
  const ObjectRef ix = part_ref(ObjectKind::kIndex, "public", "t", "t_x_idx");
  const size_t create_index = g.add({.creates = {ix}, .needs = {column("t", "x")}});
  const size_t add_column = g.add({.creates = {column("t", "x")}});
  const size_t drop_column = g.add({.drops = {column("t", "y")}});
  const size_t drop_index =
      g.add({.drops = {part_ref(ObjectKind::kIndex, "public", "t", "t_y_idx")},
             .needs_old = {column("t", "y")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, add_column), pos(r, create_index));
  EXPECT_LT(pos(r, drop_index), pos(r, drop_column));
}

TEST(OrderGraph, AViewStyleDependentIsDroppedBeforeAndCreatedAfterAnAlteration) {
  // What a view will declare: dropping it needs the column as it was,
  // creating it needs the column as the plan leaves it.
  Graph g;
  const ObjectRef v = object_ref(ObjectKind::kTable, "public", "v");
  const size_t create_view = g.add({.creates = {v}, .needs = {column("t", "x")}});
  const size_t alter = g.add({.alters = {column("t", "x")}});
  const size_t drop_view = g.add({.drops = {v}, .needs_old = {column("t", "x")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, drop_view), pos(r, alter));
  EXPECT_LT(pos(r, alter), pos(r, create_view));
  // Dropping and creating the same name: the drop frees it first.
  EXPECT_LT(pos(r, drop_view), pos(r, create_view));
}

TEST(OrderGraph, AFreedNameIsFreedBeforeItIsClaimed) {
  // An enum and a table share PostgreSQL's type names in a schema.
  Graph g;
  const size_t create_table = g.add({.creates = {table("status")}});
  const size_t drop_enum = g.add({.drops = {enum_type("status")}});
  const auto r = g.sort();
  EXPECT_LT(pos(r, drop_enum), pos(r, create_table));
}

TEST(OrderGraph, TieBreakIsTheSortKeyThenInsertionOrder) {
  Graph g;
  g.add({}, SortKey{2, 0});
  g.add({}, SortKey{1, 5});
  g.add({}, SortKey{1, 5});
  g.add({}, SortKey{0, 9});
  EXPECT_EQ(g.sort().order, (std::vector<size_t>{3, 1, 2, 0}));
}

TEST(OrderGraph, KeysOrderOnlyWhereDependenciesAllow) {
  Graph g;
  const size_t late = g.add({.creates = {table("a")}}, SortKey{9, 0});
  const size_t early = g.add({.needs = {table("a")}}, SortKey{0, 0});
  const auto r = g.sort();
  EXPECT_EQ(r.order, (std::vector<size_t>{late, early}));
}

TEST(OrderGraph, SortingIsReproducible) {
  auto build = [] {
    Graph g;
    for (int i = 0; i < 20; ++i) {
      const std::string n = "t" + std::to_string(i % 7);
      g.add({.creates = {column(n, "c" + std::to_string(i))}, .needs = {table(n)}},
            SortKey{i % 3, 0});
      if (i % 7 == i) g.add({.creates = {table(n)}}, SortKey{1, i});
    }
    return g.sort().order;
  };
  EXPECT_EQ(build(), build());
}

TEST(OrderGraph, PreferencesGiveWayInACycle) {
  // Two tables whose inline foreign keys reference each other: one of the
  // preferences is given up (that key becomes ALTER TABLE ... ADD CONSTRAINT).
  Graph g;
  const size_t a = g.add({.creates = {table("a")}, .prefers = {table("b")}});
  const size_t b = g.add({.creates = {table("b")}, .prefers = {table("a")}});
  const auto r = g.sort();
  EXPECT_EQ(r.order, (std::vector<size_t>{a, b}));
  EXPECT_EQ(r.dropped_preferences, (std::vector<std::pair<size_t, size_t>>{{a, 0}}));
  EXPECT_EQ(r.broken_cycles, 0u);
}

TEST(OrderGraph, PreferencesAreKeptWithoutACycle) {
  Graph g;
  const size_t b = g.add({.creates = {table("b")}, .prefers = {table("a")}});
  const size_t a = g.add({.creates = {table("a")}});
  const auto r = g.sort();
  EXPECT_EQ(r.order, (std::vector<size_t>{a, b}));
  EXPECT_TRUE(r.dropped_preferences.empty());
}

TEST(OrderGraph, ContradictoryDeclarationsAreCountedNotLooped) {
  Graph g;
  g.add({.creates = {table("a")}, .needs = {table("b")}});
  g.add({.creates = {table("b")}, .needs = {table("a")}});
  const auto r = g.sort();
  EXPECT_EQ(r.order.size(), 2u);
  EXPECT_EQ(r.broken_cycles, 1u);
}

}  // namespace
}  // namespace reconcile::order
