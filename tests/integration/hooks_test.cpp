// Git hooks: the marked block, `reconcile hooks install|uninstall` in real
// repositories (existing hook content kept, installing twice harmless,
// uninstall restores), core.hooksPath, and git itself running the hook on
// pull, branch checkout and rebase.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/revision/revision.h"
#include "gitsync/hooks.h"
#include "gitsync/repository.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile::gitsync {
namespace {

using reconcile::testing::GitRepo;
using reconcile::testing::GitResult;
using reconcile::testing::run_shell;
using reconcile::testing::sh_quote;

GitResult reconcile_cli(const std::string& args, const std::string& cwd) {
  return run_shell(sh_quote(RECONCILE_BINARY) + " " + args, cwd);
}

bool executable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) && (st.st_mode & S_IXOTH);
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(HookBlock, AddAndRemoveKeepOtherContent) {
  HookOptions o;
  o.executable = "/opt/reconcile it's/bin/reconcile";
  std::string block = hook_block("post-merge", o);
  EXPECT_EQ(block.rfind(kHookBlockBegin, 0), 0u);
  EXPECT_NE(block.find("status --hook"), std::string::npos);
  EXPECT_EQ(block.find(" apply"), std::string::npos);
  EXPECT_NE(block.find("reconcile_bin='/opt/reconcile it'\\''s/bin/reconcile'"), std::string::npos);

  std::string existing = "#!/bin/bash\nset -e\necho hello\n";
  std::string with = with_block(existing, block);
  EXPECT_EQ(with, existing + block);
  EXPECT_EQ(with_block(with, block), with);  // idempotent
  EXPECT_EQ(without_block(with), existing);

  // Content without a final line break gets one before the block.
  EXPECT_EQ(with_block("#!/bin/sh\necho x", block), "#!/bin/sh\necho x\n" + block);

  // A new file is a shell script holding only the block; removing it leaves nothing.
  std::string fresh = with_block("", block);
  EXPECT_EQ(fresh, "#!/bin/sh\n" + block);
  EXPECT_FALSE(without_block(fresh));
  EXPECT_EQ(without_block(existing), existing);  // no block: unchanged

  // Re-installing with other options replaces the block in place.
  HookOptions with_apply = o;
  with_apply.run_apply = true;
  std::string middle = "#!/bin/sh\necho before\n" + block + "echo after\n";
  std::string replaced = with_block(middle, hook_block("post-merge", with_apply));
  EXPECT_EQ(replaced,
            "#!/bin/sh\necho before\n" + hook_block("post-merge", with_apply) + "echo after\n");
  EXPECT_NE(replaced.find("\"$reconcile_bin\" apply"), std::string::npos);
  EXPECT_EQ(without_block(replaced), "#!/bin/sh\necho before\necho after\n");
}

TEST(HookBlock, PostCheckoutRunsOnlyOnBranchCheckouts) {
  std::string block = hook_block("post-checkout", {});
  EXPECT_NE(block.find("if [ \"$3\" = \"1\" ]; then"), std::string::npos);
  EXPECT_EQ(hook_block("post-rewrite", {}).find("$3"), std::string::npos);
  EXPECT_EQ(managed_hooks(),
            (std::vector<std::string>{"post-merge", "post-checkout", "post-rewrite"}));
}

