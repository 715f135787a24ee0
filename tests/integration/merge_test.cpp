// Replay and merge analysis against a real PostgreSQL (C++ API), and
// `reconcile merge` reporting a real conflict in a git repository (binary).
#include <gtest/gtest.h>

#include <cstdlib>

#include "history/replay/merge.h"
#include "history/replay/replay.h"
#include "history/replay/shadow.h"
#include "history/revision/store.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"

namespace reconcile::replay {
namespace {

using reconcile::testing::TestServer;

revision::Revision rev(const std::string& id, std::vector<std::string> parents,
                       const std::string& up, const std::string& path = "") {
  revision::Revision r;
  r.id = id;
  r.parents = std::move(parents);
  r.message = id;
  r.up = up;
  r.path = path;
  r.up_line = 8;
  r.checksum = r.compute_checksum();
  return r;
}

const char* BASE = "20260101T000000Z_base";
const char* LEFT = "20260102T000000Z_left";
const char* RIGHT = "20260103T000000Z_right";

TEST(Shadow, WithDatabaseReplacesOnlyTheDatabase) {
  EXPECT_EQ(with_database("postgresql://u:pw@h:5432/app?sslmode=require", "shadow_1"),
            "postgresql://u:pw@h:5432/shadow_1?sslmode=require");
  EXPECT_EQ(with_database("postgres://h", "x"), "postgres://h/x");
  EXPECT_EQ(with_database("postgresql://h:1/?application_name=a", "x"),
            "postgresql://h:1/x?application_name=a");
  EXPECT_EQ(with_database("host=h port=5 dbname=app user='o\\'k'", "x"),
            "host='h' port='5' user='o\\'k' dbname='x'");
  EXPECT_EQ(with_database("host=h password='a b\\'c'", "x"),
            "host='h' password='a b\\'c' dbname='x'");
  EXPECT_THROW(with_database("host=h port", "x"), UsageError);
}

class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!reconcile::testing::require_server()) return;
    auto& server = TestServer::get();
    options.server_url = server.admin_url();
  }
  ReplayOptions options;
};

revision::RevisionStore two_heads(const std::string& left_up, const std::string& right_up) {
  return revision::RevisionStore::from_revisions({
      rev(BASE, {}, "CREATE TABLE person (id integer PRIMARY KEY, age integer);\n"),
      rev(LEFT, {BASE}, left_up),
      rev(RIGHT, {BASE}, right_up),
  });
}

TEST_F(ReplayTest, ReplaysARevisionWithItsAncestorsOnly) {
  auto store = two_heads("CREATE TABLE l (id integer);\n", "CREATE TABLE r (id integer);\n");
  auto left = replay(store, Target::revision(LEFT), options);
  EXPECT_NE(left.find_table("public", "person"), nullptr);
  EXPECT_NE(left.find_table("public", "l"), nullptr);
  EXPECT_EQ(left.find_table("public", "r"), nullptr);
  auto all = replay(store, Target::all(), options);
  EXPECT_NE(all.find_table("public", "l"), nullptr);
  EXPECT_NE(all.find_table("public", "r"), nullptr);
  auto base = replay(store, Target::set({BASE}), options);
  EXPECT_EQ(base.schemas.at("public").tables.size(), 1u);
  EXPECT_EQ(select(store, Target::all()), (std::vector<std::string>{BASE, LEFT, RIGHT}));
  EXPECT_THROW(select(store, Target::revision("nope")), UsageError);
}

TEST_F(ReplayTest, AFailingStatementNamesRevisionFileAndLine) {
  auto store = revision::RevisionStore::from_revisions({
      rev(BASE, {}, "CREATE TABLE a (id integer);\n\nCREATE TABLE a (id integer);\n", "m/base.sql"),
  });
  try {
    replay(store, Target::all(), options);
    FAIL() << "must fail";
  } catch (const ReplayError& e) {
    EXPECT_EQ(e.revision, BASE);
    EXPECT_NE(e.database_message.find("already exists"), std::string::npos) << e.database_message;
    EXPECT_EQ(e.where().file, "m/base.sql");
    EXPECT_GT(e.where().line, 0);
  }
}

