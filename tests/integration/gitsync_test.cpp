// gitsync against real repositories made with the git CLI: reading at a ref,
// committing through libgit2 (checked with git log/show/status), provenance
// and merge-base after branches are merged.
#include <gtest/gtest.h>

#include <cstdlib>

#include "gitsync/commit.h"
#include "gitsync/git_source_reader.h"
#include "gitsync/provenance.h"
#include "gitsync/repository.h"
#include "history/revision/store.h"
#include "support/git_repo.h"

namespace reconcile::gitsync {
namespace {

using reconcile::testing::GitRepo;

TEST(GitsyncRepository, DiscoversFromASubfolderAndKnowsHeadAndBranch) {
  GitRepo g;
  g.write("schema/main.yaml", "id: x\n");
  std::string c1 = g.commit_all("first");
  Repository repo = Repository::discover(g.file("schema"));
  EXPECT_EQ(repo.workdir(), g.path());
  EXPECT_EQ(repo.git_dir(), g.path() + "/.git");
  EXPECT_EQ(repo.current_branch(), "main");
  ASSERT_TRUE(repo.head_commit());
  EXPECT_EQ(repo.head_commit()->id, c1);
  EXPECT_EQ(repo.head_commit()->summary, "first");
  EXPECT_EQ(repo.head_commit()->author_name, "Test User");
  EXPECT_EQ(repo.resolve("main").id, c1);
  EXPECT_FALSE(repo.try_resolve("no-such-branch"));
  EXPECT_THROW(repo.resolve("no-such-branch"), GitError);
  g.git("checkout -q --detach");
  EXPECT_FALSE(Repository::discover(g.path()).current_branch());
}

TEST(GitsyncRepository, NewRepositoryHasABranchButNoCommit) {
  GitRepo g;
  Repository repo = Repository::discover(g.path());
  EXPECT_EQ(repo.current_branch(), "main");
  EXPECT_FALSE(repo.head_commit());
}

TEST(GitsyncRepository, OutsideARepository) {
  EXPECT_FALSE(Repository::try_discover("/"));
  EXPECT_THROW(Repository::discover("/"), GitError);
}

TEST(GitsyncRead, FileAtARefDiffersFromTheWorkTree) {
  GitRepo g;
  g.write("schema/main.yaml", "version: 1\n");
  g.write("schema/types.yaml", "types: {}\n");
  std::string c1 = g.commit_all("v1");
  g.write("schema/main.yaml", "version: 2\n");
  std::string c2 = g.commit_all("v2");
  g.write("schema/main.yaml", "version: 3 (work tree)\n");
  g.remove("schema/types.yaml");

  Repository repo = Repository::discover(g.path());
  EXPECT_EQ(repo.read_file("HEAD", "schema/main.yaml"), "version: 2\n");
  EXPECT_EQ(repo.read_file(c1, "schema/main.yaml"), "version: 1\n");
  EXPECT_EQ(repo.read_file("HEAD~1", g.file("schema/main.yaml")), "version: 1\n");  // absolute path
  EXPECT_EQ(repo.read_file("HEAD", "schema/types.yaml"),
            "types: {}\n");  // deleted only in the work tree
  EXPECT_FALSE(repo.read_file("HEAD", "schema/missing.yaml"));
  EXPECT_FALSE(repo.read_file("HEAD", "schema"));  // a folder is not a file
  EXPECT_THROW(repo.read_file("nope", "schema/main.yaml"), GitError);

  // Nothing was checked out: the work tree still has the edit.
  EXPECT_EQ(g.read("schema/main.yaml"), "version: 3 (work tree)\n");

  auto entries = repo.list_directory("HEAD", "schema");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "main.yaml");
  EXPECT_EQ(entries[1].name, "types.yaml");
  auto root = repo.list_directory("HEAD", "");
  ASSERT_EQ(root.size(), 1u);
  EXPECT_EQ(root[0].name, "schema");
  EXPECT_TRUE(root[0].is_directory);
  EXPECT_TRUE(repo.list_directory("HEAD", "nope").empty());

