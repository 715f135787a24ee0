// Names longer than PostgreSQL's 63 bytes: the bounded form of the native
// profile (naming.h), and PostgreSQL's own choice of names for unnamed
// constraints (name_chooser.h), which the linkml profile predicts.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/catalog/name_chooser.h"
#include "linkml/mapping/naming.h"
#include "support/mapping_harness.h"

namespace reconcile::testing {
namespace {

using mapping::bounded_name;
using mapping::bounded_object_name;
using mapping::Profile;

bool is_hex(const std::string& s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

TEST(BoundedName, ShortNamesAreKept) {
  EXPECT_EQ(bounded_name("field_sample"), "field_sample");
  const std::string exactly63(63, 'x');
  EXPECT_EQ(bounded_name(exactly63), exactly63);
}

TEST(BoundedName, LongNamesGetAReadablePrefixAndAHash) {
  const std::string full =
      "mimarks_c_misip_miscellaneous_natural_or_artificial_environment_chemical_administration";
  const std::string b = bounded_name(full);
  ASSERT_EQ(b.size(), 63u);
  EXPECT_EQ(b.substr(0, 54), full.substr(0, 54));
  EXPECT_EQ(b[54], '_');
  EXPECT_TRUE(is_hex(b.substr(55))) << b;
  EXPECT_EQ(bounded_name(full), b);  // deterministic
  // sha256(full) starts with 0caff5b9 (computed independently).
  EXPECT_EQ(b, "mimarks_c_misip_miscellaneous_natural_or_artificial_en_0caff5b9");
}

TEST(BoundedName, NamesThatTruncateAlikeStayDistinct) {
  const std::string base(70, 'a');
  std::set<std::string> seen;
  for (const char* tail : {"_one", "_two", "_three", "_four"}) {
    const std::string b = bounded_name(base + tail);
    EXPECT_LE(b.size(), 63u);
    EXPECT_TRUE(seen.insert(b).second) << b;
  }
}

TEST(BoundedName, NeverSplitsAMultibyteCharacter) {
  std::string full;
  for (int i = 0; i < 40; ++i) full += "é";  // 80 bytes
  const std::string b = bounded_name(full);
  EXPECT_LE(b.size(), 63u);
  const std::string prefix = b.substr(0, b.size() - 9);
  EXPECT_EQ(prefix.size() % 2, 0u) << b;  // whole two-byte characters only
  EXPECT_EQ(full.compare(0, prefix.size(), prefix), 0);
}

TEST(BoundedObjectName, IsPostgresDefaultWhenItFits) {
  EXPECT_EQ(bounded_object_name("person", "", "pkey"), "person_pkey");
  EXPECT_EQ(bounded_object_name("person", "org_id", "fkey"), "person_org_id_fkey");
  EXPECT_EQ(bounded_object_name("t", std::vector<std::string>{"a", "b"}, "key"), "t_a_b_key");
}

TEST(BoundedObjectName, KeepsTheLabelLast) {
  const std::string table = "anatomical_entity_to_anatomical_entity_ontogenic_association";
  const std::string a = bounded_object_name(table, "subject_id", "fkey");
  const std::string b = bounded_object_name(table, "object_id", "fkey");
  EXPECT_NE(a, b);
  for (const auto& n : {a, b}) {
    EXPECT_LE(n.size(), 63u) << n;
    EXPECT_EQ(n.substr(n.size() - 5), "_fkey") << n;
    EXPECT_EQ(n.compare(0, 20, table, 0, 20), 0) << n;
  }
}

// PostgreSQL 15 (makeObjectName + ChooseConstraintName), checked by hand:
// "t_<57 x>" + "_a_fkey" is 66 bytes; the longer part (the table) is cut
// to 56 bytes so that "<56>_a_fkey" is 63. A second foreign key with the
// same name collides and becomes "<55>_a_fkey1" (the longer label takes a
// byte from the table part), then "<55>_a_fkey2".
TEST(NameChooser, RetriesWithNumberedLabelsLikePostgres) {
  catalog::NameChooser ch;
  const std::string table = "t_" + std::string(57, 'x');
  const std::string first = ch.foreign_key("public", table, {"a"});
  EXPECT_EQ(first, table.substr(0, 56) + "_a_fkey");
  EXPECT_EQ(first.size(), 63u);
  EXPECT_EQ(ch.foreign_key("public", table, {"a"}), table.substr(0, 55) + "_a_fkey1");
  EXPECT_EQ(ch.foreign_key("public", table, {"a"}), table.substr(0, 55) + "_a_fkey2");
  // Another schema has its own names.
  EXPECT_EQ(ch.foreign_key("other", table, {"a"}), first);
}

TEST(NameChooser, ConstraintIndexesAvoidRelationsAndConstraints) {
  catalog::NameChooser ch;
  ch.take_relation("public", "person_pkey");  // a table named person_pkey
  EXPECT_EQ(ch.primary_key("public", "person"), "person_pkey1");
  ch.take_constraint("public", "pet_name_key");
  EXPECT_EQ(ch.unique("public", "pet", {"name"}), "pet_name_key1");
  // Foreign keys only look at constraints; sequences only at relations.
  ch.take_relation("public", "pet_owner_fkey");
  EXPECT_EQ(ch.foreign_key("public", "pet", {"owner"}), "pet_owner_fkey");
  ch.take_constraint("public", "pet_id_seq");
  EXPECT_EQ(ch.serial_sequence("public", "pet", "id"), "pet_id_seq");
  EXPECT_EQ(ch.serial_sequence("public", "pet", "id"), "pet_id_seq1");
}

TEST(SqlalchemyQuote, QuotesLikeSqlalchemy) {
  EXPECT_EQ(mapping::sqlalchemy_quote("person"), "person");
  EXPECT_EQ(mapping::sqlalchemy_quote("name"), "name");
  EXPECT_EQ(mapping::sqlalchemy_quote("Person"), "\"Person\"");
  EXPECT_EQ(mapping::sqlalchemy_quote("order"), "\"order\"");
  EXPECT_EQ(mapping::sqlalchemy_quote("2col"), "\"2col\"");
  EXPECT_EQ(mapping::sqlalchemy_quote("code system"), "\"code system\"");
}

// The native profile: long class, slot and enum names from real schemas.
TEST(LongNamesNative, JoinTablesOfALongClassGetDistinctNames) {
  auto m = map_yaml(R"yaml(
classes:
  MimarksCMisipMiscellaneousNaturalOrArtificialEnvironment:
    attributes:
      samp_name: {identifier: true}
      chemical_administration: {multivalued: true}
      chemical_administration_method: {multivalued: true}
      env_broad_scale: {multivalued: true}
)yaml",
                    Profile::kNative);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.codes();
  const std::string owner = "mimarks_c_misip_miscellaneous_natural_or_artificial_environment";
  ASSERT_TRUE(m.has_table(owner));
  std::set<std::string> joins;
  for (const auto& [name, t] : m.catalog.schemas.at("public").tables) {
    EXPECT_LE(name.size(), 63u) << name;
    if (name != owner) joins.insert(name);
    for (const auto& c : t.columns) EXPECT_LE(c.name.size(), 63u) << c.name;
    for (const auto& fk : t.foreign_keys) EXPECT_LE(fk.name.size(), 63u) << fk.name;
    if (t.primary_key) {
      EXPECT_LE(t.primary_key->name.size(), 63u);
    }
  }
  EXPECT_EQ(joins, (std::set<std::string>{bounded_name(owner + "_chemical_administration"),
                                          bounded_name(owner + "_chemical_administration_method"),
                                          bounded_name(owner + "_env_broad_scale")}));
}

TEST(LongNamesNative, EnumLabelOver63BytesIsTextWithACheck) {
  auto m = map_yaml(R"yaml(
enums:
  MediaTypeEnum:
    permissible_values:
      text/plain:
      application/vnd.openxmlformats-officedocument.wordprocessingml.document:
classes:
  File:
    attributes:
      media_type: {range: MediaTypeEnum}
)yaml",
                    Profile::kNative);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.codes();
  EXPECT_TRUE(m.catalog.schemas.at("public").enums.empty());
  const auto& t = m.table("file");
  ASSERT_TRUE(t.find_column("media_type"));
  EXPECT_EQ(t.find_column("media_type")->type, "text");
  ASSERT_EQ(t.checks.size(), 1u);
  EXPECT_EQ(t.checks[0].name, "file_media_type_check");
  EXPECT_EQ(t.checks[0].expression,
            "(media_type = ANY (ARRAY['text/plain'::text, "
            "'application/vnd.openxmlformats-officedocument.wordprocessingml.document'::text]))");
  bool warned = false;
  for (const auto& d : m.diagnostics.items()) {
    if (d.code != "long-enum-label") continue;
    warned = true;
    // The position of the long value: after the harness's 7-line header and
    // the text's leading blank line, it is on line 13, column 7.
    EXPECT_EQ(d.where.file, "schema.yaml");
    EXPECT_EQ(d.where.line, 13);
    EXPECT_EQ(d.where.column, 7);
  }
  EXPECT_TRUE(warned) << m.codes();
}

}  // namespace
}  // namespace reconcile::testing
