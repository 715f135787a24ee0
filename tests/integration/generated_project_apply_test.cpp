// Synthetic multi-module LinkML projects (tests/support/linkml_project_gen.h)
// applied to a real PostgreSQL through the planner, for both profiles:
// planning again from the database gives an empty plan. One project has
// hundreds of modules in nested folders with long names, long enum labels,
// mixins, slot_usage, is_a chains and a second schema; the other is the
// realistic ~100-module project the benchmarks use.
#include <gtest/gtest.h>

#include "core/plan/plan_output.h"
#include "support/convergence.h"
#include "support/linkml_project_gen.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

struct Param {
  std::string name;
  ProjectShape shape;
  mapping::Profile profile;
};

void PrintTo(const Param& p, std::ostream* os) {
  *os << p.name << " " << mapping::profile_name(p.profile);
}

class GeneratedProjectApply : public PgTest, public ::testing::WithParamInterface<Param> {};

TEST_P(GeneratedProjectApply, ApplyThenPlanIsEmpty) {
  const Param& param = GetParam();
  GeneratedProject p = generate_project(param.shape);
  MappedProject m = map_project(p.files, p.entry, param.profile);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
  Convergence c = apply_to_database(url(), m.catalog);
  EXPECT_GT(c.applied.steps.size(), 100u);
  EXPECT_TRUE(c.again.empty()) << plan::render_text(c.again, false, true);
}

std::vector<Param> params() {
  ProjectShape large;
  large.modules = 200;
  large.classes_per_module = 1;
  large.folder_depth = 3;
  large.folders_per_level = 3;
  std::vector<Param> out;
  for (auto profile : {mapping::Profile::kNative, mapping::Profile::kLinkml}) {
    out.push_back({"modules200", large, profile});
    out.push_back({"realistic", realistic_shape(), profile});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Projects, GeneratedProjectApply, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<Param>& info) {
                           return info.param.name + "_" + mapping::profile_name(info.param.profile);
                         });

}  // namespace
}  // namespace reconcile::testing
