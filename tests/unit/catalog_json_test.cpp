// JSON serialization and content hash of catalogs.
#include "core/catalog/json.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace reconcile::catalog {
namespace {

Catalog sample() {
  Catalog c;
  Schema& s = c.schemas["public"];
  s.name = "public";
  s.comment = "main";
  s.enums["mood"] = EnumType{"mood", {"sad", "ok", "happy"}, "how one feels"};
  Sequence seq;
  seq.name = "person_id_seq";
  seq.type = "integer";
  seq.max_value = 2147483647;
  seq.owned_by_table = "person";
  seq.owned_by_column = "id";
  s.sequences[seq.name] = seq;
  Table t;
  t.name = "person";
  t.comment = "people";
  t.columns.push_back(Column{"id", "integer", true, "nextval('public.person_id_seq'::regclass)",
                             Identity::kNone, std::nullopt, std::nullopt, std::nullopt});
  t.columns.push_back(Column{"Name", "character varying(20)", false, std::nullopt, Identity::kNone,
                             std::nullopt, "C", "the \"name\""});
  t.columns.push_back(Column{"n", "bigint", true, std::nullopt, Identity::kByDefault, std::nullopt,
                             std::nullopt, std::nullopt});
  t.columns.push_back(Column{"g", "bigint", false, std::nullopt, Identity::kNone, "(n * 2)",
                             std::nullopt, std::nullopt});
  t.primary_key = PrimaryKey{"person_pkey", {"id"}};
  t.foreign_keys.push_back(ForeignKey{"person_n_fkey",
                                      {"n"},
                                      "other",
                                      "x",
                                      {"id"},
                                      FkAction::kCascade,
                                      FkAction::kSetNull,
                                      true,
                                      true});
  t.uniques.push_back(UniqueConstraint{"person_Name_key", {"Name"}, true, false, false});
  t.checks.push_back(CheckConstraint{"person_n_check", "(n > 0)", true});
  t.indexes.push_back(
      Index{"ix", true, "btree", {"lower((\"Name\")::text)", "n DESC"}, {"g"}, "(n > 5)", true});
  s.tables[t.name] = t;
  c.extensions["pgcrypto"] = Extension{"pgcrypto", "public"};
  c.unmanaged.push_back(UnmanagedObject{"view", "public", "v"});
  c.renames.push_back(RenameHint{RenameHint::Kind::kColumn, "public", "person", "nm", "Name"});
  return c;
}

TEST(CatalogJson, RoundTripsEveryField) {
  Catalog c = sample();
  Catalog back = catalog_from_json(to_json(c));
  EXPECT_EQ(back, c);
  EXPECT_EQ(back.unmanaged, c.unmanaged);
  EXPECT_EQ(back.renames, c.renames);
  EXPECT_EQ(to_json_string(back), to_json_string(c));
}

TEST(CatalogJson, RoundTripsThroughText) {
  Catalog c = sample();
  std::string text = to_json_string(c);
  Catalog back = catalog_from_json(nlohmann::json::parse(text));
  EXPECT_EQ(to_json_string(back), text);
}

TEST(CatalogJson, AdlHooksWork) {
  Catalog c = sample();
  nlohmann::json j = c;
  EXPECT_EQ(j.get<Catalog>(), c);
}

TEST(CatalogJson, LayoutHasDocumentedShape) {
  nlohmann::json j = to_json(sample());
  const auto& table = j["schemas"][0]["tables"][0];
  EXPECT_EQ(table["name"], "person");
  EXPECT_EQ(table["columns"][1]["collation"], "C");
  EXPECT_FALSE(table["columns"][1].contains("default"));
  EXPECT_EQ(table["columns"][2]["identity"], "by_default");
  EXPECT_EQ(table["foreign_keys"][0]["on_delete"], "cascade");
  EXPECT_EQ(table["foreign_keys"][0]["on_update"], "set_null");
  EXPECT_EQ(table["indexes"][0]["keys"][1], "n DESC");
  EXPECT_EQ(j["schemas"][0]["sequences"][0]["max_value"], 2147483647);
  EXPECT_EQ(j["renames"][0]["kind"], "column");
}

TEST(CatalogJson, ExtremeIntegersSurvive) {
  Catalog c;
  Sequence s;
  s.name = "s";
  s.min_value = INT64_MIN;
  s.max_value = INT64_MAX;
  s.increment = -1;
  c.schemas["x"].name = "x";
  c.schemas["x"].sequences["s"] = s;
  EXPECT_EQ(catalog_from_json(nlohmann::json::parse(to_json_string(c))), c);
}

TEST(CatalogJson, BrokenDocumentsAreInputErrors) {
  EXPECT_THROW(catalog_from_json(nlohmann::json::object()), InputError);
  nlohmann::json j = to_json(sample());
  j["schemas"][0]["tables"][0]["columns"][0]["identity"] = "sometimes";
  EXPECT_THROW(catalog_from_json(j), InputError);
  j = to_json(sample());
  j["schemas"][0]["tables"][0]["columns"][0].erase("type");
  EXPECT_THROW(catalog_from_json(j), InputError);
}

TEST(ContentHash, HasSha256Form) {
  std::string h = content_hash(sample());
  ASSERT_EQ(h.size(), 7u + 64u);
  EXPECT_EQ(h.substr(0, 7), "sha256:");
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef", 7), std::string::npos);
}

TEST(ContentHash, EmptyCatalogHashIsKnown) {
  // sha256 of {"extensions":[],"schemas":[]}, computed with sha256sum.
  EXPECT_EQ(canonical_json(Catalog{}), R"({"extensions":[],"schemas":[]})");
  EXPECT_EQ(content_hash(Catalog{}),
            "sha256:4d6fc9ed1c53059645c2505246dedce4124726d84e25abe964c0cb2d68eff7d6");
}

TEST(ContentHash, StableAndIgnoresUnmanagedAndRenames) {
  Catalog a = sample();
  Catalog b = sample();
  b.unmanaged.push_back(UnmanagedObject{"function", "public", "f()"});
  b.renames.clear();
  EXPECT_EQ(content_hash(a), content_hash(b));
  EXPECT_EQ(content_hash(a), content_hash(catalog_from_json(to_json(a))));
}

TEST(ContentHash, ChangesWithAnyManagedField) {
  Catalog a = sample();
  const std::string base = content_hash(a);
  Catalog b = a;
  b.schemas["public"].tables["person"].columns[0].not_null = false;
  EXPECT_NE(content_hash(b), base);
  Catalog c = a;
  c.schemas["public"].enums["mood"].values.push_back("ecstatic");
  EXPECT_NE(content_hash(c), base);
  Catalog d = a;
  d.schemas["public"].tables["person"].indexes[0].keys[1] = "n";
  EXPECT_NE(content_hash(d), base);
  Catalog e = a;
  e.extensions.clear();
  EXPECT_NE(content_hash(e), base);
}

}  // namespace
}  // namespace reconcile::catalog
