// The `linkml` mapping profile, construct by construct: each expectation was
// checked by hand against LinkML's gen-sqltables output
// (../shared/fixtures/linkml) and linkml-mapping §2-3.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/loader.h"
#include "linkml/mapping/mapping.h"
#include "support/mapping_harness.h"
#include "util/source_reader.h"

namespace reconcile::testing {
namespace {

using catalog::Column;
using catalog::ForeignKey;
using catalog::Identity;
using mapping::Profile;
using Strings = std::vector<std::string>;

TEST(MappingLinkml, TutorialPersonContainerAndAliases) {
  auto m = map_yaml(R"yaml(
classes:
  Person:
    attributes:
      id:
        identifier: true
      full_name:
        required: true
        description: name of the person
      aliases:
        multivalued: true
        description: other names for the person
      age:
        range: integer
  Container:
    attributes:
      persons:
        range: Person
        multivalued: true
        inlined_as_list: true
)yaml",
                    Profile::kLinkml);
  EXPECT_FALSE(m.diagnostics.has_errors(true)) << m.codes();
  const auto& container = m.table("Container");
  ASSERT_EQ(container.columns.size(), 1u);
  EXPECT_EQ(container.columns[0],
            col("id", "integer", true, "nextval('public.\"Container_id_seq\"'::regclass)"));
  EXPECT_EQ(container.comment, "None");
  ASSERT_TRUE(container.primary_key);
  EXPECT_EQ(container.primary_key->name, "Container_pkey");
  ASSERT_EQ(container.indexes.size(), 1u);
  EXPECT_EQ(container.indexes[0].name, "ix_Container_id");
  EXPECT_EQ(container.indexes[0].keys, Strings{"id"});
  const auto& seqs = m.catalog.schemas.at("public").sequences;
  ASSERT_TRUE(seqs.count("Container_id_seq"));
  EXPECT_EQ(seqs.at("Container_id_seq").type, "integer");
  EXPECT_EQ(seqs.at("Container_id_seq").max_value, 2147483647);
  EXPECT_EQ(seqs.at("Container_id_seq").owned_by_table, "Container");
  EXPECT_EQ(seqs.at("Container_id_seq").owned_by_column, "id");

  const auto& person = m.table("Person");
  EXPECT_EQ(column_names(person), (Strings{"id", "full_name", "age", "Container_id"}));
  EXPECT_EQ(person.columns[0], col("id", "text", true));
  EXPECT_EQ(person.columns[1].comment, "name of the person");
  EXPECT_TRUE(person.columns[1].not_null);
  EXPECT_EQ(person.columns[3].type, "integer");
  EXPECT_EQ(person.columns[3].comment, "Autocreated FK slot");
  ASSERT_EQ(person.foreign_keys.size(), 1u);
  EXPECT_EQ(person.foreign_keys[0],
            fk("Person_Container_id_fkey", {"Container_id"}, "public", "Container", {"id"}));
  EXPECT_EQ(m.catalog.schemas.at("public").sequences.count("Person_id_seq"), 0u);

