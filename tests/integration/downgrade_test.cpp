// downgrade (C++ API) against a real PostgreSQL: reverse order, record
// removal, targets, irreversible revisions and the destructive gate.
#include <gtest/gtest.h>

#include "app/apply/apply.h"
#include "db/apply/version_table.h"
#include "history/revision/store.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile::apply {
namespace {

using reconcile::testing::query_value;

const char* A = "20260101T000000Z_a";
const char* B = "20260102T000000Z_b";
const char* C = "20260103T000000Z_c";

revision::RevisionStore chain() {
  return revision::RevisionStore::from_revisions({
      testing::make_revision(A, {}, "CREATE TABLE a (id integer);\n", "DROP TABLE a;\n"),
      testing::make_revision(B, {A}, "ALTER TABLE a ADD COLUMN note text;\n",
                             "ALTER TABLE a DROP COLUMN note;\n"),
      testing::make_revision(C, {B}, "CREATE INDEX a_id_idx ON a (id);\n",
                             "DROP INDEX a_id_idx;\n"),
  });
}

std::string applied_list(const std::string& url) {
  return query_value(
      url, "SELECT coalesce(string_agg(id, ',' ORDER BY id), '') FROM reconcile.revisions");
}

class DowngradeTest : public reconcile::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    ApplyOptions o;
    apply::apply(url(), chain(), o);
  }
};

TEST_F(DowngradeTest, UndoesTheLastRevisionByDefault) {
  DowngradeOptions o;
  auto report = downgrade(url(), chain(), o);
  ASSERT_EQ(report.done.size(), 1u);
  EXPECT_EQ(report.done[0].id, C);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM pg_indexes WHERE indexname = 'a_id_idx'"),
            "0");
  EXPECT_EQ(applied_list(url()), std::string(A) + "," + B);
}

TEST_F(DowngradeTest, RefusesDroppingDataUnlessAllowedThenGoesBackInReverseOrder) {
  DowngradeOptions o;
  o.steps = 2;
  try {
    downgrade(url(), chain(), o);
    FAIL() << "dropping column note must be refused";
  } catch (const RefusedError& e) {
    EXPECT_NE(std::string(e.what()).find("drops column a.note"), std::string::npos) << e.what();
  }
  EXPECT_EQ(applied_list(url()), std::string(A) + "," + B + "," + C);
  o.allow_destructive = true;
  auto report = downgrade(url(), chain(), o);
  ASSERT_EQ(report.done.size(), 2u);
  EXPECT_EQ(report.done[0].id, C);
  EXPECT_EQ(report.done[1].id, B);
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM information_schema.columns WHERE "
                        "table_name = 'a' AND column_name = 'note'"),
            "0");
  EXPECT_EQ(applied_list(url()), A);
}

TEST_F(DowngradeTest, ToARevisionKeepsItAndItsAncestors) {
  DowngradeOptions o;
  o.target = A;
  o.allow_destructive = true;
  downgrade(url(), chain(), o);
  EXPECT_EQ(applied_list(url()), A);
  o.target = "base";
  downgrade(url(), chain(), o);
  EXPECT_EQ(applied_list(url()), "");
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.a') IS NULL"), "t");
  // And forward again.
  apply::apply(url(), chain(), ApplyOptions{});
  EXPECT_EQ(applied_list(url()), std::string(A) + "," + B + "," + C);
}

TEST_F(DowngradeTest, SelectionErrors) {
  pqxx::connection conn(url());
  auto applied = read_applied(conn);
  DowngradeOptions o;
  o.target = "20990101T000000Z_nope";
  EXPECT_THROW(downgrade_selection(chain(), applied, o), UsageError);
  o.target.reset();
  o.steps = 4;
  EXPECT_THROW(downgrade_selection(chain(), applied, o), UsageError);
  o.steps = 3;
  EXPECT_EQ(downgrade_selection(chain(), applied, o), (std::vector<std::string>{C, B, A}));
}

TEST_F(DowngradeTest, RefusesAnIrreversibleRevisionUnlessForced) {
  auto store = revision::RevisionStore::from_revisions({
      testing::make_revision(A, {}, "CREATE TABLE a (id integer);\n", "DROP TABLE a;\n"),
      testing::make_revision(B, {A}, "ALTER TABLE a ADD COLUMN note text;\n",
                             "ALTER TABLE a DROP COLUMN note;\n"),
      testing::make_revision(C, {B}, "CREATE INDEX a_id_idx ON a (id);\n",
                             "DROP INDEX a_id_idx;\n"),
      testing::make_revision("20260104T000000Z_d", {C}, "CREATE TABLE d (id integer);\n", ""),
  });
  apply::apply(url(), store, ApplyOptions{});
  DowngradeOptions o;
  try {
    downgrade(url(), store, o);
    FAIL() << "must refuse";
  } catch (const RefusedError& e) {
    EXPECT_NE(std::string(e.what()).find("not reversible"), std::string::npos) << e.what();
  }
  o.force = true;
  downgrade(url(), store, o);
  EXPECT_EQ(applied_list(url()), std::string(A) + "," + B + "," + C);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('public.d') IS NOT NULL"),
            "t");  // forgotten only
}

}  // namespace
}  // namespace reconcile::apply
