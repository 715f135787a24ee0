// The synthetic LinkML project generator (tests/support/linkml_project_gen.h)
// and the loader on large import graphs: every module loads once, whatever
// relative path reaches it, and both profiles map the result without
// errors.
#include <gtest/gtest.h>

#include <set>

#include "linkml/loader.h"
#include "support/convergence.h"
#include "support/linkml_project_gen.h"
#include "util/source_reader.h"

namespace reconcile::testing {
namespace {

TEST(GeneratedProject, SameShapeSameFiles) {
  ProjectShape shape;
  shape.modules = 30;
  EXPECT_EQ(generate_project(shape).files, generate_project(shape).files);
  shape.seed = 2;
  EXPECT_NE(generate_project(shape).files, generate_project(ProjectShape{}).files);
}

TEST(GeneratedProject, HasTheAdvertisedShape) {
  ProjectShape shape;
  shape.modules = 40;
  shape.classes_per_module = 3;
  GeneratedProject p = generate_project(shape);
  EXPECT_EQ(p.modules, 42);          // the modules, core and the root
  EXPECT_EQ(p.classes, 40 * 3 + 3);  // BaseEntity, Named, EtlRun
  bool relative_up = false, same_folder_detour = false, dot_slash = false;
  for (const auto& [path, text] : p.files) {
    relative_up = relative_up || text.find("  - ../../") != std::string::npos;
    dot_slash = dot_slash || text.find("  - ./m") != std::string::npos;
    same_folder_detour = same_folder_detour || text.find("  - ../area_") != std::string::npos;
  }
  EXPECT_TRUE(relative_up);
  EXPECT_TRUE(dot_slash);
  EXPECT_TRUE(same_folder_detour);
}

class LargeProject : public ::testing::TestWithParam<mapping::Profile> {};

TEST_P(LargeProject, LoadsEveryModuleOnceAndMapsWithoutErrors) {
  ProjectShape shape;
  shape.modules = 600;
  shape.classes_per_module = 2;
  GeneratedProject p = generate_project(shape);
  MemorySourceReader reader(p.files);
  auto loaded = linkml::load_schema(reader, p.entry);
  EXPECT_EQ(loaded.schema.modules.size(), p.files.size() + 1);  // and linkml:types
  std::set<std::string> paths;
  for (const auto& m : loaded.schema.modules) EXPECT_TRUE(paths.insert(m.path).second) << m.path;
  EXPECT_EQ(static_cast<int>(loaded.schema.classes.size()), p.classes);
  MappedProject m = map_project(p.files, p.entry, GetParam());
  EXPECT_FALSE(m.diagnostics.has_errors()) << m.messages();
  EXPECT_TRUE(m.catalog.schemas.count("archive"));
  for (const auto& [sname, s] : m.catalog.schemas)
    for (const auto& [tname, t] : s.tables) EXPECT_LE(tname.size(), 63u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, LargeProject,
                         ::testing::Values(mapping::Profile::kNative, mapping::Profile::kLinkml),
                         [](const ::testing::TestParamInfo<mapping::Profile>& info) {
                           return std::string(mapping::profile_name(info.param));
                         });

}  // namespace
}  // namespace reconcile::testing
