// Eight `reconcile apply` processes started together on an edited LinkML
// schema, in a real git repository, against one database: the change is
// written as exactly one revision in exactly one commit, the history keeps
// one head, nothing is left staged in the index, and every process succeeds
// (one writes and applies the revision, the others apply nothing or report
// the database up to date).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/schemas.h"

namespace {

namespace fs = std::filesystem;
namespace rt = reconcile::testing;
using rt::query_value;

std::set<std::string> revision_files(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sql") out.insert(e.path().filename().string());
  return out;
}

int lines(const std::string& text) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}

// `reconcile heads` prints each head on a line of its own, followed by
// indented detail lines.
int heads_in(const std::string& text) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty() && line[0] != ' ';
  return n;
}

class ApplyGenerateRace : public rt::PgTest {};

TEST_F(ApplyGenerateRace, EightAppliesOnAnEditedSchemaWriteOneRevisionAndOneCommit) {
  rt::GitRepo repo;
  repo.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
  repo.write("schema.yaml", rt::people_schema());
  repo.commit_all("project");
  const std::string env =
      "NO_COLOR=1 RECONCILE_SHADOW_URL=" + rt::sh_quote(rt::TestServer::get().admin_url()) +
      " DATABASE_URL=" + rt::sh_quote(url()) + " ";
  const std::string bin = rt::sh_quote(rt::reconcile_binary());
  auto first = rt::run_shell(env + bin + " apply", repo.path());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const auto before = revision_files(repo.file("migrations"));
  ASSERT_EQ(before.size(), 1u);
  const std::string head_before = repo.rev();

  // The edit: a new optional column, not committed.
  repo.write("schema.yaml",
             std::string(rt::people_schema()) + "      email:\n        range: string\n");

  // Eight processes wait for one signal, then all run `reconcile apply`.
  const int n = 8;
  rt::TempDir work;
  const std::string w = rt::sh_quote(work.path()) + "/";
  std::string script = "for i in $(seq 1 " + std::to_string(n) + "); do ( while [ ! -f " + w +
                       "go ]; do sleep 0.005; done; " + env + bin + " apply >" + w + "out.$i 2>" +
                       w + "err.$i; echo $? >" + w + "rc.$i ) & done; sleep 0.3; touch " + w +
                       "go; wait";
  auto r = rt::run_shell(script, repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  int wrote = 0;
  std::string all;
  for (int i = 1; i <= n; ++i) {
    const std::string k = std::to_string(i);
    const std::string out = rt::read_file(work.path() + "/out." + k);
    const std::string err = rt::read_file(work.path() + "/err." + k);
    all += "--- process " + k + "\n" + out + err;
    EXPECT_EQ(rt::read_file(work.path() + "/rc." + k), "0\n") << out << err;
    if (out.find("wrote revision") != std::string::npos) ++wrote;
  }
  EXPECT_EQ(wrote, 1) << all;

  // One new revision file, one new commit on top of the old head, one head.
  const auto after = revision_files(repo.file("migrations"));
  EXPECT_EQ(after.size(), before.size() + 1) << all;
  EXPECT_EQ(repo.git("rev-list --count " + head_before + "..HEAD"), "1") << all;
  EXPECT_EQ(repo.git("rev-parse HEAD^"), head_before);
  EXPECT_EQ(lines(repo.git("show --name-only --format= HEAD")), 2)
      << "the commit holds the revision and the schema file";
  auto heads = rt::run_shell(env + bin + " heads", repo.path());
  EXPECT_EQ(heads.exit_code, 0) << heads.err;
  EXPECT_EQ(heads_in(heads.out), 1) << heads.out;

  // Nothing staged, nothing modified, no lock left behind.
  EXPECT_EQ(repo.git("diff --cached --name-status"), "");
  EXPECT_EQ(repo.git("status --porcelain"), "");
  EXPECT_FALSE(fs::exists(repo.file(".git/index.lock")));
  EXPECT_EQ(repo.git("fsck --no-dangling --no-progress 2>&1"), "");

  // Each revision applied once; the column is there.
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "2");
  EXPECT_EQ(query_value(url(), "SELECT count(DISTINCT id) FROM reconcile.revisions"), "2");
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM information_schema.columns WHERE "
                        "table_name = 'person' AND column_name = 'email'"),
            "1");
  std::cout << "concurrent applies: " << n << " processes, " << wrote << " revision written, "
            << after.size() - before.size() << " new file, "
            << repo.git("rev-list --count " + head_before + "..HEAD") << " new commit, "
            << heads_in(heads.out) << " head\n";
}

// A git command holding the index lock makes the commit wait for it, and the
// index stays intact (the path the other command staged is still staged).
TEST_F(ApplyGenerateRace, TheCommitWaitsForGitsIndexLock) {
  rt::GitRepo repo;
  repo.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
  repo.write("schema.yaml", rt::people_schema());
  repo.write("notes.txt", "one\n");
  repo.commit_all("project");
  repo.write("notes.txt", "two\n");
  repo.git("add notes.txt");
  // Another git process holds the index lock for a while.
  rt::write_file(repo.file(".git/index.lock"), "");
  const std::string env =
      "NO_COLOR=1 RECONCILE_SHADOW_URL=" + rt::sh_quote(rt::TestServer::get().admin_url()) +
      " DATABASE_URL=" + rt::sh_quote(url()) + " ";
  auto r = rt::run_shell("(sleep 3; rm -f .git/index.lock) & " + env +
                             rt::sh_quote(rt::reconcile_binary()) + " apply; rc=$?; wait; exit $rc",
                         repo.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("committed"), std::string::npos) << r.out;
  EXPECT_EQ(repo.git("diff --cached --name-only"), "notes.txt")
      << "what was staged before stays staged, and only that";
  EXPECT_EQ(repo.git("status --porcelain"), "M  notes.txt");
}

}  // namespace
