// The embedded dev database against a real PostgreSQL server: lifecycle,
// idempotence, stale pid files after kill -9, ports in use, running as root,
// and the `reconcile dev-db` command.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "config/config.h"
#include "db/devdb/cluster.h"
#include "db/devdb/dev_database.h"
#include "support/pg_fixture.h"
#include "util/error.h"

using namespace reconcile;
using namespace reconcile::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

bool server_binaries_present() {
  try {
    devdb::find_bindir();
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

class DevDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!server_binaries_present()) {
      if (in_ci()) FAIL() << "PostgreSQL server binaries not found (CI=true)";
      GTEST_SKIP() << "PostgreSQL server binaries not found";
    }
    options_.dir = tmp_.path() + "/cluster";
    options_.fast_unsafe = true;
    options_.initdb_cache = initdb_cache_dir();
  }
  void TearDown() override {
    try {
      devdb::Cluster(options_).destroy();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cleanup: " << e.what();
    }
  }

  TempDir tmp_{"reconcile-devdb-test"};
  devdb::ClusterOptions options_;
};

bool pid_alive(int pid) {
  if (kill(pid, 0) != 0) return false;
  // A zombie is dead for our purposes.
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto p = stat.rfind(')');
  return p == std::string::npos || stat[p + 2] != 'Z';
}

bool wait_dead(int pid, std::chrono::seconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (!pid_alive(pid)) return true;
    std::this_thread::sleep_for(50ms);
  }
  return !pid_alive(pid);
}

// Holds a listening TCP socket on 127.0.0.1 (a port in use).
struct PortHolder {
  int fd = -1;
  int port = 0;
  PortHolder() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd, 1);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~PortHolder() { close(fd); }
};

}  // namespace

TEST_F(DevDbTest, StartGivesAWorkingServerAndStopStopsIt) {
  options_.initdb_cache.clear();  // a real initdb, as for the dev database
  devdb::Cluster cluster(options_);
  EXPECT_EQ(cluster.status().state, devdb::State::kNotInitialized);
  devdb::Status st = cluster.start();
  ASSERT_EQ(st.state, devdb::State::kRunning);
  EXPECT_GT(st.port, 0);
  EXPECT_GT(st.pid, 0);
  std::string url = cluster.url();
  EXPECT_EQ(url, "postgresql://postgres@127.0.0.1:" + std::to_string(st.port) + "/postgres");
  EXPECT_EQ(query_value(url, "select 1"), "1");
  EXPECT_EQ(query_value(url, "select current_user"), "postgres");
  // The Unix socket lives in the data folder.
  EXPECT_TRUE(fs::exists(cluster.data_dir() + "/.s.PGSQL." + std::to_string(st.port)));

  EXPECT_TRUE(cluster.stop());
  EXPECT_TRUE(wait_dead(st.pid));
  EXPECT_EQ(cluster.status().state, devdb::State::kStopped);
  EXPECT_THROW(cluster.url(), Error);
  EXPECT_FALSE(cluster.stop()) << "stopping a stopped cluster reports that nothing ran";
}

TEST_F(DevDbTest, StartIsIdempotent) {
  devdb::Cluster cluster(options_);
  devdb::Status first = cluster.start();
  devdb::Status second = cluster.start();
  EXPECT_EQ(second.state, devdb::State::kRunning);
  EXPECT_EQ(first.pid, second.pid);
  EXPECT_EQ(first.port, second.port);
  // A second object on the same folder sees the same server.
  devdb::Cluster other(options_);
  EXPECT_EQ(other.status().pid, first.pid);
  EXPECT_EQ(other.start().pid, first.pid);
}

TEST_F(DevDbTest, StopAndStartKeepsData) {
  devdb::Cluster cluster(options_);
  cluster.start();
  exec_sql(cluster.url(), "create table kept (id int); insert into kept values (42);");
  cluster.stop();
  cluster.start();
  EXPECT_EQ(query_value(cluster.url(), "select id from kept"), "42");
}