  GitSourceReader at_v1(repo, c1);
  EXPECT_EQ(at_v1.read("schema/main.yaml"), "version: 1\n");
  EXPECT_EQ(at_v1.describe(), "git:" + c1);
  EXPECT_EQ(at_v1.commit().id, c1);
  GitSourceReader in_schema(repo, "main", "schema");  // relative paths resolve against a folder
  EXPECT_EQ(in_schema.read("main.yaml"), "version: 2\n");
  EXPECT_EQ(in_schema.read("../schema/types.yaml"), "types: {}\n");
  EXPECT_FALSE(in_schema.read("../../outside.yaml"));
  EXPECT_FALSE(in_schema.read("/etc/passwd"));
  EXPECT_EQ(in_schema.list("").size(), 2u);
  EXPECT_EQ(c2, repo.resolve("main").id);
}

TEST(GitsyncRead, RevisionStoreFromAGitTree) {
  GitRepo g;
  revision::Revision r;
  r.id = "a";
  r.up = "SELECT 1;\n";
  r.checksum = r.compute_checksum();
  g.write("db/migrations/a.sql", revision::format_revision(r));
  g.write("db/migrations/notes.txt", "x");
  g.commit_all("a");
  revision::Revision b = r;
  b.id = "b";
  b.parents = {"a"};
  g.write("db/migrations/b.sql", revision::format_revision(b));  // work tree only

  Repository repo = Repository::discover(g.path());
  auto at_head = revision::RevisionStore::load(GitSourceReader(repo, "HEAD"), "db/migrations");
  EXPECT_TRUE(at_head.ok());
  EXPECT_EQ(at_head.topological_order(), (std::vector<std::string>{"a"}));
  EXPECT_EQ(at_head.get("a").path, "db/migrations/a.sql");
  auto worktree = revision::RevisionStore::load(g.file("db/migrations"));
  EXPECT_EQ(worktree.topological_order(), (std::vector<std::string>{"a", "b"}));
}

TEST(GitsyncCommit, CommitsOnlyTheNamedFilesWithTheConfiguredAuthor) {
  GitRepo g;
  g.write("keep.txt", "keep\n");
  g.write("c.txt", "c1\n");
  g.write("gone.txt", "bye\n");
  g.commit_all("init");
  g.write("a.txt", "a\n");       // new, named
  g.write("c.txt", "c2\n");      // modified, named
  g.remove("gone.txt");          // deleted, named
  g.write("b.txt", "b\n");       // new, not named: stays untracked
  g.write("staged.txt", "s\n");  // staged, not named: stays staged
  g.git("add staged.txt");
  g.write("keep.txt", "edited\n");  // modified, not named: stays modified

  Repository repo = Repository::discover(g.path());
  CommitInfo c =
      commit_paths(repo, {"a.txt", g.file("c.txt"), "gone.txt"}, "reconcile: add things");
  EXPECT_EQ(c.summary, "reconcile: add things");

  EXPECT_EQ(g.rev("HEAD"), c.id);
  EXPECT_EQ(g.git("log -1 --format='%an <%ae>|%cn <%ce>|%s'"),
            "Test User <test@example.com>|Test User <test@example.com>|reconcile: add things");
  EXPECT_EQ(g.git("show --name-status --format= HEAD"), "A\ta.txt\nM\tc.txt\nD\tgone.txt");
  EXPECT_EQ(g.git("show HEAD:c.txt"), "c2");
  EXPECT_EQ(g.git("rev-list --count HEAD"), "2");
  EXPECT_EQ(g.git("rev-parse HEAD~1"), g.git("rev-parse main~1"));
  // The named files are clean; everything else is as it was.
  EXPECT_EQ(g.git("status --porcelain"), " M keep.txt\nA  staged.txt\n?? b.txt");
  EXPECT_EQ(g.git("fsck --no-progress 2>&1 | grep -v dangling || true"), "");
}

TEST(GitsyncCommit, AuthorAndCommitterFromTheEnvironment) {
  GitRepo g;
  g.write("a.txt", "a\n");
  Repository repo = Repository::discover(g.path());
  setenv("GIT_AUTHOR_NAME", "Env Author", 1);
  setenv("GIT_AUTHOR_EMAIL", "author@example.org", 1);
  setenv("GIT_COMMITTER_NAME", "Env Committer", 1);
  setenv("GIT_COMMITTER_EMAIL", "committer@example.org", 1);
  CommitInfo c = commit_paths(repo, {"a.txt"}, "first commit");
  unsetenv("GIT_AUTHOR_NAME");
  unsetenv("GIT_AUTHOR_EMAIL");
  unsetenv("GIT_COMMITTER_NAME");
  unsetenv("GIT_COMMITTER_EMAIL");
  // A first commit on an unborn branch: no parent.
  EXPECT_EQ(g.git("log --format='%H %P|%an <%ae>|%cn <%ce>' main"),
            c.id + " |Env Author <author@example.org>|Env Committer <committer@example.org>");
  EXPECT_EQ(g.git("ls-tree -r --name-only HEAD"), "a.txt");
}

TEST(GitsyncCommit, RefusesWhenNothingChangesOrPathsAreBad) {
  GitRepo g;
  g.write("a.txt", "a\n");
  g.commit_all("init");
  Repository repo = Repository::discover(g.path());
  EXPECT_THROW(commit_paths(repo, {"a.txt"}, "no change"), GitError);
  EXPECT_THROW(commit_paths(repo, {}, "nothing"), GitError);
  EXPECT_THROW(commit_paths(repo, {"/etc/hostname"}, "outside"), GitError);
  EXPECT_THROW(commit_paths(repo, {"missing.txt"}, "missing"), GitError);
  EXPECT_EQ(g.git("rev-list --count HEAD"), "1");
}

TEST(GitsyncCommit, DiffersFromHead) {
  GitRepo g;
  g.write("a.txt", "a\n");
  g.write("b.txt", "b\n");
  g.commit_all("init");
  g.write("b.txt", "changed\n");
  g.write("new.txt", "n\n");
  Repository repo = Repository::discover(g.path());
  EXPECT_FALSE(differs_from_head(repo, "a.txt"));
  EXPECT_TRUE(differs_from_head(repo, "b.txt"));
  EXPECT_TRUE(differs_from_head(repo, g.file("new.txt")));
  EXPECT_FALSE(differs_from_head(repo, "never.txt"));
  g.remove("a.txt");
  EXPECT_TRUE(differs_from_head(repo, "a.txt"));
}

TEST(GitsyncProvenance, TwoBranchesEachAddAFileAndAreMerged) {
  GitRepo g;
  g.write("migrations/root.sql", "root\n");
  std::string base = g.commit_all("root");
  g.new_branch("feature-a");
  g.write("migrations/a.sql", "a\n");
  std::string ca = g.commit_all("add a");
  g.write("notes.txt", "later on a\n");
  g.commit_all("more on a");
  g.checkout("main");
  g.new_branch("feature-b");
  g.write("migrations/b.sql", "b\n");
  std::string cb = g.commit_all("add b");
  g.checkout("main");
  g.merge("feature-a", "merge a");
  g.merge("feature-b", "merge b");
  g.new_branch("unrelated");  // contains everything too
  g.checkout("main");
  g.write("migrations/local.sql", "only here\n");

  Repository repo = Repository::discover(g.path());
  auto prov = provenance(repo, {"migrations/a.sql", g.file("migrations/b.sql"),
                                "migrations/root.sql", "migrations/local.sql"});
  ASSERT_EQ(prov.size(), 4u);
  const Provenance& a = prov.at("migrations/a.sql");
  ASSERT_TRUE(a.added_by);
  EXPECT_EQ(a.added_by->id, ca);
  EXPECT_EQ(a.added_by->summary, "add a");
  EXPECT_EQ(a.branches, (std::vector<std::string>{"feature-a", "main", "unrelated"}));
  const Provenance& b = prov.at(g.file("migrations/b.sql"));
  EXPECT_EQ(b.path, "migrations/b.sql");
  ASSERT_TRUE(b.added_by);
  EXPECT_EQ(b.added_by->id, cb);
  EXPECT_EQ(b.branches, (std::vector<std::string>{"feature-b", "main", "unrelated"}));
  const Provenance& root = prov.at("migrations/root.sql");
  ASSERT_TRUE(root.added_by);
  EXPECT_EQ(root.added_by->id, base);
  EXPECT_EQ(root.branches,
            (std::vector<std::string>{"feature-a", "feature-b", "main", "unrelated"}));
  EXPECT_FALSE(prov.at("migrations/local.sql").added_by);
  EXPECT_TRUE(prov.at("migrations/local.sql").branches.empty());

  EXPECT_EQ(describe(a), ca.substr(0, 10) + " (feature-a, main, unrelated) add a");
  EXPECT_EQ(describe(prov.at("migrations/local.sql")), "not committed yet");

  // Before merging, only the feature branch contains the commit.
  g.checkout("unrelated");
  g.git("branch -f main " + base);
  EXPECT_EQ(branches_containing(repo, ca), (std::vector<std::string>{"feature-a", "unrelated"}));
}

TEST(GitsyncProvenance, FileAddedOnABranchThatIsNotMerged) {
  GitRepo g;
  g.write("r.txt", "r\n");
  g.commit_all("root");
  g.new_branch("topic");
  g.write("migrations/t.sql", "t\n");
  std::string ct = g.commit_all("add t");
  g.checkout("main");
  Repository repo = Repository::discover(g.path());
  Provenance p = provenance(repo, "migrations/t.sql");
  ASSERT_TRUE(p.added_by);
  EXPECT_EQ(p.added_by->id, ct);
  EXPECT_EQ(p.branches, (std::vector<std::string>{"topic"}));
}

TEST(GitsyncMergeBase, OfTwoBranches) {
  GitRepo g;
  g.write("r.txt", "r\n");
  std::string base = g.commit_all("root");
  g.new_branch("x");
  g.write("x.txt", "x\n");
  std::string cx = g.commit_all("x");
  g.checkout("main");
  g.write("m.txt", "m\n");
  std::string cm = g.commit_all("m");
  Repository repo = Repository::discover(g.path());
  auto mb = repo.merge_base("x", "main");
  ASSERT_TRUE(mb);
  EXPECT_EQ(mb->id, base);
  EXPECT_EQ(mb->id, g.git("merge-base x main"));
  EXPECT_TRUE(repo.contains(cx, base));
  EXPECT_FALSE(repo.contains(cx, cm));
  EXPECT_TRUE(repo.contains(cx, cx));
  EXPECT_EQ(repo.local_branches(), (std::vector<std::string>{"main", "x"}));

  g.git("checkout -q --orphan lonely");
  g.write("l.txt", "l\n");
  g.commit_all("lonely root");
  EXPECT_FALSE(repo.merge_base("lonely", "main"));
}

}  // namespace
}  // namespace reconcile::gitsync
