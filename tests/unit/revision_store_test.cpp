// RevisionStore: the DAG of revision files — heads, roots, topological order,
// ancestors/descendants, and every problem reported with file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "history/revision/history.h"
#include "history/revision/store.h"

namespace reconcile::revision {
namespace {

using Ids = std::vector<std::string>;

// The text of a valid revision file with the given id and parents.
std::string file_text(const std::string& id, const Ids& parents,
                      const std::string& up = "SELECT 1;\n") {
  Revision r;
  r.id = id;
  r.parents = parents;
  r.message = "message of " + id;
  r.up = up;
  r.down = "SELECT 2;\n";
  r.checksum = r.compute_checksum();
  return format_revision(r);
}

SourceFile file(const std::string& id, const Ids& parents) {
  return {"migrations/" + id + ".sql", file_text(id, parents)};
}

std::vector<std::string> codes(const RevisionStore& s) {
  std::vector<std::string> out;
  for (const auto& p : s.problems()) out.push_back(problem_code(p.kind));
  return out;
}

TEST(RevisionStore, EmptyFolder) {
  RevisionStore s = RevisionStore::from_files({});
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.heads().empty());
  EXPECT_TRUE(s.roots().empty());
  EXPECT_TRUE(s.topological_order().empty());
}

TEST(RevisionStore, LinearHistory) {
  RevisionStore s = RevisionStore::from_files({file("c", {"b"}), file("a", {}), file("b", {"a"})});
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.problems()[0].to_string());
  EXPECT_EQ(s.topological_order(), (Ids{"a", "b", "c"}));
  EXPECT_EQ(s.heads(), (Ids{"c"}));
  EXPECT_EQ(s.roots(), (Ids{"a"}));
  EXPECT_EQ(s.ancestors("c"), (Ids{"a", "b"}));
  EXPECT_EQ(s.descendants("a"), (Ids{"b", "c"}));
  EXPECT_EQ(s.path_to("b"), (Ids{"a", "b"}));
  EXPECT_EQ(s.pending({"a"}), (Ids{"b", "c"}));
  EXPECT_EQ(s.get("b").message, "message of b");
  EXPECT_EQ(s.find("nope"), nullptr);
  EXPECT_THROW(s.get("nope"), UsageError);
}

// root -> (left, right) -> merge
TEST(RevisionStore, Diamond) {
  RevisionStore s = RevisionStore::from_files({file("r0_root", {}), file("r1_right", {"r0_root"}),
                                               file("r1_left", {"r0_root"}),
                                               file("r2_merge", {"r1_right", "r1_left"})});
  ASSERT_TRUE(s.ok());
  // Ties (left, right) broken by id.
  EXPECT_EQ(s.topological_order(), (Ids{"r0_root", "r1_left", "r1_right", "r2_merge"}));
  EXPECT_EQ(s.heads(), (Ids{"r2_merge"}));
  EXPECT_EQ(s.roots(), (Ids{"r0_root"}));
  EXPECT_EQ(s.children("r0_root"), (Ids{"r1_left", "r1_right"}));
  EXPECT_EQ(s.ancestors("r2_merge"), (Ids{"r0_root", "r1_left", "r1_right"}));
  EXPECT_EQ(s.ancestors("r1_right"), (Ids{"r0_root"}));
  EXPECT_EQ(s.descendants("r1_left"), (Ids{"r2_merge"}));
  EXPECT_EQ(s.descendants("r0_root"), (Ids{"r1_left", "r1_right", "r2_merge"}));
  EXPECT_TRUE(s.get("r2_merge").is_merge());
}

TEST(RevisionStore, TwoHeads) {
  RevisionStore s =
      RevisionStore::from_files({file("a", {}), file("b", {"a"}), file("z_feature", {"b"}),
                                 file("c_other", {"b"}), file("d", {"c_other"})});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.heads(), (Ids{"d", "z_feature"}));
  // Smallest ready id first: after b, both c_other and z_feature are ready.
  EXPECT_EQ(s.topological_order(), (Ids{"a", "b", "c_other", "d", "z_feature"}));
  EXPECT_EQ(s.pending({"a", "b", "z_feature"}), (Ids{"c_other", "d"}));
}

TEST(RevisionStore, SeveralRoots) {
  RevisionStore s = RevisionStore::from_files({file("b", {}), file("a", {})});
  EXPECT_EQ(s.roots(), (Ids{"a", "b"}));
  EXPECT_EQ(s.heads(), (Ids{"a", "b"}));
  EXPECT_EQ(s.topological_order(), (Ids{"a", "b"}));
}

