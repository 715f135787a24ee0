// Long LinkML names against a real PostgreSQL, for both profiles: the
// mapped DDL is applied through the planner, and planning again from the
// database gives an empty plan (the names reconcile creates, introspects and
// compares are the same text). Cases from widely used public schemas.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/plan/plan_output.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

using mapping::Profile;

std::string header() {
  return "id: https://example.org/long\nname: long\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
         "imports:\n  - linkml:types\ndefault_range: string\n";
}

struct Case {
  std::string name;
  std::string yaml;
};

// MIxS: a 56-byte class name with multivalued slots whose join tables are
// equal in their first 63 bytes.
const Case kMixs{"mixs", R"yaml(
classes:
  MimarksCMisipMiscellaneousNaturalOrArtificialEnvironment:
    attributes:
      samp_name: {identifier: true}
      chemical_administration: {multivalued: true}
      chemical_administration_method: {multivalued: true}
      env_broad_scale: {multivalued: true, range: EnvironmentalContextTerm}
      env_local_scale: {multivalued: true, range: EnvironmentalContextTerm}
  EnvironmentalContextTerm:
    attributes:
      term_id: {identifier: true}
)yaml"};

// Biolink: class names with spaces, references whose foreign key names
// overflow, multivalued slots.
const Case kBiolink{"biolink", R"yaml(
classes:
  anatomical entity:
    attributes:
      id: {identifier: true}
  anatomical entity to anatomical entity association:
    abstract: true
    attributes:
      id: {identifier: true}
      subject: {range: anatomical entity, required: true}
      object: {range: anatomical entity, required: true}
  anatomical entity to anatomical entity ontogenic association:
    is_a: anatomical entity to anatomical entity association
    attributes:
      publications: {multivalued: true}
      qualifiers: {multivalued: true}
      has evidence: {multivalued: true, range: anatomical entity}
)yaml"};

// A table name over 63 bytes, and two references whose default foreign key
// names are equal after truncation.
const Case kLongTable{"long_table", R"yaml(
classes:
  Organization:
    attributes:
      org_id: {identifier: true}
  SampleCollectionEventWithAnExceptionallyLongDescriptiveNameForTesting:
    attributes:
      primary_responsible_organization_reference_primary: {range: Organization}
      primary_responsible_organization_reference_secondary: {range: Organization}
      a_very_long_slot_name_that_makes_a_very_long_check_or_index_name:
        range: integer
        minimum_value: 0
        annotations:
          index: true
  ShortTable:
    attributes:
      primary_responsible_organization_reference_of_the_short_table_one: {range: Organization}
      primary_responsible_organization_reference_of_the_short_table_two: {range: Organization}
)yaml"};

// An enum label over 63 bytes (a MIME type), used by a column and by a
// multivalued slot.
const Case kLongLabel{"long_label", R"yaml(
enums:
  MediaTypeEnum:
    permissible_values:
      text/plain:
      application/vnd.openxmlformats-officedocument.wordprocessingml.document:
      it's:
classes:
  File:
    attributes:
      media_type: {range: MediaTypeEnum}
      alternative_types: {range: MediaTypeEnum, multivalued: true}
)yaml"};

struct Param {
  Case c;
  Profile profile;
};

class LongNames : public PgTest, public ::testing::WithParamInterface<Param> {};

TEST_P(LongNames, ApplyThenPlanIsEmpty) {
  const Param& p = GetParam();
  MappedProject m = map_project({{"s.yaml", header() + p.c.yaml}}, "s.yaml", p.profile);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
  for (const auto& [sname, s] : m.catalog.schemas) {
    for (const auto& [tname, t] : s.tables) {
      EXPECT_LE(tname.size(), 63u);
      for (const auto& c : t.columns) EXPECT_LE(c.name.size(), 63u) << tname << "." << c.name;
      for (const auto& fk : t.foreign_keys) EXPECT_LE(fk.name.size(), 63u) << fk.name;
      for (const auto& ix : t.indexes) EXPECT_LE(ix.name.size(), 63u) << ix.name;
      for (const auto& ch : t.checks) EXPECT_LE(ch.name.size(), 63u) << ch.name;
    }
  }
  Convergence r = apply_to_database(url(), m.catalog);
  EXPECT_FALSE(r.applied.empty());
  EXPECT_TRUE(r.again.empty()) << plan::render_text(r.again, false, true) << "\napplied:\n"
                               << r.applied.up_sql();
  EXPECT_TRUE(read_database(url(), m.catalog) == m.catalog);
}

std::vector<Param> params() {
  std::vector<Param> out;
  for (const Case& c : {kMixs, kBiolink, kLongTable, kLongLabel})
    for (Profile p : {Profile::kNative, Profile::kLinkml}) out.push_back({c, p});
  return out;
}

INSTANTIATE_TEST_SUITE_P(RealSchemaNames, LongNames, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<Param>& info) {
                           return info.param.c.name + "_" +
                                  mapping::profile_name(info.param.profile);
                         });

// The CHECK that replaces an enum with a long label accepts exactly the
// permissible values.
class LongLabelCheck : public PgTest {};

TEST_F(LongLabelCheck, AcceptsThePermissibleValuesOnly) {
  for (Profile profile : {Profile::kNative, Profile::kLinkml}) {
    const std::string db = TestServer::get().create_database("long_label_check");
    MappedProject m = map_project({{"s.yaml", header() + kLongLabel.yaml}}, "s.yaml", profile);
    ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
    EXPECT_TRUE(m.has("long-enum-label")) << m.messages();
    ASSERT_TRUE(apply_to_database(db, m.catalog).again.empty());
    const std::string table = profile == Profile::kNative ? "file" : "\"File\"";
    const std::string key = profile == Profile::kNative ? "id" : "id";
    EXPECT_NO_THROW(exec_sql(
        db, "INSERT INTO " + table + " (" + key + ", media_type) VALUES (1, 'application/" +
                "vnd.openxmlformats-officedocument.wordprocessingml.document')"));
    EXPECT_NO_THROW(
        exec_sql(db, "INSERT INTO " + table + " (" + key + ", media_type) VALUES (2, 'it''s')"));
    EXPECT_ANY_THROW(exec_sql(
        db, "INSERT INTO " + table + " (" + key + ", media_type) VALUES (3, 'image/png')"));
    TestServer::get().drop_database(db.substr(db.rfind('/') + 1));
  }
}

}  // namespace
}  // namespace reconcile::testing
