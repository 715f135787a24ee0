// SchemaView: ancestry order, slot order and induced-slot precedence
// (linkml-mapping §1.5-1.6), on hand-built schemas.
#include "linkml/schemaview.h"

#include <gtest/gtest.h>

namespace reconcile::linkml {
namespace {

ClassDefinition cls(const std::string& name, std::optional<std::string> is_a = std::nullopt,
                    std::vector<std::string> mixins = {}, std::vector<std::string> slots = {}) {
  ClassDefinition c;
  c.name = name;
  c.is_a = std::move(is_a);
  c.mixins = std::move(mixins);
  c.slots = std::move(slots);
  return c;
}

SlotDefinition slot(const std::string& name) {
  SlotDefinition s;
  s.name = name;
  return s;
}

TEST(SchemaView, AncestorsFollowLinkmlOrder) {
  // C is_a P, mixins M1, M2; P is_a G; M1 is_a MM.
  SchemaDefinition s;
  s.classes.insert("G", cls("G"));
  s.classes.insert("P", cls("P", "G"));
  s.classes.insert("MM", cls("MM"));
  s.classes.insert("M1", cls("M1", "MM"));
  s.classes.insert("M2", cls("M2"));
  s.classes.insert("C", cls("C", "P", {"M1", "M2"}));
  SchemaView sv(s);
  EXPECT_EQ(sv.class_parents("C"), (std::vector<std::string>{"M1", "M2", "P"}));
  // C, its mixins, its is_a, then P's ancestors (pushed last, popped first), then M2's, then M1's.
  EXPECT_EQ(sv.class_ancestors("C"), (std::vector<std::string>{"C", "M1", "M2", "P", "G", "MM"}));
}

TEST(SchemaView, ClassSlotsOwnSlotsAttributesThenAncestors) {
  SchemaDefinition s;
  auto named = cls("Named", std::nullopt, {}, {"id", "name"});
  s.classes.insert("Named", named);
  auto mix = cls("HasAge", std::nullopt, {}, {"age"});
  s.classes.insert("HasAge", mix);
  auto person = cls("Person", "Named", {"HasAge"}, {"email", "name"});
  person.attributes.insert("nick", slot("nick"));
  s.classes.insert("Person", person);
  SchemaView sv(s);
  EXPECT_EQ(sv.class_slots("Person"),
            (std::vector<std::string>{"email", "name", "nick", "age", "id"}));
}

TEST(SchemaView, SlotIsAPropagatesOnlyTruthyValues) {
  SchemaDefinition s;
  auto parent = slot("parent");
  parent.required = true;
  parent.range = "integer";
  s.slots.insert("parent", parent);
  auto child = slot("child_opt");
  child.is_a = "parent";
  child.required = false;  // lost: Q6
  s.slots.insert("child_opt", child);
  s.classes.insert("C", cls("C", std::nullopt, {}, {"child_opt"}));
  SchemaView sv(s);
  auto induced = sv.induced_slot("child_opt", "C");
  EXPECT_EQ(induced.required, true);
  EXPECT_EQ(induced.range, "integer");
}

TEST(SchemaView, SlotUsageFirstMixinBeatsLaterMixinAndIsA) {
  SchemaDefinition s;
  s.slots.insert("base_num", slot("base_num"));
  auto p = cls("P");
  auto up = slot("base_num");
  up.range = "integer";
  p.slot_usage.insert("base_num", up);
  auto m = cls("M");
  m.mixin = true;
  auto um = slot("base_num");
  um.range = "float";
  m.slot_usage.insert("base_num", um);
  auto m2 = cls("M2");
  auto um2 = slot("base_num");
  um2.range = "decimal";
  um2.required = true;
  m2.slot_usage.insert("base_num", um2);
  s.classes.insert("P", p);
  s.classes.insert("M", m);
  s.classes.insert("M2", m2);
  s.classes.insert("C", cls("C", "P", {"M", "M2"}, {"base_num"}));
  SchemaView sv(s);
  auto induced = sv.induced_slot("base_num", "C");
  EXPECT_EQ(induced.range, "float");
  EXPECT_EQ(induced.required, true);  // only M2 sets it
}

TEST(SchemaView, SlotUsageFalseOverridesAndBoundsCombine) {
  SchemaDefinition s;
  auto age = slot("age");
  age.required = true;
  age.minimum_value = "0";
  age.maximum_value = "200";
  s.slots.insert("age", age);
  auto c = cls("C", std::nullopt, {}, {"age"});
  auto u = slot("age");
  u.required = false;
  u.minimum_value = "-5";  // the larger lower bound (0) stays
  u.maximum_value = "150";
  c.slot_usage.insert("age", u);
  s.classes.insert("C", c);
  SchemaView sv(s);
  auto induced = sv.induced_slot("age", "C");
  EXPECT_EQ(induced.required, false);
  EXPECT_EQ(induced.minimum_value, "0");
  EXPECT_EQ(induced.maximum_value, "150");
}

TEST(SchemaView, AttributeOfNearestAncestorIsTheBase) {
  SchemaDefinition s;
  auto p = cls("P");
  auto pa = slot("x");
  pa.range = "integer";
  p.attributes.insert("x", pa);
  s.classes.insert("P", p);
  auto c = cls("C", "P");
  s.classes.insert("C", c);
  auto global = slot("x");
  global.range = "date";
  s.slots.insert("x", global);
  SchemaView sv(s);
  EXPECT_EQ(sv.induced_slot("x", "C").range, "integer");
}

TEST(SchemaView, DefaultRangeAliasAndImpliedFlags) {
  SchemaDefinition s;
  s.default_range.emplace("string");
  auto sp = slot("s space");
  sp.identifier = true;
  s.slots.insert("s space", sp);
  auto aliased = slot("age_in_years");
  aliased.alias = "age";
  s.slots.insert("age_in_years", aliased);
  auto lst = slot("things");
  lst.inlined_as_list = true;
  s.slots.insert("things", lst);
  auto dash = slot("s-dash");
  s.slots.insert("s-dash", dash);
  s.classes.insert("C",
                   cls("C", std::nullopt, {}, {"s space", "age_in_years", "things", "s-dash"}));
  SchemaView sv(s);
  auto a = sv.induced_slot("s space", "C");
  EXPECT_EQ(a.range, "string");
  EXPECT_EQ(a.required, true);
  EXPECT_EQ(a.alias, "s_space");
  EXPECT_EQ(sv.induced_slot("age_in_years", "C").alias, "age");
  EXPECT_EQ(sv.induced_slot("things", "C").inlined, true);
  EXPECT_EQ(sv.induced_slot("s-dash", "C").alias, "s_dash");
  EXPECT_EQ(underscore("  a  b,c-d "), "a_bc_d");
}

TEST(SchemaView, IdentifierSlotIsAlphabeticalAndFallsBackToKey) {
  SchemaDefinition s;
  auto c = cls("TwoIds");
  auto b = slot("b_id");
  b.identifier = true;
  auto a = slot("a_id");
  a.identifier = true;
  c.attributes.insert("b_id", b);
  c.attributes.insert("a_id", a);
  s.classes.insert("TwoIds", c);
  auto k = cls("Keyed");
  auto key = slot("code");
  key.key = true;
  k.attributes.insert("code", key);
  s.classes.insert("Keyed", k);
  SchemaView sv(s);
  ASSERT_TRUE(sv.identifier_slot("TwoIds"));
  EXPECT_EQ(sv.identifier_slot("TwoIds")->name, "a_id");
  EXPECT_FALSE(sv.identifier_slot("Keyed"));
  ASSERT_TRUE(sv.identifier_slot("Keyed", true));
  EXPECT_EQ(sv.identifier_slot("Keyed", true)->name, "code");
}

TEST(SchemaView, TypeChainFollowsTypeof) {
  SchemaDefinition s;
  TypeDefinition str;
  str.name = "string";
  str.base = "str";
  str.builtin = true;
  s.types.insert("string", str);
  TypeDefinition code;
  code.name = "Code";
  code.typeof_ = "string";
  s.types.insert("Code", code);
  TypeDefinition shortcode;
  shortcode.name = "ShortCode";
  shortcode.typeof_ = "Code";
  s.types.insert("ShortCode", shortcode);
  SchemaView sv(s);
  auto chain = sv.type_chain("ShortCode");
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain.back()->name, "string");
}

}  // namespace
}  // namespace reconcile::linkml