TEST_F(DevDbTest, ResetWipesData) {
  devdb::Cluster cluster(options_);
  cluster.start();
  exec_sql(cluster.url(), "create table gone (id int);");
  devdb::Status st = cluster.reset();
  EXPECT_EQ(st.state, devdb::State::kRunning);
  EXPECT_EQ(query_value(cluster.url(), "select count(*) from pg_class where relname = 'gone'"),
            "0");
}

TEST_F(DevDbTest, StatusTellsTheTruthAfterKill9) {
  devdb::Cluster cluster(options_);
  devdb::Status st = cluster.start();
  ASSERT_EQ(kill(st.pid, SIGKILL), 0);
  ASSERT_TRUE(wait_dead(st.pid));
  devdb::Status after = cluster.status();
  EXPECT_EQ(after.state, devdb::State::kStale);
  EXPECT_EQ(after.pid, st.pid);
  EXPECT_TRUE(fs::exists(cluster.data_dir() + "/postmaster.pid"));
  // start recovers from the stale pid file (the killed server's backends may
  // linger a moment).
  devdb::Status again = cluster.start();
  EXPECT_EQ(again.state, devdb::State::kRunning);
  EXPECT_NE(again.pid, st.pid);
  EXPECT_EQ(query_value(cluster.url(), "select 1"), "1");
}

TEST_F(DevDbTest, StaleStopCleansUpWithoutSignallingAnyone) {
  devdb::Cluster cluster(options_);
  devdb::Status st = cluster.start();
  cluster.stop();
  ASSERT_TRUE(wait_dead(st.pid));
  // A pid file naming a live process that is not this cluster's server (as
  // after a reboot, when the pid was reused): a child running `sleep`.
  pid_t child = fork();
  if (child == 0) {
    execlp("sleep", "sleep", "30", static_cast<char*>(nullptr));
    _exit(127);
  }
  write_file(cluster.data_dir() + "/postmaster.pid",
             std::to_string(child) + "\n" + cluster.data_dir() + "\n1700000000\n" +
                 std::to_string(st.port) + "\n" + cluster.data_dir() + "\n127.0.0.1\n1 1\nready\n");
  EXPECT_EQ(cluster.status().state, devdb::State::kStale);
  EXPECT_FALSE(cluster.stop());
  EXPECT_EQ(kill(child, 0), 0) << "stop signalled a process that is not its server";
  EXPECT_FALSE(fs::exists(cluster.data_dir() + "/postmaster.pid"));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_EQ(cluster.status().state, devdb::State::kStopped);
}

TEST_F(DevDbTest, ConfiguredPortInUseIsAClearError) {
  PortHolder held;
  options_.port = held.port;
  devdb::Cluster cluster(options_);
  try {
    cluster.start();
    FAIL() << "started on a port in use";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(held.port)), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
}

TEST_F(DevDbTest, FreePortIsPickedWhenNoneConfigured) {
  PortHolder held;
  devdb::Cluster cluster(options_);
  devdb::Status st = cluster.start();
  EXPECT_EQ(st.state, devdb::State::kRunning);
  EXPECT_NE(st.port, held.port);
}

TEST_F(DevDbTest, TwoClustersRunSideBySide) {
  devdb::ClusterOptions second = options_;
  second.dir = tmp_.path() + "/second";
  devdb::Cluster a(options_), b(second);
  a.start();
  b.start();
  EXPECT_NE(a.status().port, b.status().port);
  exec_sql(a.url(), "create table only_in_a (id int);");
  EXPECT_EQ(query_value(b.url(), "select count(*) from pg_class where relname = 'only_in_a'"), "0");
  b.destroy();
  EXPECT_FALSE(fs::exists(second.dir));
  EXPECT_EQ(a.status().state, devdb::State::kRunning);
}

