// The `native` mapping profile, construct by construct, with hand-checked
// expected catalogs. The canonical DEFAULT and CHECK texts were checked
// against what PostgreSQL 15's pg_get_expr prints for the same definitions.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "linkml/loader.h"
#include "linkml/mapping/literals.h"
#include "linkml/mapping/mapping.h"
#include "linkml/mapping/naming.h"
#include "support/mapping_harness.h"
#include "util/source_reader.h"

namespace reconcile::testing {
namespace {

using catalog::Column;
using catalog::FkAction;
using catalog::ForeignKey;
using catalog::Identity;
using catalog::RenameHint;
using mapping::Profile;
using Strings = std::vector<std::string>;

TEST(MappingNative, SnakeCase) {
  EXPECT_EQ(mapping::snake_case("FieldSample"), "field_sample");
  EXPECT_EQ(mapping::snake_case("code system"), "code_system");
  EXPECT_EQ(mapping::snake_case("HTTPServer"), "http_server");
  EXPECT_EQ(mapping::snake_case("camelSlot"), "camel_slot");
  EXPECT_EQ(mapping::snake_case("already_snake"), "already_snake");
  EXPECT_EQ(mapping::snake_case("s-dash"), "s_dash");
  EXPECT_EQ(mapping::snake_case("Sample2Run"), "sample2_run");
}

TEST(MappingNative, ConcreteClassesOnlyWithInheritedSlots) {
  auto m = map_yaml(R"yaml(
classes:
  NamedThing:
    abstract: true
    attributes:
      id: {identifier: true}
      name:
  HasNotes:
    mixin: true
    attributes:
      notes_text:
  FieldSample:
    is_a: NamedThing
    mixins: [HasNotes]
    description: A sample taken in the field
    attributes:
      depth: {range: float}
  code system:
    attributes:
      code: {identifier: true}
)yaml",
                    Profile::kNative);
  EXPECT_FALSE(m.diagnostics.has_errors(true)) << m.codes();
  EXPECT_FALSE(m.has_table("named_thing"));
  EXPECT_FALSE(m.has_table("has_notes"));
  ASSERT_TRUE(m.has_table("field_sample"));
  ASSERT_TRUE(m.has_table("code_system"));
  const auto& fs = m.table("field_sample");
  EXPECT_EQ(column_names(fs), (Strings{"id", "depth", "notes_text", "name"}));
  EXPECT_EQ(fs.comment, "A sample taken in the field");
  EXPECT_EQ(fs.primary_key->columns, Strings{"id"});
  EXPECT_EQ(fs.primary_key->name, "field_sample_pkey");
  EXPECT_EQ(fs.columns[0], col("id", "text", true));
  EXPECT_EQ(fs.columns[1].type, "double precision");
}

TEST(MappingNative, SurrogateIdentityAndIntegerIdentifiers) {
  auto m = map_yaml(R"yaml(
classes:
  Note:
    attributes:
      body:
  Counter:
    attributes:
      num: {identifier: true, range: integer}
  Ticket:
    attributes:
      num:
        identifier: true
        range: integer
        annotations:
          identity: true
)yaml",
                    Profile::kNative);
  const auto& note = m.table("note");
  ASSERT_EQ(note.columns.size(), 2u);
  Column id = col("id", "bigint", true);
  id.identity = Identity::kByDefault;
  EXPECT_EQ(note.columns[0], id);
  EXPECT_EQ(note.primary_key->columns, Strings{"id"});
  EXPECT_EQ(m.table("counter").columns[0], col("num", "integer", true));
  EXPECT_EQ(m.table("ticket").columns[0].identity, Identity::kByDefault);
  EXPECT_TRUE(m.catalog.schemas.at("public").sequences.empty());
}

