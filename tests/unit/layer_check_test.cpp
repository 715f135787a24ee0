// ci/check-layers: the repository has no include against its layers, and the
// script reports each kind of violation in a small tree laid out like the
// repository (a back edge, a cycle between folders, a third-party header in
// the wrong layer, an include that is not root-relative, a file outside the
// layers).
#include <gtest/gtest.h>

#include <string>

#include "support/process.h"

namespace {

using reconcile::testing::CommandResult;
using reconcile::testing::run_command;
using reconcile::testing::source_dir;
using reconcile::testing::TempDir;
using reconcile::testing::write_file;

CommandResult check_layers(const std::string& dir) {
  return run_command("'" + source_dir() + "/ci/check-layers' '" + dir + "'");
}

// A tree whose includes all follow the layers: util <- core <- db.
void write_clean_tree(const std::string& root) {
  write_file(root + "/util/error.h", "#pragma once\n#include <string>\n");
  write_file(root + "/core/catalog/catalog.h", "#pragma once\n#include \"util/error.h\"\n");
  write_file(root + "/core/plan/plan.h", "#pragma once\n#include \"core/catalog/catalog.h\"\n");
  write_file(root + "/db/apply/runner.cpp",
             "#include <pqxx/pqxx>\n#include \"core/plan/plan.h\"\n#include \"util/error.h\"\n");
  write_file(root + "/tests/unit/x_test.cpp", "#include \"db/apply/runner.h\"\n");
}

TEST(LayerCheck, RepositoryHasNoBackEdgeAndNoCycle) {
  const CommandResult r = check_layers(source_dir());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("back edges: 0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cycles: 0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("misplaced files or includes: 0\n"), std::string::npos) << r.out;
}

TEST(LayerCheck, TreeFollowingTheLayersPasses) {
  TempDir dir;
  write_clean_tree(dir.path());
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  db       -> core (1) util (1)\n"), std::string::npos) << r.out;
}

TEST(LayerCheck, IncludeOfAHigherLayerIsABackEdge) {
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/core/plan/planner.cpp",
             "#include \"core/plan/plan.h\"\n#include \"db/apply/runner.h\"\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("core/plan/planner.cpp:2: back edge core -> db (\"db/apply/runner.h\")"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("back edges: 1\n"), std::string::npos) << r.out;
}

TEST(LayerCheck, SideLayersDoNotSeeEachOther) {
  // linkml and db both sit on core; neither may include the other.
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/linkml/loader.cpp", "#include \"db/apply/runner.h\"\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("linkml/loader.cpp:1: back edge linkml -> db"), std::string::npos) << r.out;
}

TEST(LayerCheck, CycleBetweenFoldersOfOneLayerIsReported) {
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/core/catalog/ddl.cpp", "#include \"core/plan/plan.h\"\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("cycle between folders:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("core/catalog"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("back edges: 0\n"), std::string::npos) << r.out;
}

TEST(LayerCheck, DatabaseClientHeaderInCoreIsRefused) {
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/core/diff/diff.cpp", "#include <pqxx/pqxx>\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("core/diff/diff.cpp:1: <pqxx/pqxx> is not for layer core"),
            std::string::npos)
      << r.out;
}

TEST(LayerCheck, IncludeThatIsNotRootRelativeIsRefused) {
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/core/plan/planner.cpp", "#include \"plan.h\"\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("core/plan/planner.cpp:1: include \"plan.h\" is not root-relative"),
            std::string::npos)
      << r.out;
}

TEST(LayerCheck, SourceOutsideTheLayersIsRefused) {
  TempDir dir;
  write_clean_tree(dir.path());
  write_file(dir.path() + "/reconciler/plan/plan.cpp", "#include \"core/plan/plan.h\"\n");
  const CommandResult r = check_layers(dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("reconciler/plan/plan.cpp: not in a layer folder"), std::string::npos)
      << r.out;
}

}  // namespace
