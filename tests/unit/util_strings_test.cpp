// The shared string helpers (util/strings.h) and enum tables (util/enum_table.h).
#include <gtest/gtest.h>

#include "core/catalog/catalog.h"
#include "core/catalog/kinds.h"
#include "core/plan/plan.h"
#include "util/enum_table.h"
#include "util/strings.h"

namespace reconcile {
namespace {

TEST(Strings, Join) {
  EXPECT_EQ(util::join({}, ", "), "");
  EXPECT_EQ(util::join({"a"}, ", "), "a");
  EXPECT_EQ(util::join({"a", "", "c"}, "."), "a..c");
  const std::vector<int> n{1, 2, 3};
  EXPECT_EQ(util::join(n, "+", [](int i) { return std::to_string(i * 2); }), "2+4+6");
}

TEST(Strings, ReplaceAllDoesNotRescanReplacedText) {
  EXPECT_EQ(util::replace_all("aaa", "a", "aa"), "aaaaaa");
  EXPECT_EQ(util::replace_all("x%NND%y%NND%", "%NND%", ""), "xy");
  EXPECT_EQ(util::replace_all("abc", "", "z"), "abc");
  EXPECT_EQ(util::replace_all("", "a", "b"), "");
}

TEST(Strings, ShellQuote) {
  EXPECT_EQ(util::shell_quote("plain-word_1.2/x=y"), "plain-word_1.2/x=y");
  EXPECT_EQ(util::shell_quote(""), "''");
  EXPECT_EQ(util::shell_quote("two words"), "'two words'");
  EXPECT_EQ(util::shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(util::shell_quote("$HOME"), "'$HOME'");
}

TEST(Strings, EditDistance) {
  EXPECT_EQ(util::edit_distance("", ""), 0u);
  EXPECT_EQ(util::edit_distance("plan", "plan"), 0u);
  EXPECT_EQ(util::edit_distance("plan", "pan"), 1u);
  EXPECT_EQ(util::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(util::edit_distance("", "abc"), 3u);
}

TEST(EnumTable, NamesRoundTripForEveryEnumerator) {
  for (plan::Hazard h : util::enum_values<plan::Hazard>())
    EXPECT_EQ(util::enum_from_name<plan::Hazard>(util::enum_name(h)), h);
  for (catalog::FkAction a : util::enum_values<catalog::FkAction>())
    EXPECT_EQ(util::enum_from_name<catalog::FkAction>(util::enum_name(a)), a);
  EXPECT_EQ(util::enum_values<plan::Hazard>().size(), 8u);
  EXPECT_EQ(util::enum_name(plan::Hazard::kRefreshesMaterializedView),
            "REFRESHES_MATERIALIZED_VIEW");
  EXPECT_EQ(util::enum_name(plan::Hazard::kAccessExclusiveLock), "TAKES_ACCESS_EXCLUSIVE_LOCK");
  EXPECT_EQ(util::enum_text(catalog::FkAction::kSetNull), "SET NULL");
  EXPECT_EQ(util::enum_name(catalog::Identity::kByDefault), "by_default");
  EXPECT_FALSE(util::enum_from_name<plan::Hazard>("deletes_data").has_value());
}

TEST(ObjectKinds, NamesAndContainers) {
  using catalog::ObjectKind;
  EXPECT_STREQ(catalog::kind_name(ObjectKind::kUnique), "unique constraint");
  const catalog::ObjectRef c = catalog::part_ref(ObjectKind::kColumn, "s", "t", "c");
  EXPECT_EQ(c.path(), "s.t.c");
  EXPECT_EQ(c.describe(), "column s.t.c");
  ASSERT_TRUE(c.container().has_value());
  EXPECT_EQ(*c.container(), catalog::object_ref(ObjectKind::kTable, "s", "t"));
  EXPECT_EQ(*c.container()->container(), catalog::schema_ref("s"));
  EXPECT_FALSE(catalog::schema_ref("s").container().has_value());
  // An index and a table of one schema share names; a column does not.
  EXPECT_EQ(catalog::name_key(catalog::part_ref(ObjectKind::kIndex, "s", "t", "x")),
            catalog::name_key(catalog::object_ref(ObjectKind::kTable, "s", "x")));
  EXPECT_NE(catalog::name_key(catalog::part_ref(ObjectKind::kColumn, "s", "t", "x")),
            catalog::name_key(catalog::object_ref(ObjectKind::kTable, "s", "x")));
}

}  // namespace
}  // namespace reconcile