TEST(MappingNative, TypesFollowTypeofChains) {
  auto m = map_yaml(R"yaml(
types:
  SalaryType:
    typeof: decimal
  Money:
    typeof: SalaryType
  Geo:
    typeof: string
    annotations:
      sql_type: jsonb
classes:
  T:
    attributes:
      s: {range: string}
      i: {range: integer}
      b: {range: boolean}
      f: {range: float}
      n: {range: decimal}
      tm: {range: time}
      dt: {range: date}
      ts: {range: datetime}
      u: {range: uri}
      sal: {range: SalaryType}
      money: {range: Money}
      geo: {range: Geo}
)yaml",
                    Profile::kNative);
  std::map<std::string, std::string> types;
  for (const auto& c : m.table("t").columns) types[c.name] = c.type;
  EXPECT_EQ(types["s"], "text");
  EXPECT_EQ(types["i"], "integer");
  EXPECT_EQ(types["b"], "boolean");
  EXPECT_EQ(types["f"], "double precision");
  EXPECT_EQ(types["n"], "numeric");
  EXPECT_EQ(types["tm"], "time without time zone");
  EXPECT_EQ(types["dt"], "date");
  EXPECT_EQ(types["ts"], "timestamp with time zone");
  EXPECT_EQ(types["u"], "text");
  EXPECT_EQ(types["sal"], "numeric");
  EXPECT_EQ(types["money"], "numeric");
  EXPECT_EQ(types["geo"], "jsonb");
}

TEST(MappingNative, FurtherIdentifiersAndKeysAreUniqueNotNull) {
  auto m = map_yaml(R"yaml(
classes:
  Sample:
    attributes:
      accession: {identifier: true}
      barcode: {identifier: true}
      lab_code: {key: true}
      email:
        annotations:
          unique: true
)yaml",
                    Profile::kNative);
  const auto& t = m.table("sample");
  EXPECT_EQ(t.primary_key->columns, Strings{"accession"});
  EXPECT_TRUE(t.columns[1].not_null);
  EXPECT_TRUE(t.columns[2].not_null);
  EXPECT_FALSE(t.columns[3].not_null);
  ASSERT_EQ(t.uniques.size(), 3u);
  EXPECT_EQ(t.uniques[0].name, "sample_barcode_key");
  EXPECT_EQ(t.uniques[1].name, "sample_email_key");
  EXPECT_EQ(t.uniques[2].name, "sample_lab_code_key");
}

TEST(MappingNative, IfabsentDefaultsInCanonicalForm) {
  auto m = map_yaml(R"yaml(
enums:
  Status:
    permissible_values:
      active:
      retired:
classes:
  T:
    attributes:
      s: {ifabsent: string(hello)}
      quote: {ifabsent: "string(it's)"}
      i: {range: integer, ifabsent: int(5)}
      neg: {range: integer, ifabsent: int(-5)}
      f: {range: float, ifabsent: float(1.5)}
      b: {range: boolean, ifabsent: "true"}
      bf: {range: boolean, ifabsent: "False"}
      d: {range: date, ifabsent: date(2020-01-01)}
      today: {range: date, ifabsent: date(today)}
      now: {range: datetime, ifabsent: datetime(now)}
      st: {range: Status, ifabsent: string(active)}
      raw:
        range: integer
        annotations:
          sql_default: "42"
)yaml",
                    Profile::kNative);
  EXPECT_FALSE(m.diagnostics.has_errors(true)) << m.codes();
  std::map<std::string, std::string> defaults;
  for (const auto& c : m.table("t").columns) defaults[c.name] = c.default_expr.value_or("-");
  EXPECT_EQ(defaults["s"], "'hello'::text");
  EXPECT_EQ(defaults["quote"], "'it''s'::text");
  EXPECT_EQ(defaults["i"], "5");
  EXPECT_EQ(defaults["neg"], "'-5'::integer");
  EXPECT_EQ(defaults["f"], "1.5");
  EXPECT_EQ(defaults["b"], "true");
  EXPECT_EQ(defaults["bf"], "false");
  EXPECT_EQ(defaults["d"], "'2020-01-01'::date");
  EXPECT_EQ(defaults["today"], "CURRENT_DATE");
  EXPECT_EQ(defaults["now"], "now()");
  EXPECT_EQ(defaults["st"], "'active'::public.status");
  EXPECT_EQ(defaults["raw"], "42");
}