TEST_F(DevDbTest, CreateAndDropDatabases) {
  devdb::Cluster cluster(options_);
  cluster.start();
  std::string url = cluster.create_database("Shadow Replay #1");
  EXPECT_EQ(query_value(url, "select current_database()"), "Shadow Replay #1");
  cluster.drop_database("Shadow Replay #1");
  EXPECT_EQ(query_value(cluster.url(),
                        "select count(*) from pg_database where datname = 'Shadow Replay #1'"),
            "0");
  std::string temp_name;
  {
    devdb::TemporaryDatabase temp(cluster, "replay of main");
    temp_name = temp.name();
    EXPECT_EQ(temp_name.rfind("replay_of_main_", 0), 0u) << temp_name;
    EXPECT_EQ(query_value(temp.url(), "select current_database()"), temp_name);
  }
  EXPECT_EQ(query_value(cluster.url(),
                        "select count(*) from pg_database where datname = '" + temp_name + "'"),
            "0");
}

TEST(DevDbNames, UniqueDatabaseNamesAreValid) {
  std::string a = devdb::unique_database_name("My Test/Case");
  std::string b = devdb::unique_database_name("My Test/Case");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("my_test_case_", 0), 0u) << a;
  std::string long_name = devdb::unique_database_name(std::string(200, 'x'));
  EXPECT_LE(long_name.size(), 63u);
  std::string digits = devdb::unique_database_name("123");
  EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(digits[0])));
  for (char c : a + long_name + digits) {
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_')
        << c;
  }
}

TEST(DevDbOptions, FolderComesFromEnvThenConfigThenDefault) {
  config::Config c =
      config::parse_config("dev_db:\n  path: db/dev\n  user: builder\n", "/repo/reconcile.yaml");
  unsetenv("RECONCILE_DEV_DB_DIR");
  EXPECT_EQ(devdb::dev_db_options(c).dir, "/repo/db/dev");
  EXPECT_EQ(devdb::dev_db_options(c).user, "builder");
  setenv("RECONCILE_DEV_DB_DIR", "/elsewhere/dev", 1);
  EXPECT_EQ(devdb::dev_db_options(c).dir, "/elsewhere/dev");
  unsetenv("RECONCILE_DEV_DB_DIR");
  config::Config d = config::parse_config("", "/repo/reconcile.yaml");
  EXPECT_EQ(devdb::dev_db_options(d).dir, "/repo/.reconcile/dev-db");
  EXPECT_EQ(devdb::dev_db_options(d).user, "postgres");
}

TEST_F(DevDbTest, AsRootTheServerRunsAsThePostgresUser) {
  if (geteuid() != 0) GTEST_SKIP() << "not running as root";
  // A folder only root can enter, like /root: the cluster must still work.
  std::string locked = tmp_.path() + "/private";
  fs::create_directories(locked);
  ASSERT_EQ(chmod(locked.c_str(), 0700), 0);
  options_.dir = locked + "/nested/cluster";
  devdb::Cluster cluster(options_);
  devdb::Status st = cluster.start();
  ASSERT_EQ(st.state, devdb::State::kRunning);
  struct stat proc {};
  ASSERT_EQ(stat(("/proc/" + std::to_string(st.pid)).c_str(), &proc), 0);
  struct stat data {};
  ASSERT_EQ(stat(cluster.data_dir().c_str(), &data), 0);
  EXPECT_NE(proc.st_uid, 0u) << "the server runs as root";
  EXPECT_EQ(proc.st_uid, data.st_uid) << "the data folder belongs to the server's user";
  struct stat parent {};
  ASSERT_EQ(stat(locked.c_str(), &parent), 0);
  EXPECT_TRUE(parent.st_mode & S_IXOTH) << "the parent folder was made traversable";
  EXPECT_FALSE(parent.st_mode & S_IROTH) << "but not readable";
  EXPECT_EQ(query_value(cluster.url(), "select current_setting('data_directory')"),
            cluster.data_dir());
}