TEST(HooksCommand, InstallTwiceKeepsExistingContentAndUninstallRestoresIt) {
  GitRepo g;
  g.write("README.md", "x\n");
  g.commit_all("init");
  const std::string hooks = g.path() + "/.git/hooks";
  const std::string existing = "#!/bin/sh\n# my own hook\necho my-post-merge\n";
  g.write(".git/hooks/post-merge", existing);

  GitResult first = reconcile_cli("hooks install", g.path());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(first.out,
            "installed: .git/hooks/post-merge\ninstalled: .git/hooks/post-checkout\ninstalled: "
            ".git/hooks/post-rewrite\n");
  std::string merged = g.read(".git/hooks/post-merge");
  EXPECT_EQ(merged.rfind(existing, 0), 0u) << merged;  // existing content first, untouched
  EXPECT_EQ(count(merged, kHookBlockBegin), 1u);
  EXPECT_NE(merged.find(std::string(RECONCILE_BINARY)), std::string::npos);
  for (const char* hook : {"post-merge", "post-checkout", "post-rewrite"}) {
    std::string text = g.read(std::string(".git/hooks/") + hook);
    EXPECT_EQ(text.rfind("#!/", 0), 0u) << hook;
    EXPECT_TRUE(executable(hooks + "/" + hook)) << hook;
  }
  EXPECT_EQ(g.read(".git/hooks/post-checkout").rfind("#!/bin/sh\n", 0), 0u);

  GitResult second = reconcile_cli("hooks install", g.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out,
            "unchanged: .git/hooks/post-merge\nunchanged: .git/hooks/post-checkout\nunchanged: "
            ".git/hooks/post-rewrite\n");
  EXPECT_EQ(g.read(".git/hooks/post-merge"), merged);

  GitResult removed = reconcile_cli("hooks uninstall", g.path());
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(removed.out,
            "removed block: .git/hooks/post-merge\ndeleted: .git/hooks/post-checkout\ndeleted: "
            ".git/hooks/post-rewrite\n");
  EXPECT_EQ(g.read(".git/hooks/post-merge"), existing);
  EXPECT_FALSE(g.exists(".git/hooks/post-checkout"));
  EXPECT_FALSE(g.exists(".git/hooks/post-rewrite"));

  GitResult again = reconcile_cli("hooks uninstall --format json", g.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("\"action\": \"unchanged\""), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("\"action\": \"absent\""), std::string::npos) << again.out;
}

TEST(HooksCommand, InstallBakesInApplyFromTheConfiguration) {
  GitRepo g;
  g.write("reconcile.yaml", "schema: schema.yaml\nhooks:\n  apply: true\n");
  GitResult r = reconcile_cli("hooks install", g.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(g.read(".git/hooks/post-merge").find("\"$reconcile_bin\" apply"), std::string::npos);
  // A hook's output goes to the terminal of the git command: no progress line there.
  EXPECT_NE(g.read(".git/hooks/post-merge").find("apply --progress never"), std::string::npos);
  g.write("reconcile.yaml", "schema: schema.yaml\nhooks:\n  apply: false\n");
  r = reconcile_cli("hooks install", g.path());
  EXPECT_NE(r.out.find("updated: .git/hooks/post-merge"), std::string::npos) << r.out;
  EXPECT_EQ(g.read(".git/hooks/post-merge").find("\"$reconcile_bin\" apply"), std::string::npos);
}

TEST(HooksCommand, RespectsCoreHooksPath) {
  GitRepo g;
  g.git("config core.hooksPath .githooks");
  Repository repo = Repository::discover(g.path());
  EXPECT_EQ(repo.hooks_dir(), g.path() + "/.githooks");
  GitResult r = reconcile_cli("hooks install", g.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(g.exists(".githooks/post-merge"));
  EXPECT_FALSE(g.exists(".git/hooks/post-merge"));
  EXPECT_TRUE(executable(g.path() + "/.githooks/post-rewrite"));
}

TEST(HooksCommand, OutsideARepositoryIsAGitError) {
  GitResult r = reconcile_cli("hooks install", "/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not inside a git repository"), std::string::npos) << r.err;
}

// git runs the installed hooks: a stand-in for the reconcile executable
// records how it was called.
class HookRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    origin_.write("migrations/a.sql", "a\n");
    origin_.commit_all("first revision");
    clone_ = std::make_unique<GitRepo>(GitRepo::clone_of(origin_));
    recorder_ = clone_->path() + "/.git/record-calls";
    log_ = clone_->path() + "/.git/calls.log";
    clone_->write(".git/record-calls", "#!/bin/sh\necho \"called: $*\" >> " + sh_quote(log_) +
                                           "\necho \"reconcile stand-in: $*\"\n");
    std::filesystem::permissions(recorder_, std::filesystem::perms::owner_all);
    HookOptions o;
    o.executable = recorder_;
    install_hooks(Repository::discover(clone_->path()), o);
  }
  std::string calls() const {
    return clone_->exists(".git/calls.log") ? clone_->read(".git/calls.log") : "";
  }

  GitRepo origin_;
  std::unique_ptr<GitRepo> clone_;
  std::string recorder_;
  std::string log_;
};