TEST_F(ReplayTest, ReplayEachGivesTheStateOfEveryRevisionAndIsolatesFailures) {
  auto store = revision::RevisionStore::from_revisions({
      rev(BASE, {}, "CREATE TABLE person (id integer);\n"),
      rev(LEFT, {BASE}, "CREATE TABLE l (id integer);\n"),
      rev(RIGHT, {BASE}, "ALTER TABLE l ADD COLUMN x integer;\n"),  // l exists only on the left
      rev("20260104T000000Z_after_right", {RIGHT}, "CREATE TABLE z (id integer);\n"),
  });
  auto states = replay_each(store, options);
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(states[0].revision, BASE);
  ASSERT_TRUE(states[0].catalog);
  EXPECT_EQ(states[0].catalog->schemas.at("public").tables.size(), 1u);
  ASSERT_TRUE(states[1].catalog);
  EXPECT_NE(states[1].catalog->find_table("public", "l"), nullptr);
  EXPECT_EQ(states[2].revision, RIGHT);
  EXPECT_FALSE(states[2].catalog) << "right alone has no table l";
  EXPECT_NE(states[2].error.find("\"l\""), std::string::npos) << states[2].error;
  EXPECT_FALSE(states[3].catalog);
  EXPECT_NE(states[3].error.find(RIGHT), std::string::npos) << states[3].error;
}

TEST_F(ReplayTest, CleanMergeGivesTheUnion) {
  auto store =
      two_heads("CREATE TABLE l (id integer);\n", "ALTER TABLE person ADD COLUMN note text;\n");
  auto a = analyze_merge(store, options);
  EXPECT_EQ(a.heads, (std::vector<std::string>{LEFT, RIGHT}));
  EXPECT_EQ(a.base, std::vector<std::string>{BASE});
  EXPECT_TRUE(a.conflicts.empty()) << format_conflicts(a.conflicts);
  ASSERT_TRUE(a.merged);
  EXPECT_NE(a.merged->find_table("public", "l"), nullptr);
  EXPECT_NE(a.merged->find_table("public", "person")->find_column("note"), nullptr);
}

TEST_F(ReplayTest, SameColumnChangedDifferentlyIsAConflict) {
  auto store = two_heads("ALTER TABLE person ALTER COLUMN age TYPE bigint;\n",
                         "ALTER TABLE person ALTER COLUMN age TYPE text;\n");
  auto a = analyze_merge(store, options);
  ASSERT_EQ(a.conflicts.size(), 1u) << format_conflicts(a.conflicts);
  const auto& c = a.conflicts[0];
  EXPECT_EQ(c.object, "column public.person.age");
  ASSERT_EQ(c.sides.size(), 2u);
  EXPECT_EQ(c.sides[0].head, LEFT);
  EXPECT_EQ(c.sides[0].revisions, std::vector<std::string>{LEFT});
  EXPECT_NE(c.sides[0].result.find("bigint"), std::string::npos) << c.sides[0].result;
  EXPECT_EQ(c.sides[1].revisions, std::vector<std::string>{RIGHT});
  EXPECT_NE(c.sides[1].result.find("text"), std::string::npos) << c.sides[1].result;
  EXPECT_FALSE(a.merged);
  auto text = format_conflicts(a.conflicts, {{LEFT, "branch feature-a, commit abc1234"}});
  EXPECT_NE(text.find("conflict: column public.person.age"), std::string::npos) << text;
  EXPECT_NE(text.find("branch feature-a, commit abc1234"), std::string::npos) << text;
}

TEST_F(ReplayTest, TheSameChangeOnBothSidesIsNoConflict) {
  auto store = two_heads("ALTER TABLE person ALTER COLUMN age TYPE bigint;\n",
                         "ALTER TABLE person ALTER COLUMN age TYPE bigint;\n");
  auto a = analyze_merge(store, options);
  EXPECT_TRUE(a.conflicts.empty()) << format_conflicts(a.conflicts);
}

TEST_F(ReplayTest, DroppingATableTheOtherSideChangesIsAConflict) {
  auto store = two_heads("DROP TABLE person;\n", "ALTER TABLE person ADD COLUMN note text;\n");
  auto a = analyze_merge(store, options);
  ASSERT_EQ(a.conflicts.size(), 1u) << format_conflicts(a.conflicts);
  EXPECT_EQ(a.conflicts[0].object, "table public.person");
}

TEST_F(ReplayTest, AUnionThatDoesNotReplayIsAConflict) {
  // Both add the same table identically: no differing object, but the union
  // would create it twice.
  auto store = two_heads("CREATE TABLE t (id integer);\n", "CREATE TABLE t (id integer);\n");
  auto a = analyze_merge(store, options);
  ASSERT_EQ(a.conflicts.size(), 1u) << format_conflicts(a.conflicts);
  EXPECT_EQ(a.conflicts[0].object, std::string("revision ") + RIGHT);
  EXPECT_NE(a.conflicts[0].reason.find("already exists"), std::string::npos)
      << a.conflicts[0].reason;
}

TEST_F(ReplayTest, NeedsTwoHeads) {
  auto store = revision::RevisionStore::from_revisions({rev(BASE, {}, "")});
  EXPECT_THROW(analyze_merge(store, options), UsageError);
}

}  // namespace
}  // namespace reconcile::replay
