// Every real LinkML schema in the shared fixtures loads without errors, with
// the expected numbers of elements and LinkML's merge order.
#include <gtest/gtest.h>

#include <filesystem>

#include "linkml/loader.h"
#include "util/source_reader.h"

namespace reconcile::linkml {
namespace {

namespace fs = std::filesystem;

std::string fixtures_dir() {
  return std::string(RECONCILE_SOURCE_DIR) + "/../shared/fixtures/linkml";
}

std::string dump(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.sorted()) s += x.to_string() + "\n";
  return s;
}

struct Expected {
  std::string folder;
  std::string entry;
  size_t modules, classes, slots, enums, types;
};
// How gtest shows a parameter: the fixture's folder.
void PrintTo(const Expected& e, std::ostream* os) {
  *os << e.folder;
}

// Counts taken from the YAML files (distinct names over the import closure;
// linkml:types adds its 19 built-in types).
const std::vector<Expected> kFixtures = {
    {"enum_probe", "enum_probe.yaml", 2, 2, 1, 3, 19},
    {"i1909", "i1909.yaml", 2, 2, 0, 0, 19},
    {"i273", "i273.yaml", 2, 1, 3, 1, 19},
    {"i3501", "i3501.yaml", 2, 3, 0, 0, 19},
    {"kitchen_sink", "kitchen_sink.yaml", 3, 34, 41, 8, 21},
    {"metamodel", "meta.yaml", 6, 46, 236, 5, 19},
    {"organization", "organization.yaml", 1, 3, 8, 0, 2},
    {"personinfo", "personinfo.yaml", 2, 23, 39, 5, 22},
    {"personschema", "personinfo.yaml", 2, 23, 39, 5, 22},
    {"pk_probe", "pk_probe.yaml", 2, 4, 0, 0, 19},
    {"rel_probe", "rel_probe.yaml", 2, 8, 3, 2, 19},
    {"su_probe", "su_probe.yaml", 2, 4, 4, 0, 19},
    {"tutorial07", "personinfo.yaml", 2, 2, 5, 0, 19},
    {"types_probe", "types_probe.yaml", 3, 3, 0, 3, 24},
};

LoadResult load_fixture(const Expected& e) {
  FileSourceReader reader;
  LoadOptions options;
  const std::string dir = fixtures_dir() + "/" + e.folder;
  // The metamodel's linkml:... imports are the files beside it.
  if (e.folder == "metamodel") options.import_map["linkml:"] = dir;
  return load_schema(reader, dir + "/" + e.entry, options);
}

class Fixtures : public ::testing::TestWithParam<Expected> {
 protected:
  void SetUp() override {
    if (!fs::is_directory(fixtures_dir())) {
      GTEST_SKIP() << "the shared LinkML fixtures are not present at " << fixtures_dir()
                   << "; nothing to check";
    }
  }
};

TEST_P(Fixtures, LoadsWithoutErrors) {
  const Expected& e = GetParam();
  LoadResult r = load_fixture(e);
  EXPECT_FALSE(r.diagnostics.has_errors()) << dump(r.diagnostics);
  EXPECT_EQ(r.schema.modules.size(), e.modules);
  EXPECT_EQ(r.schema.classes.size(), e.classes);
  EXPECT_EQ(r.schema.slots.size(), e.slots);
  EXPECT_EQ(r.schema.enums.size(), e.enums);
  EXPECT_EQ(r.schema.types.size(), e.types);
  // Diagnostics are printed for review; warnings are allowed.
  if (!r.diagnostics.items().empty()) std::cout << dump(r.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, Fixtures, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<Expected>& info) {
                           return info.param.folder;
                         });

class FixtureDetails : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(fixtures_dir())) {
      GTEST_SKIP() << "the shared LinkML fixtures are not present at " << fixtures_dir();
    }
  }
  static const Expected& fixture(const std::string& folder) {
    for (const auto& e : kFixtures) {
      if (e.folder == folder) return e;
    }
    throw std::runtime_error("no fixture " + folder);
  }
};

TEST_F(FixtureDetails, MetamodelMergesRootFirstThenImports) {
  LoadResult r = load_fixture(fixture("metamodel"));
  std::vector<std::string> modules;
  for (const auto& m : r.schema.modules) modules.push_back(m.name);
  // meta imports [types, mappings, extensions, annotations, units]; closure
  // order is deepest first, root last.
  EXPECT_EQ(modules, (std::vector<std::string>{"types", "mappings", "extensions", "annotations",
                                               "units", "meta"}));
  EXPECT_EQ(r.schema.classes.begin()->first, "Anything");  // meta.yaml's first class
  // The 40 classes of meta.yaml come before the imported ones.
  size_t i = 0;
  for (const auto& [name, c] : r.schema.classes) {
    if (i++ < 40) {
      EXPECT_NE(c.where.file.find("meta.yaml"), std::string::npos) << name;
    } else {
      EXPECT_EQ(c.where.file.find("meta.yaml"), std::string::npos) << name;
    }
  }
  // types.yaml came through the import map and counts as the built-in types.
  const TypeDefinition* s = r.schema.types.find("string");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->builtin);
  EXPECT_NE(s->where.file.find("metamodel/types.yaml"), std::string::npos);
  EXPECT_EQ(r.schema.default_range, std::optional<std::string>("string"));
}

TEST_F(FixtureDetails, TypesProbeNestedImportAndTypeofChains) {
  LoadResult r = load_fixture(fixture("types_probe"));
  EXPECT_TRUE(r.schema.classes.contains("CoreThing"));
  EXPECT_EQ(std::prev(r.schema.classes.end())->first, "CoreThing");  // imported: last
  EXPECT_EQ(r.schema.types.find("Chained")->typeof_, std::optional<std::string>("MyInt"));
  EXPECT_EQ(r.schema.types.find("WithBase")->base, std::optional<std::string>("int"));
  EXPECT_FALSE(r.schema.types.find("MyInt")->base.has_value());
}

TEST_F(FixtureDetails, PersoninfoIndexAnnotation) {
  LoadResult r = load_fixture(fixture("personinfo"));
  const ClassDefinition* person = r.schema.classes.find("Person");
  ASSERT_TRUE(person);
  const AnnotationValue* index = person->annotations.find("index");
  ASSERT_TRUE(index);
  ASSERT_TRUE(index->is_map);
  ASSERT_EQ(index->map.size(), 1u);
  EXPECT_EQ(index->map[0].first, "birth_date_index");
  EXPECT_EQ(index->map[0].second, (std::vector<std::string>{"birth_date", "gender"}));
}

TEST_F(FixtureDetails, OrganizationHasNoLinkmlTypes) {
  LoadResult r = load_fixture(fixture("organization"));
  ASSERT_TRUE(r.schema.types.find("string"));
  EXPECT_FALSE(r.schema.types.find("string")->builtin);
  EXPECT_TRUE(r.schema.slots.contains("first name"));
}

TEST_F(FixtureDetails, EnumProbeValues) {
  LoadResult r = load_fixture(fixture("enum_probe"));
  EXPECT_TRUE(r.schema.enums.find("EEmpty")->dynamic);
  EXPECT_EQ(r.schema.enums.find("ESecond")->permissible_values.size(), 2u);
  LoadResult i273 = load_fixture(fixture("i273"));
  std::vector<std::string> values;
  for (const auto& [v, pv] : i273.schema.enums.find("val_enum")->permissible_values) {
    values.push_back(v);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"1", "2", "3"}));
}

}  // namespace
}  // namespace reconcile::linkml