TEST(RevisionStore, DuplicateIds) {
  SourceFile second{"migrations/z_copy.sql", file_text("a", {})};
  RevisionStore s = RevisionStore::from_files({file("a", {}), second, file("b", {"a"})});
  // The duplicate is reported, and its file name does not match... it is left
  // out of the DAG, so only the duplicate is reported.
  ASSERT_EQ(codes(s), (Ids{"DUPLICATE_ID"}));
  const Problem& p = s.problems()[0];
  EXPECT_EQ(p.revision, "a");
  EXPECT_EQ(p.where.file, "migrations/z_copy.sql");
  EXPECT_EQ(p.where.line, 1);
  EXPECT_NE(p.message.find("migrations/a.sql"), std::string::npos);
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.get("a").path, "migrations/a.sql");
}

TEST(RevisionStore, IdMustMatchFileName) {
  RevisionStore s = RevisionStore::from_files({{"migrations/other.sql", file_text("a", {})}});
  ASSERT_EQ(codes(s), (Ids{"ID_MISMATCH"}));
  EXPECT_EQ(s.problems()[0].where.line, 1);
  EXPECT_NE(s.problems()[0].hint.find("a.sql"), std::string::npos);
}

TEST(RevisionStore, DanglingParent) {
  RevisionStore s = RevisionStore::from_files({file("a", {}), file("c", {"a", "b_missing"})});
  ASSERT_EQ(codes(s), (Ids{"DANGLING_PARENT"}));
  const Problem& p = s.problems()[0];
  EXPECT_EQ(p.revision, "c");
  EXPECT_EQ(p.where.file, "migrations/c.sql");
  EXPECT_EQ(p.where.line, 2);  // the parents line
  EXPECT_NE(p.message.find("b_missing"), std::string::npos);
  // Still ordered by its known parent.
  EXPECT_EQ(s.topological_order(), (Ids{"a", "c"}));
  EXPECT_EQ(s.heads(), (Ids{"c"}));
}

TEST(RevisionStore, Cycle) {
  RevisionStore s = RevisionStore::from_files(
      {file("a", {}), file("b", {"a", "d"}), file("c", {"b"}), file("d", {"c"}), file("e", {"d"})});
  ASSERT_EQ(codes(s), (Ids{"CYCLE"}));
  const Problem& p = s.problems()[0];
  EXPECT_EQ(p.revision, "b");
  EXPECT_EQ(p.where.file, "migrations/b.sql");
  EXPECT_EQ(p.where.line, 2);
  EXPECT_NE(p.message.find("b, c, d"), std::string::npos) << p.message;
  // Revisions on the cycle and after it are not ordered.
  EXPECT_EQ(s.topological_order(), (Ids{"a"}));
  EXPECT_THROW(s.require_valid(), InputError);
}

TEST(RevisionStore, ChecksumMismatch) {
  std::string text = file_text("a", {});
  text.replace(text.find("SELECT 1"), 8, "SELECT 42");
  RevisionStore s = RevisionStore::from_files({{"migrations/a.sql", text}});
  ASSERT_EQ(codes(s), (Ids{"CHECKSUM_MISMATCH"}));
  EXPECT_EQ(s.problems()[0].where.line, 5);  // the checksum line
  EXPECT_EQ(s.size(), 1u);                   // still part of the DAG
}

TEST(RevisionStore, ParseErrorsAreReportedAndTheRestLoads) {
  RevisionStore s = RevisionStore::from_files(
      {file("a", {}),
       {"migrations/broken.sql", "-- reconcile:revision broken\n-- +up\n-- +down\n"},
       file("b", {"a"})});
  ASSERT_EQ(codes(s), (Ids{"PARSE_ERROR"}));
  EXPECT_EQ(s.problems()[0].where.file, "migrations/broken.sql");
  EXPECT_EQ(s.problems()[0].where.line, 1);
  EXPECT_EQ(s.topological_order(), (Ids{"a", "b"}));
}

TEST(RevisionStore, AllProblemsAreReportedSortedByFileAndLine) {
  std::string edited = file_text("c", {"b"});
  edited.replace(edited.find("SELECT 1"), 8, "SELECT 9");
  RevisionStore s = RevisionStore::from_files({file("a", {}),
                                               file("b", {"zz_missing"}),
                                               {"migrations/c.sql", edited},
                                               {"migrations/x.sql", "garbage\n"}});
  EXPECT_EQ(codes(s), (Ids{"DANGLING_PARENT", "CHECKSUM_MISMATCH", "PARSE_ERROR"}));
  try {
    s.require_valid();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("and 2 more problems"), std::string::npos);
    EXPECT_EQ(e.where().file, "migrations/b.sql");
  }
}