TEST_F(HookRuns, PullRunsStatus) {
  origin_.write("migrations/b.sql", "b\n");
  origin_.commit_all("second revision");
  GitResult pull = clone_->try_git("pull -q --no-rebase origin main");
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_EQ(calls(), "called: status --hook\n");
  EXPECT_NE((pull.out + pull.err).find("reconcile stand-in: status --hook"), std::string::npos)
      << pull.out << pull.err;
  EXPECT_TRUE(clone_->exists("migrations/b.sql"));
}

TEST_F(HookRuns, BranchCheckoutRunsStatusButFileCheckoutDoesNot) {
  clone_->git("checkout -q -b topic");
  EXPECT_EQ(calls(), "called: status --hook\n");
  clone_->write("migrations/a.sql", "edited\n");
  clone_->git("checkout -q -- migrations/a.sql");
  EXPECT_EQ(calls(), "called: status --hook\n");
}

TEST_F(HookRuns, RebaseRunsStatus) {
  clone_->write("local.txt", "l\n");
  clone_->commit_all("local work");
  origin_.write("migrations/b.sql", "b\n");
  origin_.commit_all("second revision");
  clone_->git("fetch -q origin");
  GitResult r = clone_->try_git("rebase -q origin/main");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(calls().find("called: status --hook"), std::string::npos) << calls();
}

TEST_F(HookRuns, AFailingCommandDoesNotFailGit) {
  clone_->write(".git/record-calls",
                "#!/bin/sh\necho \"called: $*\" >> " + sh_quote(log_) + "\nexit 7\n");
  origin_.write("migrations/b.sql", "b\n");
  origin_.commit_all("second revision");
  GitResult pull = clone_->try_git("pull -q --no-rebase origin main");
  EXPECT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_EQ(calls(), "called: status --hook\n");
  EXPECT_NE(pull.err.find("reconcile: status --hook failed"), std::string::npos) << pull.err;
}

// End to end: hooks installed with `reconcile hooks install`; a `git pull`
// that brings a new revision runs `reconcile status --hook`, which names it.
class HookStatus : public reconcile::testing::PgTest {};

using testing::write_revision;

TEST_F(HookStatus, PullThatBringsARevisionPrintsItAsPending) {
  GitRepo origin;
  origin.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
  write_revision(origin, "20261101T000000Z_root", {}, "CREATE TABLE t (id integer);\n");
  origin.commit_all("root");
  GitRepo clone = GitRepo::clone_of(origin);
  const std::string env = "DATABASE_URL=" + sh_quote(url()) + " ";
  GitResult applied = run_shell(env + sh_quote(RECONCILE_BINARY) + " apply", clone.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  GitResult installed = reconcile_cli("hooks install", clone.path());
  ASSERT_EQ(installed.exit_code, 0) << installed.err;

  write_revision(origin, "20261102T000000Z_add_name", {"20261101T000000Z_root"},
                 "ALTER TABLE t ADD COLUMN name text;\n");
  origin.commit_all("add name");
  GitResult pull = run_shell(env + "git pull -q --no-rebase origin main", clone.path());
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  std::string output = pull.out + pull.err;
  EXPECT_NE(output.find("20261102T000000Z_add_name"), std::string::npos) << output;
  EXPECT_NE(output.find("pending"), std::string::npos) << output;
  EXPECT_EQ(output.find("20261101T000000Z_root"), std::string::npos) << output;  // already applied

  // Once applied, the next pull with nothing new says nothing.
  applied = run_shell(env + sh_quote(RECONCILE_BINARY) + " apply", clone.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  GitResult quiet = run_shell(env + "git pull -q --no-rebase origin main", clone.path());
  EXPECT_EQ(quiet.out + quiet.err, "") << quiet.out << quiet.err;
}

}  // namespace
}  // namespace reconcile::gitsync
