// Two applies at once against one database: each revision runs exactly once;
// the one that waits either finishes (nothing left to do) or fails clearly
// naming the lock holder.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "app/apply/apply.h"
#include "core/revision/revision.h"
#include "db/apply/lock.h"
#include "history/revision/store.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile::apply {
namespace {

using reconcile::testing::query_value;

revision::RevisionStore slow_store() {
  return revision::RevisionStore::from_revisions({
      testing::make_revision("20260101T000000Z_a", {}, "CREATE TABLE runs (n integer);\n"),
      testing::make_revision("20260102T000000Z_b", {"20260101T000000Z_a"},
                             "INSERT INTO runs VALUES (1);\nSELECT pg_sleep(1.5);\n"),
      testing::make_revision("20260103T000000Z_c", {"20260102T000000Z_b"},
                             "INSERT INTO runs VALUES (2);\n"),
  });
}

class ApplyConcurrencyTest : public reconcile::testing::PgTest {};

TEST_F(ApplyConcurrencyTest, TwoAppliesAtOnceApplyEachRevisionExactlyOnce) {
  auto store = slow_store();
  ApplyOptions o;
  o.lock_wait = std::chrono::seconds(30);
  std::atomic<int> waited{0};
  o.log = [&](const std::string& l) {
    if (l.find("waiting for the apply lock") != std::string::npos) ++waited;
  };
  auto run = [&] { return apply::apply(url(), store, o); };
  auto f1 = std::async(std::launch::async, run);
  auto f2 = std::async(std::launch::async, run);
  auto r1 = f1.get();
  auto r2 = f2.get();
  EXPECT_EQ(r1.done.size() + r2.done.size(), 3u);
  EXPECT_TRUE(r1.done.empty() || r2.done.empty()) << "one apply does everything, the other nothing";
  EXPECT_EQ(waited.load(), 1);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM runs"), "2");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "3");
}

TEST_F(ApplyConcurrencyTest, TheWaitingApplyFailsClearlyWhenTheLockStaysTaken) {
  auto store = slow_store();
  ApplyOptions slow;
  slow.lock_wait = std::chrono::seconds(30);
  auto first = std::async(std::launch::async, [&] { return apply::apply(url(), store, slow); });
  // Wait until the first one holds the lock.
  pqxx::connection probe(url());
  for (int i = 0; i < 100 && !find_lock_holder(probe); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto holder = find_lock_holder(probe);
  ASSERT_TRUE(holder.has_value());

  ApplyOptions impatient;
  impatient.lock_wait = std::chrono::milliseconds(300);
  try {
    apply::apply(url(), store, impatient);
    ADD_FAILURE() << "the second apply must give up";
  } catch (const ConflictError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("another reconcile apply holds the lock on " + database_name()),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("pid " + std::to_string(holder->pid)), std::string::npos) << m;
    EXPECT_NE(m.find("since "), std::string::npos) << m;
  }
  EXPECT_EQ(first.get().done.size(), 3u);
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM runs"), "2");
  // The lock is released when the first apply is done.
  EXPECT_FALSE(find_lock_holder(probe).has_value());
}

// The same with two `reconcile apply` processes started at once, as two
// people (or a deploy and a person) would.
class ApplyProcessesTest : public reconcile::testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    reconcile::testing::write_file(dir.path() + "/reconcile.yaml", "migrations: migrations\n");
    const auto store = slow_store();
    for (const auto& [id, r] : store.revisions())
      reconcile::testing::write_file(dir.path() + "/migrations/" + id + ".sql",
                                     revision::format_revision(r));
  }
  std::string command(const std::string& args, const std::string& out) const {
    return reconcile::testing::sh_quote(reconcile::testing::reconcile_binary()) + " --database " +
           reconcile::testing::sh_quote(url()) + " apply --no-generate " + args + " >" + out +
           ".out 2>" + out + ".err; echo $? >" + out + ".rc";
  }
  std::string read(const std::string& name) const {
    return reconcile::testing::read_file(dir.path() + "/" + name);
  }
  reconcile::testing::TempDir dir;
};

TEST_F(ApplyProcessesTest, BothFinishAndEachRevisionRunsOnce) {
  auto r = reconcile::testing::run_command(
      "(" + command("", "one") + ") & (" + command("", "two") + ") & wait", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read("one.rc"), "0\n") << read("one.err");
  EXPECT_EQ(read("two.rc"), "0\n") << read("two.err");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM runs"), "2");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "3");
  // One did the work, the other found nothing left.
  std::string outs = read("one.out") + read("two.out");
  EXPECT_NE(outs.find("is up to date"), std::string::npos) << outs;
}

TEST_F(ApplyProcessesTest, TheImpatientOneFailsNamingTheHolder) {
  auto r = reconcile::testing::run_command("(" + command("", "slow") + ") & sleep 0.5; " +
                                               command("--lock-wait 200ms", "fast") + "; wait",
                                           dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read("slow.rc"), "0\n") << read("slow.err");
  EXPECT_EQ(read("fast.rc"), "1\n") << read("fast.err");
  EXPECT_NE(read("fast.err")
                .find("another reconcile apply holds the lock on " + database_name() + " (pid "),
            std::string::npos)
      << read("fast.err");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "3");
}

}  // namespace
}  // namespace reconcile::apply