  const auto& aliases = m.table("Person_aliases");
  EXPECT_EQ(column_names(aliases), (Strings{"Person_id", "aliases"}));
  EXPECT_TRUE(aliases.columns[0].not_null);  // primary key columns
  EXPECT_EQ(aliases.columns[1].comment, "other names for the person");
  ASSERT_TRUE(aliases.primary_key);
  EXPECT_EQ(aliases.primary_key->columns, (Strings{"Person_id", "aliases"}));
  ASSERT_EQ(aliases.indexes.size(), 2u);
  EXPECT_EQ(aliases.indexes[0].name, "ix_Person_aliases_Person_id");
  EXPECT_EQ(aliases.indexes[0].keys, Strings{"\"Person_id\""});
  EXPECT_EQ(aliases.comment, "None");
}

TEST(MappingLinkml, TypesFollowTheGeneratorsTable) {
  auto m = map_yaml(R"yaml(
types:
  SalaryType:
    typeof: decimal
  Count:
    typeof: integer
    base: int
enums:
  Used:
    permissible_values:
      a:
      "it's":
  Unused:
    permissible_values:
      x:
classes:
  T:
    attributes:
      s: {range: string}
      i: {range: integer}
      b: {range: boolean}
      f: {range: float}
      d: {range: double}
      n: {range: decimal}
      tm: {range: time}
      dt: {range: date}
      ts: {range: datetime}
      u: {range: uriorcurie}
      sal: {range: SalaryType}
      cnt: {range: Count}
      e: {range: Used}
      none_range: {}
)yaml",
                    Profile::kLinkml);
  const auto& t = m.table("T");
  std::map<std::string, std::string> types;
  for (const auto& c : t.columns) types[c.name] = c.type;
  EXPECT_EQ(types["s"], "text");
  EXPECT_EQ(types["i"], "integer");
  EXPECT_EQ(types["b"], "boolean");
  EXPECT_EQ(types["f"], "double precision");
  EXPECT_EQ(types["d"], "double precision");
  EXPECT_EQ(types["n"], "numeric");
  EXPECT_EQ(types["tm"], "time without time zone");
  EXPECT_EQ(types["dt"], "date");
  EXPECT_EQ(types["ts"], "timestamp without time zone");
  EXPECT_EQ(types["u"], "text");
  EXPECT_EQ(types["sal"], "text");  // typeof-only types are TEXT (issue #3491)
  EXPECT_EQ(types["cnt"], "integer");
  EXPECT_EQ(types["e"], "public.\"Used\"");
  EXPECT_EQ(types["none_range"], "text");
  const auto& enums = m.catalog.schemas.at("public").enums;
  ASSERT_EQ(enums.size(), 1u);  // only used enums
  EXPECT_EQ(enums.at("Used").values, (Strings{"a", "it's"}));
  EXPECT_EQ(t.columns[0].name, "id");  // surrogate key first
}

TEST(MappingLinkml, TwoIdentifiersAlphabeticalPkAndKeyOnlyCompositePk) {
  auto m = map_yaml(R"yaml(
classes:
  TwoIds:
    attributes:
      b_id: {identifier: true}
      a_id: {identifier: true}
  Pet:
    attributes:
      pet_key: {key: true}
      species:
  Owner:
    attributes:
      oid: {identifier: true}
      pets:
        range: Pet
        multivalued: true
        inlined_as_list: true
      best:
        range: Pet
)yaml",
                    Profile::kLinkml);
  EXPECT_EQ(m.table("TwoIds").primary_key->columns, Strings{"a_id"});
  EXPECT_EQ(m.table("TwoIds").indexes.size(), 2u);  // ix_ for both identifiers
  const auto& pet = m.table("Pet");
  EXPECT_EQ(column_names(pet), (Strings{"pet_key", "species", "Owner_oid"}));
  EXPECT_EQ(pet.primary_key->columns, (Strings{"pet_key", "species", "Owner_oid"}));
  // UNIQUE (Owner_oid, pet_key) from the key, and the deviation D2: UNIQUE
  // (pet_key), because Owner.best_pet_key references the key alone.
  ASSERT_EQ(pet.uniques.size(), 2u);
  EXPECT_EQ(pet.uniques[0].name, "Pet_Owner_oid_pet_key_key");
  EXPECT_EQ(pet.uniques[1].name, "Pet_pet_key_key");
  EXPECT_EQ(pet.uniques[1].columns, Strings{"pet_key"});
  const auto& owner = m.table("Owner");
  EXPECT_EQ(column_names(owner), (Strings{"oid", "best_pet_key"}));
  EXPECT_EQ(owner.foreign_keys[0].ref_columns, Strings{"pet_key"});
}

TEST(MappingLinkml, Issue3501UsesTheChildsOwnIdentifier) {
  auto m = map_yaml(R"yaml(
classes:
  Base:
    abstract: true
    attributes:
      label:
  Child:
    is_a: Base
    attributes:
      name: {identifier: true}
  Ref:
    attributes:
      child: {range: Child}
)yaml",
                    Profile::kLinkml);
  EXPECT_EQ(m.table("Base").primary_key->columns, Strings{"id"});
  EXPECT_EQ(column_names(m.table("Child")), (Strings{"name", "label"}));
  EXPECT_EQ(m.table("Child").primary_key->columns, Strings{"name"});
  EXPECT_EQ(m.table("Ref").foreign_keys[0].ref_columns, Strings{"name"});
}