TEST_F(DevDbTest, AsRootAMissingUserIsAClearError) {
  if (geteuid() != 0) GTEST_SKIP() << "not running as root";
  options_.user = "no_such_user_for_reconcile";
  devdb::Cluster cluster(options_);
  try {
    cluster.start();
    FAIL() << "started without a server user";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_user_for_reconcile"), std::string::npos);
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST_F(DevDbTest, CommandLineLifecycle) {
  std::string env = "export RECONCILE_DEV_DB_DIR=" + options_.dir + "; ";
  std::string bin = reconcile_binary();
  CommandResult start = run_command(env + bin + " dev-db start", tmp_.path());
  ASSERT_EQ(start.exit_code, 0) << start.err;
  CommandResult psql =
      run_command(env + "psql \"$(" + bin + " dev-db url)\" -XAtc 'select 40 + 2'", tmp_.path());
  EXPECT_EQ(psql.exit_code, 0) << psql.err;
  EXPECT_EQ(psql.out, "42\n");
  CommandResult again = run_command(env + bin + " dev-db start", tmp_.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("already running"), std::string::npos) << again.err;
  CommandResult status = run_command(env + bin + " dev-db status", tmp_.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("running"), std::string::npos) << status.out;

  int pid = devdb::Cluster(options_).status().pid;
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_TRUE(wait_dead(pid));
  CommandResult dead = run_command(env + bin + " dev-db status", tmp_.path());
  EXPECT_EQ(dead.exit_code, 1);
  EXPECT_NE(dead.out.find("stale"), std::string::npos) << dead.out;
  CommandResult json = run_command(env + bin + " --format json dev-db status", tmp_.path());
  EXPECT_NE(json.out.find("\"running\": false"), std::string::npos) << json.out;

  CommandResult restart = run_command(env + bin + " dev-db start", tmp_.path());
  EXPECT_EQ(restart.exit_code, 0) << restart.err;
  CommandResult stop = run_command(env + bin + " dev-db stop", tmp_.path());
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  CommandResult stopped = run_command(env + bin + " dev-db status", tmp_.path());
  EXPECT_EQ(stopped.exit_code, 1);
  CommandResult url = run_command(env + bin + " dev-db url", tmp_.path());
  EXPECT_EQ(url.exit_code, 1);
  EXPECT_NE(url.err.find("dev-db start"), std::string::npos) << url.err;
}

TEST_F(DevDbTest, CommandLineReset) {
  std::string env = "export RECONCILE_DEV_DB_DIR=" + options_.dir + "; ";
  std::string bin = reconcile_binary();
  ASSERT_EQ(run_command(env + bin + " dev-db start", tmp_.path()).exit_code, 0);
  devdb::Cluster cluster(options_);
  exec_sql(cluster.url(), "create table gone (id int);");
  CommandResult reset = run_command(env + bin + " dev-db reset", tmp_.path());
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(query_value(cluster.url(), "select count(*) from pg_class where relname = 'gone'"),
            "0");
}

// The test harness itself: each PgTest gets its own fresh, empty database.
class HarnessTest : public PgTest {};

TEST_F(HarnessTest, EachTestGetsAFreshEmptyDatabase) {
  EXPECT_EQ(query_value(url(), "select current_database()"), database_name());
  EXPECT_EQ(query_value(url(),
                        "select count(*) from pg_class c join pg_namespace n on "
                        "n.oid = c.relnamespace where n.nspname = 'public'"),
            "0");
  exec_sql(url(), "create table t (id int); insert into t values (1), (2);");
  EXPECT_EQ(query_value(url(), "select sum(id) from t"), "3");
  EXPECT_EQ(query_value(url(), "select null"), "");
}

TEST_F(HarnessTest, DatabasesOfOtherTestsAreIndependent) {
  std::string other = TestServer::get().create_database("other");
  exec_sql(other, "create table only_there (id int);");
  EXPECT_EQ(query_value(url(), "select to_regclass('only_there') is null"), "t");
  EXPECT_THROW(exec_sql(url(), "select * from no_such_table"), std::exception);
}
