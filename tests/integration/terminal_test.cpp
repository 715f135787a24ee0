// What `reconcile` shows at a terminal, run as a user runs it: progress of
// long work on a pseudo-terminal (and never without one), progress as JSON
// lines with --progress json, -q keeping only results and errors, and the
// line about the embedded dev database only when the command started it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/pty.h"
#include "support/revisions.h"
#include "support/schemas.h"

namespace {

namespace rt = reconcile::testing;
using nlohmann::json;

const char* kSlow = "20260101T000000Z_slow";

// A project whose one revision takes about 1.5 s: long enough for progress.
class Terminal : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    repo_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    rt::write_revision(repo_, kSlow, {},
                       "CREATE TABLE runs (n integer);\nSELECT pg_sleep(1.5);\n"
                       "INSERT INTO runs VALUES (1);\n");
    repo_.commit_all("project");
  }

  // The environment of a user's shell, with this test's database.
  std::string env() const {
    return "env -u NO_COLOR TERM=xterm DATABASE_URL=" + rt::sh_quote(url()) +
           " RECONCILE_SHADOW_URL=" + rt::sh_quote(rt::TestServer::get().admin_url()) + " " +
           rt::sh_quote(rt::reconcile_binary()) + " ";
  }

  rt::GitRepo repo_;
};

TEST_F(Terminal, ApplyShowsProgressOnATerminal) {
  auto r = rt::run_in_pty(env() + "apply", repo_.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("applying revision 1 of 1 (" + std::string(kSlow) + ")"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("statement 2 of 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\r\x1b[K"), std::string::npos) << "the line is rewritten in place";
  EXPECT_NE(r.out.find("applied " + std::string(kSlow)), std::string::npos) << r.out;
  // The progress line is erased before the result is printed.
  const auto last_progress = r.out.rfind("applying revision");
  const auto result = r.out.find("applied " + std::string(kSlow));
  EXPECT_NE(r.out.find("\r\x1b[K", last_progress), std::string::npos);
  EXPECT_LT(r.out.find("\r\x1b[K", last_progress), result);
}

TEST_F(Terminal, ApplyShowsNoProgressWithoutATerminal) {
  auto r = rt::run_shell(env() + "apply", repo_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("applying revision"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("applied " + std::string(kSlow)), std::string::npos) << r.out;
}

TEST_F(Terminal, NoProgressOnATerminalWithNeverOrQuietOrAMachineFormat) {
  for (const char* args : {"--progress never apply", "-q apply"}) {
    auto r = rt::run_in_pty(env() + args, repo_.path());
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    EXPECT_EQ(r.out.find("applying revision"), std::string::npos) << args << "\n" << r.out;
    rt::exec_sql(url(), "DROP TABLE runs; DROP SCHEMA reconcile CASCADE");
  }
  auto r = rt::run_in_pty(env() + "status --format json --no-drift", repo_.path());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("\x1b[K"), std::string::npos) << r.out;
}

TEST_F(Terminal, ProgressJsonWritesOneEventPerLineOnStderr) {
  auto r = rt::run_shell(env() + "--format json --progress json apply", repo_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("progress"), std::string::npos) << "stdout keeps only the result";
  std::vector<json> events;
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    json j = json::parse(line);  // throws (fails the test) on a broken line
    events.push_back(j);
  }
  std::vector<json> apply, statements;
  for (const auto& e : events) {
    ASSERT_EQ(e.at("type"), "progress") << e.dump();
    ASSERT_TRUE(e.at("done").is_number_unsigned()) << e.dump();
    ASSERT_TRUE(e.at("total").is_number_unsigned()) << e.dump();
    ASSERT_TRUE(e.at("elapsed_ms").is_number_integer()) << e.dump();
    if (e.at("task") == "apply") apply.push_back(e);
    if (e.at("task") == "statements") statements.push_back(e);
  }
  ASSERT_EQ(apply.size(), 2u) << r.err;
  EXPECT_EQ(apply[0], (json{{"type", "progress"},
                            {"task", "apply"},
                            {"done", 0},
                            {"total", 1},
                            {"item", kSlow},
                            {"elapsed_ms", apply[0].at("elapsed_ms")}}));
  EXPECT_EQ(apply[1].at("done"), 1);
  EXPECT_FALSE(apply[1].contains("item"));
  ASSERT_EQ(statements.size(), 4u) << r.err;  // before each of 3, and done
  for (size_t i = 0; i < statements.size(); ++i) {
    EXPECT_EQ(statements[i].at("done"), i);
    EXPECT_EQ(statements[i].at("total"), 3);
    EXPECT_EQ(statements[i].at("item"), kSlow);
  }
  EXPECT_GE(statements[3].at("elapsed_ms").get<long long>(),
            statements[1].at("elapsed_ms").get<long long>());
}

TEST_F(Terminal, QuietPrintsOnlyResultsAndErrors) {
  // An unknown key in reconcile.yaml is a warning on stderr.
  repo_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\nnot_a_key: 1\n");
  auto loud = rt::run_shell(env() + "status --no-drift", repo_.path());
  ASSERT_EQ(loud.exit_code, 0) << loud.err;
  ASSERT_NE(loud.err.find("warning"), std::string::npos) << loud.err;

  auto quiet = rt::run_shell(env() + "-q apply", repo_.path());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_NE(quiet.out.find("applied " + std::string(kSlow)), std::string::npos) << quiet.out;

  auto failing = rt::run_shell(env() + "-q apply --to no_such_revision", repo_.path());
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_NE(failing.err.find("error"), std::string::npos) << failing.err;
}

// The embedded dev database (no database configured anywhere).
TEST_F(Terminal, TheDevDatabaseLineOnlyWhenThisCommandStartedIt) {
  const std::string bin =
      "env -u DATABASE_URL -u PGHOST -u PGSERVICE -u PGDATABASE "
      "-u RECONCILE_SHADOW_URL -u RECONCILE_DEV_DB_DIR " +
      rt::sh_quote(rt::reconcile_binary()) + " ";
  repo_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
  const char* line = "using the embedded dev database at";
  auto first = rt::run_shell(bin + "status --no-drift", repo_.path());
  auto second = rt::run_shell(bin + "status --no-drift", repo_.path());
  auto verbose = rt::run_shell(bin + "-v status --no-drift", repo_.path());
  auto quiet_start =
      rt::run_shell(bin + "dev-db stop && " + bin + "-q status --no-drift", repo_.path());
  rt::run_shell(bin + "dev-db stop", repo_.path());
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find(line), std::string::npos) << first.err;
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err.find(line), std::string::npos) << second.err;
  EXPECT_NE(verbose.err.find(line), std::string::npos) << verbose.err;
  EXPECT_EQ(quiet_start.exit_code, 0) << quiet_start.err;
  EXPECT_EQ(quiet_start.err.find(line), std::string::npos) << quiet_start.err;
}

}  // namespace