TEST(MappingNative, UnsupportedIfabsentIsAWarning) {
  auto m = map_yaml(R"yaml(
classes:
  T:
    attributes:
      x: {ifabsent: bnode}
)yaml",
                    Profile::kNative);
  EXPECT_EQ(m.codes(), "unsupported-ifabsent;");
  EXPECT_FALSE(m.table("t").columns[1].default_expr);
}

TEST(MappingNative, MinimumAndMaximumBecomeChecks) {
  auto m = map_yaml(R"yaml(
classes:
  Person:
    attributes:
      age: {range: integer, minimum_value: 0, maximum_value: 200}
      score: {range: float, minimum_value: 0}
      ratio: {range: decimal, maximum_value: 1.5}
      "Upper": {range: integer, minimum_value: -1}
)yaml",
                    Profile::kNative);
  const auto& t = m.table("person");
  ASSERT_EQ(t.checks.size(), 4u);
  EXPECT_EQ(t.checks[0].name, "person_age_check");
  EXPECT_EQ(t.checks[0].expression, "((age >= 0) AND (age <= 200))");
  EXPECT_EQ(t.checks[1].name, "person_ratio_check");
  EXPECT_EQ(t.checks[1].expression, "(ratio <= 1.5)");
  EXPECT_EQ(t.checks[2].name, "person_score_check");
  EXPECT_EQ(t.checks[2].expression, "(score >= (0)::double precision)");
  EXPECT_EQ(t.checks[3].name, "person_upper_check");
  EXPECT_EQ(t.checks[3].expression, "(upper >= '-1'::integer)");
}

TEST(MappingNative, CanonicalCheckLiterals) {
  using mapping::range_check_expression;
  EXPECT_EQ(range_check_expression("w", "integer", "0.5", std::nullopt), "((w)::numeric >= 0.5)");
  EXPECT_EQ(range_check_expression("p", "bigint", "3000000000", std::nullopt),
            "(p >= '3000000000'::bigint)");
  EXPECT_EQ(range_check_expression("z", "numeric", "-1", std::nullopt),
            "(z >= ('-1'::integer)::numeric)");
  EXPECT_EQ(range_check_expression("x", "double precision", "-0.5", std::nullopt),
            "(x >= ('-0.5'::numeric)::double precision)");
  EXPECT_EQ(range_check_expression("Upper", "integer", "-1", std::nullopt),
            "(\"Upper\" >= '-1'::integer)");
  EXPECT_FALSE(range_check_expression("t", "text", "1", std::nullopt));
}

TEST(MappingNative, EnumsAreSnakeCaseTypes) {
  auto m = map_yaml(R"yaml(
enums:
  SampleStatus:
    description: where a sample is
    permissible_values:
      received:
      processed:
  NeverUsed:
    permissible_values:
      x:
classes:
  Sample:
    attributes:
      status: {range: SampleStatus, required: true}
)yaml",
                    Profile::kNative);
  const auto& enums = m.catalog.schemas.at("public").enums;
  ASSERT_EQ(enums.size(), 1u);
  EXPECT_EQ(enums.at("sample_status").values, (Strings{"received", "processed"}));
  EXPECT_EQ(enums.at("sample_status").comment, "where a sample is");
  EXPECT_EQ(m.table("sample").columns[1], col("status", "public.sample_status", true));
}