TEST(MappingLinkml, ReferencesRenamedWhenTargetHasNoIdentifierOrInlined) {
  auto m = map_yaml(R"yaml(
classes:
  Address:
    attributes:
      street:
  Org:
    attributes:
      id: {identifier: true}
  Person:
    attributes:
      id: {identifier: true}
      employer: {range: Org}
      home: {range: Address}
      favorite_org: {range: Org, inlined: true}
      friends: {range: Person, multivalued: true}
)yaml",
                    Profile::kLinkml);
  const auto& p = m.table("Person");
  EXPECT_EQ(column_names(p), (Strings{"id", "employer", "home_id", "favorite_org_id"}));
  EXPECT_EQ(p.columns[2].type, "integer");
  const auto& f = m.table("Person_friends");
  EXPECT_EQ(column_names(f), (Strings{"Person_id", "friends_id"}));
  EXPECT_EQ(f.foreign_keys.size(), 2u);
}

TEST(MappingLinkml, UniqueKeysAndIndexAnnotation) {
  auto m = map_yaml(R"yaml(
classes:
  Org:
    annotations:
      index:
        name_city_index: [name, city]
    attributes:
      id: {identifier: true}
      name:
      city:
      tags: {multivalued: true}
    unique_keys:
      name_city:
        unique_key_slots: [name, city]
      with_tags:
        unique_key_slots: [name, tags]
)yaml",
                    Profile::kLinkml);
  const auto& o = m.table("Org");
  ASSERT_EQ(o.uniques.size(), 1u);
  EXPECT_EQ(o.uniques[0].name, "Org_name_city_key");
  std::vector<std::string> names;
  for (const auto& ix : o.indexes) names.push_back(ix.name);
  EXPECT_EQ(names, (Strings{"Org_name_city_idx", "ix_Org_id", "name_city_index"}));
  EXPECT_NE(m.codes().find("unique-key-dropped"), std::string::npos);
}

TEST(MappingLinkml, LongIndexNamesTruncatedLikeSqlalchemy) {
  auto m = map_yaml(R"yaml(
classes:
  OperationProcedureConcept:
    attributes:
      id: {identifier: true}
      mappings: {multivalued: true, singular_name: mappings_OperationProcedureConcept}
)yaml",
                    Profile::kLinkml);
  const auto& jt = m.table("OperationProcedureConcept_mappings_OperationProcedureConcept");
  ASSERT_EQ(jt.indexes.size(), 2u);
  for (const auto& ix : jt.indexes) EXPECT_LE(ix.name.size(), 63u) << ix.name;
  EXPECT_EQ(jt.indexes[0].name.substr(0, 56),
            std::string("ix_OperationProcedureConcept_mappings_OperationProcedureConcept_")
                    .substr(0, 55) +
                "_");
}

TEST(MappingLinkml, AnnotationsApplyInTheLinkmlProfileToo) {
  auto m = map_yaml(R"yaml(
classes:
  Org:
    annotations:
      sql_table: organisation
    attributes:
      id: {identifier: true}
  Person:
    attributes:
      id: {identifier: true}
      employer:
        range: Org
        annotations:
          on_delete: SET NULL
      geom:
        annotations:
          sql_type: varchar(20)
)yaml",
                    Profile::kLinkml);
  EXPECT_TRUE(m.has_table("organisation"));
  const auto& p = m.table("Person");
  EXPECT_EQ(p.foreign_keys[0].ref_table, "organisation");
  EXPECT_EQ(p.foreign_keys[0].on_delete, catalog::FkAction::kSetNull);
  EXPECT_EQ(p.columns[2].type, "character varying(20)");
}

}  // namespace
}  // namespace reconcile::testing
