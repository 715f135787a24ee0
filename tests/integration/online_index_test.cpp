// Online index builds: an index added to a table that already exists is
// built with CREATE INDEX CONCURRENTLY, so writers keep writing while the
// build waits for a long transaction; `concurrent_indexes: false` gives the
// plain CREATE INDEX inside the revision's transaction.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/schemas.h"

namespace {

namespace rt = reconcile::testing;
using rt::query_value;

std::string schema(bool indexed) {
  return rt::people_schema(indexed ? "        annotations:\n          index: true\n" : "");
}

class OnlineIndex : public rt::PgTest {
 protected:
  void project(const std::string& extra_config = "") {
    repo_.write("reconcile.yaml",
                "schema: schema.yaml\nmigrations: migrations\nlock_timeout: 30s\n" + extra_config);
    repo_.write("schema.yaml", schema(false));
    repo_.commit_all("project");
    auto r = rt::reconcile_in(repo_.path(), "apply", url());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    repo_.write("schema.yaml", schema(true));
  }
  rt::GitRepo repo_;
};

TEST_F(OnlineIndex, WritersKeepWritingWhileTheIndexOfAnExistingTableIsBuilt) {
  project();
  // A writer whose transaction stays open: the build has to wait for it.
  pqxx::connection writer_conn(url());
  pqxx::work writer(writer_conn);
  writer.exec("INSERT INTO person (id, name) VALUES (1, 'first')");

  auto applying = std::async(std::launch::async,
                             [&] { return rt::reconcile_in(repo_.path(), "apply", url()); });
  // Wait until apply's index build waits.
  bool waiting = false;
  for (int i = 0; i < 600 && !waiting; ++i) {
    waiting =
        query_value(url(),
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = 'reconcile apply' AND wait_event_type = 'Lock' "
                    "AND query LIKE 'CREATE INDEX%'") == "1";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(waiting) << "apply never waited for the open transaction";

  // Another writer is not queued behind the build.
  pqxx::connection other(url());
  EXPECT_NO_THROW({
    pqxx::nontransaction w(other);
    w.exec("SET lock_timeout = '2s'");
    w.exec("INSERT INTO person (id, name) VALUES (2, 'second')");
  });
  writer.commit();
  auto r = applying.get();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM person"), "2");
  EXPECT_EQ(query_value(url(),
                        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                        "i.indexrelid WHERE c.relname = 'person_name_idx'"),
            "t");
  // The revision holds the online form, on its own step.
  auto body = rt::run_shell("cat migrations/*.sql", repo_.path());
  EXPECT_NE(body.out.find("-- reconcile:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "
                          "person_name_idx ON public.person"),
            std::string::npos)
      << body.out;
  auto again = rt::reconcile_in(repo_.path(), "plan --detailed-exitcode", url());
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

TEST_F(OnlineIndex, ConcurrentIndexesFalseBuildsInTheTransaction) {
  project("concurrent_indexes: false\n");
  auto plan = rt::reconcile_in(repo_.path(), "plan --format sql", url());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("CREATE INDEX person_name_idx ON public.person"), std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("CONCURRENTLY"), std::string::npos) << plan.out;
}

}  // namespace