TEST(MappingNative, ReferencesJoinTablesAndBackrefs) {
  auto m = map_yaml(R"yaml(
classes:
  Lab:
    attributes:
      code: {identifier: true}
  Aliquot:
    attributes:
      volume: {range: float}
  Sample:
    attributes:
      id: {identifier: true, range: integer}
      lab: {range: Lab, required: true}
      parent_id: {range: Sample}
      aliquots: {range: Aliquot, multivalued: true, inlined_as_list: true}
      labs: {range: Lab, multivalued: true}
      keywords: {multivalued: true, singular_name: keyword}
)yaml",
                    Profile::kNative);
  EXPECT_FALSE(m.diagnostics.has_errors(true)) << m.codes();
  const auto& s = m.table("sample");
  EXPECT_EQ(column_names(s), (Strings{"id", "lab_id", "parent_id"}));
  EXPECT_EQ(s.columns[1], col("lab_id", "text", true));
  EXPECT_EQ(s.columns[2].type, "integer");
  ASSERT_EQ(s.foreign_keys.size(), 2u);
  EXPECT_EQ(s.foreign_keys[0], fk("sample_lab_id_fkey", {"lab_id"}, "public", "lab", {"code"}));
  EXPECT_EQ(s.foreign_keys[1].ref_table, "sample");

  const auto& a = m.table("aliquot");
  EXPECT_EQ(column_names(a), (Strings{"id", "volume", "sample_id"}));
  EXPECT_EQ(a.columns[2], col("sample_id", "integer", false));
  ASSERT_EQ(a.foreign_keys.size(), 1u);
  EXPECT_EQ(a.foreign_keys[0].on_delete, FkAction::kCascade);

  const auto& sl = m.table("sample_labs");
  EXPECT_EQ(column_names(sl), (Strings{"sample_id", "labs_id"}));
  EXPECT_EQ(sl.primary_key->columns, (Strings{"sample_id", "labs_id"}));
  ASSERT_EQ(sl.foreign_keys.size(), 2u);
  EXPECT_EQ(sl.foreign_keys[0].name, "sample_labs_labs_id_fkey");
  EXPECT_EQ(sl.foreign_keys[0].on_delete, FkAction::kNoAction);
  EXPECT_EQ(sl.foreign_keys[1].name, "sample_labs_sample_id_fkey");
  EXPECT_EQ(sl.foreign_keys[1].on_delete, FkAction::kCascade);

  const auto& kw = m.table("sample_keyword");
  EXPECT_EQ(column_names(kw), (Strings{"sample_id", "keyword"}));
  EXPECT_EQ(kw.columns[1], col("keyword", "text", true));
}

TEST(MappingNative, ReferenceToAbstractClassIsAPlainKeyWithAWarning) {
  auto m = map_yaml(R"yaml(
classes:
  Agent:
    abstract: true
    attributes:
      id: {identifier: true}
  Person:
    is_a: Agent
  Event:
    attributes:
      actor: {range: Agent}
)yaml",
                    Profile::kNative);
  EXPECT_EQ(m.codes(), "reference-to-abstract;");
  const auto& e = m.table("event");
  EXPECT_EQ(column_names(e), (Strings{"id", "actor_id"}));
  EXPECT_EQ(e.columns[1].type, "text");
  EXPECT_TRUE(e.foreign_keys.empty());
}

TEST(MappingNative, Annotations) {
  auto m = map_yaml(R"yaml(
classes:
  Site:
    annotations:
      sql_table: sites
      sql_schema: lab
    attributes:
      code: {identifier: true}
  Sample:
    annotations:
      renamed_from: Specimen
      index:
        sample_site_taken: [site, taken_at]
    attributes:
      site:
        range: Site
        annotations:
          on_delete: cascade
      taken_at:
        range: datetime
        annotations:
          index: true
          renamed_from: collected_at
      label:
        annotations:
          sql_type: VARCHAR(40)
          sql_default: "'unnamed'::character varying"
)yaml",
                    Profile::kNative);
  EXPECT_FALSE(m.diagnostics.has_errors(true)) << m.codes();
  ASSERT_TRUE(m.has_table("sites", "lab"));
  const auto& s = m.table("sample");
  EXPECT_EQ(s.foreign_keys[0].ref_schema, "lab");
  EXPECT_EQ(s.foreign_keys[0].ref_table, "sites");
  EXPECT_EQ(s.foreign_keys[0].on_delete, FkAction::kCascade);
  EXPECT_EQ(s.columns[3],
            col("label", "character varying(40)", false, "'unnamed'::character varying"));
  ASSERT_EQ(s.indexes.size(), 2u);
  EXPECT_EQ(s.indexes[0].name, "sample_site_taken");
  EXPECT_EQ(s.indexes[0].keys, (Strings{"site_id", "taken_at"}));
  EXPECT_EQ(s.indexes[1].name, "sample_taken_at_idx");
  std::vector<RenameHint> expected = {
      {RenameHint::Kind::kTable, "public", "", "specimen", "sample"},
      {RenameHint::Kind::kColumn, "public", "sample", "collected_at", "taken_at"},
  };
  EXPECT_EQ(m.catalog.renames, expected);
}