TEST(RevisionStore, LoadsSqlFilesFromAFolder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("revision_store_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "nested");
  auto put = [&](const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  };
  put(dir / "a.sql", file_text("a", {}));
  put(dir / "b.sql", file_text("b", {"a"}));
  put(dir / "README.md", "not a revision");
  put(dir / "nested" / "c.sql", file_text("c", {"b"}));  // only the folder itself is read
  RevisionStore s = RevisionStore::load(dir.string());
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.topological_order(), (Ids{"a", "b"}));
  EXPECT_EQ(s.get("b").path, (dir / "b.sql").string());
  fs::remove_all(dir);
  EXPECT_TRUE(RevisionStore::load(dir.string()).empty());
}

TEST(RevisionHistory, ListOldestFirst) {
  RevisionStore s =
      RevisionStore::from_files({file("a", {}), file("bb", {"a"}), file("c", {"bb"})});
  EXPECT_EQ(render_history_list(s),
            "a   message of a  (root)\n"
            "bb  message of bb  (parents: a)\n"
            "c   message of c  (parents: bb)  [head]\n");
  EXPECT_EQ(render_history_list(RevisionStore()), "No revisions.\n");
}

TEST(RevisionHistory, GraphOfADiamond) {
  RevisionStore s = RevisionStore::from_files({file("r0_root", {}), file("r1_right", {"r0_root"}),
                                               file("r1_left", {"r0_root"}),
                                               file("r2_merge", {"r1_right", "r1_left"})});
  EXPECT_EQ(render_history_graph(s),
            "* r2_merge message of r2_merge\n"
            "|\\\n"
            "| * r1_right message of r1_right\n"
            "* | r1_left message of r1_left\n"
            "|/\n"
            "* r0_root message of r0_root\n");
}

TEST(RevisionHistory, GraphOfTwoHeads) {
  RevisionStore s =
      RevisionStore::from_files({file("a", {}), file("b", {"a"}), file("z_feature", {"b"}),
                                 file("c_other", {"b"}), file("d", {"c_other"})});
  EXPECT_EQ(render_history_graph(s),
            "* z_feature message of z_feature\n"
            "| * d message of d\n"
            "| * c_other message of c_other\n"
            "|/\n"
            "* b message of b\n"
            "* a message of a\n");
}

TEST(RevisionHistory, GraphOfAMergeBesideAnotherLane) {
  // x is a second head beside the merge; its lane must survive the merge's fork.
  RevisionStore s = RevisionStore::from_files({file("a", {}), file("b1", {"a"}), file("b2", {"a"}),
                                               file("m", {"b1", "b2"}), file("x", {"a"})});
  EXPECT_EQ(render_history_graph(s),
            "* x message of x\n"
            "| * m message of m\n"
            "| |\\\n"
            "| | * b2 message of b2\n"
            "| * | b1 message of b1\n"
            "| |/\n"
            "|/\n"
            "* a message of a\n");
}

TEST(RevisionHistory, MermaidFlowchart) {
  RevisionStore s = RevisionStore::from_files({file("r0_root", {}), file("r1_right", {"r0_root"}),
                                               file("r1_left", {"r0_root"}),
                                               file("r2_merge", {"r1_right", "r1_left"})});
  EXPECT_EQ(render_history_mermaid(s),
            "flowchart TD\n"
            "  r1[\"r0_root<br/>message of r0_root\"]\n"
            "  r2[\"r1_left<br/>message of r1_left\"]\n"
            "  r3[\"r1_right<br/>message of r1_right\"]\n"
            "  r4[\"r2_merge<br/>message of r2_merge\"]\n"
            "  r1 --> r2\n"
            "  r1 --> r3\n"
            "  r2 --> r4\n"
            "  r3 --> r4\n");
}

TEST(RevisionHistory, Json) {
  RevisionStore s = RevisionStore::from_files({file("a", {}), file("b", {"a", "gone"})});
  nlohmann::json j = history_json(s);
  ASSERT_EQ(j["revisions"].size(), 2u);
  EXPECT_EQ(j["revisions"][0]["id"], "a");
  EXPECT_EQ(j["revisions"][1]["parents"], nlohmann::json::array({"a", "gone"}));
  EXPECT_EQ(j["revisions"][1]["head"], true);
  EXPECT_EQ(j["revisions"][0]["head"], false);
  EXPECT_EQ(j["revisions"][0]["checksum_ok"], true);
  EXPECT_EQ(j["heads"], nlohmann::json::array({"b"}));
  EXPECT_EQ(j["roots"], nlohmann::json::array({"a"}));
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_EQ(j["problems"][0]["code"], "DANGLING_PARENT");
  EXPECT_EQ(j["problems"][0]["line"], 2);
}

}  // namespace
}  // namespace reconcile::revision