TEST(MappingNative, EnumAndValueRenames) {
  auto m = map_yaml(R"yaml(
enums:
  Colour:
    annotations:
      renamed_from: Color
    permissible_values:
      crimson:
        annotations:
          renamed_from: red
classes:
  Car:
    attributes:
      colour: {range: Colour}
)yaml",
                    Profile::kNative);
  std::vector<RenameHint> expected = {
      {RenameHint::Kind::kEnum, "public", "", "color", "colour"},
      {RenameHint::Kind::kEnumValue, "public", "colour", "red", "crimson"},
  };
  EXPECT_EQ(m.catalog.renames, expected);
}

TEST(MappingNative, CollisionsAfterSnakeCaseAreErrorsNamingBoth) {
  auto m = map_yaml(R"yaml(
classes:
  FieldSample:
    attributes:
      a:
  field_sample:
    attributes:
      b:
  T:
    attributes:
      camelCase:
      camel_case:
)yaml",
                    Profile::kNative);
  ASSERT_TRUE(m.diagnostics.has_errors());
  std::string all;
  for (const auto& d : m.diagnostics.sorted()) all += d.to_string() + "\n";
  EXPECT_NE(all.find("class 'field_sample' and class 'FieldSample'"), std::string::npos) << all;
  EXPECT_NE(all.find("camel_case"), std::string::npos) << all;
  EXPECT_NE(all.find("schema.yaml:"), std::string::npos) << all;
}

TEST(MappingNative, NamesEqualAfterTruncationStayApart) {
  const std::string prefix(70, 'a');
  auto m = map_yaml("classes:\n  " + prefix + "One:\n    attributes:\n      x:\n  " + prefix +
                        "Two:\n    attributes:\n      y:\n",
                    Profile::kNative);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.codes();
  ASSERT_EQ(m.catalog.schemas.at("public").tables.size(), 2u);
  for (const auto& [name, t] : m.catalog.schemas.at("public").tables) {
    EXPECT_LE(name.size(), 63u) << name;
    EXPECT_EQ(name, mapping::bounded_name(prefix + (t.find_column("x") ? "_one" : "_two")));
  }
}

TEST(MappingNative, ATableNamedLikeAConstraintIsACollision) {
  auto m = map_yaml(
      "classes:\n  Foo:\n    attributes:\n      x:\n  FooPkey:\n    attributes:\n"
      "      y:\n",
      Profile::kNative);
  EXPECT_TRUE(m.diagnostics.has_errors());
  EXPECT_NE(m.codes().find("name-collision"), std::string::npos);
}

TEST(MappingNative, ExtensionsAndTargetSchema) {
  std::map<std::string, std::string> files;
  files["s.yaml"] =
      "id: x\nname: x\nimports: [linkml:types]\ndefault_range: string\n"
      "classes:\n  A:\n    attributes:\n      x:\n";
  MemorySourceReader reader(files);
  auto loaded = linkml::load_schema(reader, "s.yaml");
  mapping::MappingOptions o;
  o.target_schema = "app";
  o.extensions = {"postgis"};
  linkml::Diagnostics d;
  auto c = mapping::map_schema(loaded.schema, o, d);
  EXPECT_TRUE(c.find_table("app", "a"));
  ASSERT_TRUE(c.extensions.count("postgis"));
  EXPECT_EQ(c.extensions.at("postgis").schema, "app");
}

}  // namespace
}  // namespace reconcile::testing
