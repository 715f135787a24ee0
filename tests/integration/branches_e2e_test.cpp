// End to end, the way a user works: a real git repository driven with the git
// CLI, the `reconcile` binary, a real PostgreSQL.
//
//   main: Person  ──┬── feature-a: + Sample      (reconcile apply on its own database)
//                   └── feature-b: + Instrument  (reconcile apply on its own database)
//   git merge both into main -> two revision heads
//   status --hook and apply name both heads and their branches
//   reconcile merge writes and commits the merge revision
//   apply on main's database applies everything; the LinkML plan is then empty
//   downgrade goes back; the plan against the earlier LinkML is empty again
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "history/revision/store.h"
#include "linkml/desired/desired.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using testing::GitRepo;
using testing::query_value;
using testing::sh_quote;
using testing::TestServer;

const char* kSchemaHead = R"(id: https://example.org/lab
name: lab
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
classes:
)";
const char* kPerson = R"(  Person:
    attributes:
      id:
        identifier: true
      name:
        required: true
)";
const char* kSample = R"(  Sample:
    attributes:
      id:
        identifier: true
      label:
)";
const char* kInstrument = R"(  Instrument:
    attributes:
      id:
        identifier: true
      model:
)";

// A project in a git repository: reconcile.yaml, schema.yaml, migrations/.
class Project {
 public:
  Project() {
    repo_.write("reconcile.yaml", "schema: schema.yaml\nmigrations: migrations\n");
    repo_.write("schema.yaml", std::string(kSchemaHead) + kPerson);
    repo_.commit_all("Start the lab schema");
  }
  const GitRepo& repo() const { return repo_; }

  testing::CommandResult reconcile(const std::string& args, const std::string& database) const {
    std::string cmd = "RECONCILE_SHADOW_URL=" + sh_quote(TestServer::get().admin_url()) + " " +
                      sh_quote(testing::reconcile_binary()) + " --database " + sh_quote(database) +
                      " " + args;
    return testing::run_command(cmd, repo_.path());
  }

  revision::RevisionStore store() const {
    return revision::RevisionStore::load(repo_.file("migrations"));
  }

  // The plan from `database` to the LinkML schema in the work tree is empty.
  bool plan_is_empty(const std::string& database) const {
    auto cfg = config::load_config(repo_.file("reconcile.yaml"));
    auto options = desired::options_from_config(cfg);
    FileSourceReader reader;
    linkml::Diagnostics diagnostics;
    auto desired = desired::desired_catalog(reader, options, diagnostics);
    introspect::IntrospectOptions io;
    auto live = introspect::introspect_url(database, io);
    auto plan = plan::make_plan(live, desired);
    for (const auto& s : plan.steps) ADD_FAILURE() << "unexpected step: " << s.summary;
    return plan.empty();
  }

 private:
  GitRepo repo_;
};

std::string show(const testing::CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

class BranchesE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!reconcile::testing::require_server()) return;
    auto& server = TestServer::get();
    main_db = server.create_database("e2e_main");
    a_db = server.create_database("e2e_a");
    b_db = server.create_database("e2e_b");
  }
  std::string main_db, a_db, b_db;
};

TEST_F(BranchesE2E, TwoBranchesMergeApplyAndDowngrade) {
  Project p;
  const auto& repo = p.repo();

  // main: the first revision, generated and committed by apply.
  auto r = p.reconcile("apply", main_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("wrote revision"), std::string::npos) << show(r);
  EXPECT_EQ(query_value(main_db, "SELECT to_regclass('public.person') IS NOT NULL"), "t");
  ASSERT_EQ(p.store().size(), 1u);
  EXPECT_EQ(repo.git("status --porcelain"), "") << "apply committed its revision";

  // feature-a adds Sample (before Person, so git merges the two edits).
  repo.new_branch("feature-a");
  repo.write("schema.yaml", std::string(kSchemaHead) + kSample + kPerson);
  repo.commit_all("Add Sample");
  r = p.reconcile("apply", a_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(query_value(a_db, "SELECT to_regclass('public.sample') IS NOT NULL"), "t");

  // feature-b adds Instrument (after Person).
  repo.checkout("main");
  repo.new_branch("feature-b");
  repo.write("schema.yaml", std::string(kSchemaHead) + kPerson + kInstrument);
  repo.commit_all("Add Instrument");
  r = p.reconcile("apply", b_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);

  repo.checkout("main");
  repo.merge("feature-a", "Merge feature-a");
  repo.merge("feature-b", "Merge feature-b");
  EXPECT_EQ(repo.read("schema.yaml"), std::string(kSchemaHead) + kSample + kPerson + kInstrument);
  auto store = p.store();
  auto heads = store.heads();
  ASSERT_EQ(heads.size(), 2u);

  // The hook names both heads and the branches they came from, and never fails.
  r = p.reconcile("status --hook", main_db);
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("the merge left 2 heads"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("branch feature-a"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("branch feature-b"), std::string::npos) << show(r);
  for (const auto& h : heads) EXPECT_NE(r.out.find(h), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("reconcile merge"), std::string::npos) << show(r);

  // apply refuses, naming the heads and branches.
  r = p.reconcile("apply", main_db);
  EXPECT_EQ(r.exit_code, 1) << show(r);
  for (const auto& h : heads) EXPECT_NE(r.err.find(h), std::string::npos) << show(r);
  EXPECT_NE(r.err.find("feature-a"), std::string::npos) << show(r);
  EXPECT_NE(r.err.find("feature-b"), std::string::npos) << show(r);
  EXPECT_NE(r.err.find("reconcile merge"), std::string::npos) << show(r);
  EXPECT_EQ(query_value(main_db, "SELECT to_regclass('public.sample') IS NULL"), "t");

  // merge writes and commits the merge revision.
  const std::string before = repo.rev("HEAD");
  r = p.reconcile("merge", main_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  store = p.store();
  ASSERT_EQ(store.heads().size(), 1u);
  const auto& merge_rev = store.get(store.heads().front());
  EXPECT_EQ(merge_rev.parents, heads);
  EXPECT_TRUE(merge_rev.up_statements().empty()) << merge_rev.up;
  EXPECT_EQ(repo.git("rev-parse HEAD~1"), before);
  EXPECT_EQ(repo.git("status --porcelain"), "");
  EXPECT_NE(repo.git("show --name-only --format= HEAD").find(merge_rev.id + ".sql"),
            std::string::npos);

  // status --hook now only reports what is pending.
  r = p.reconcile("status --hook", main_db);
  EXPECT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(r.out.find("the merge left"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("3 pending revisions"), std::string::npos) << show(r);

  // apply applies everything pending; the plan is then empty.
  r = p.reconcile("apply", main_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_EQ(query_value(main_db, "SELECT count(*) FROM reconcile.revisions"), "4");
  EXPECT_TRUE(p.plan_is_empty(main_db));
  r = p.reconcile("status --hook", main_db);
  EXPECT_EQ(r.out, "") << show(r);

  // downgrade back to before the merge of feature-b: undo the merge revision
  // and feature-b's revision (in reverse order).
  std::string b_rev;
  for (const auto& h : heads)
    if (store.get(h).up.find("instrument") != std::string::npos) b_rev = h;
  ASSERT_FALSE(b_rev.empty());
  std::string a_rev = b_rev == heads[0] ? heads[1] : heads[0];
  r = p.reconcile("downgrade " + a_rev + " --allow-destructive", main_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);
  EXPECT_NE(r.out.find("downgraded " + merge_rev.id), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("downgraded " + b_rev), std::string::npos) << show(r);
  EXPECT_EQ(query_value(main_db, "SELECT to_regclass('public.instrument') IS NULL"), "t");
  repo.write("schema.yaml", std::string(kSchemaHead) + kSample + kPerson);
  EXPECT_TRUE(p.plan_is_empty(main_db));
}

TEST_F(BranchesE2E, MergeReportsTheSameSlotChangedDifferently) {
  Project p;
  const auto& repo = p.repo();
  const std::string with_age =
      std::string(kSchemaHead) + kPerson + "      age:\n        range: integer\n";
  repo.write("schema.yaml", with_age);
  repo.commit_all("Add age");
  auto r = p.reconcile("apply", main_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);

  repo.new_branch("feature-a");
  repo.write("schema.yaml",
             std::string(kSchemaHead) + kPerson + "      age:\n        range: string\n");
  repo.commit_all("age as text");
  r = p.reconcile("apply", a_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);

  repo.checkout("main");
  repo.new_branch("feature-b");
  repo.write("schema.yaml",
             std::string(kSchemaHead) + kPerson + "      age:\n        range: float\n");
  repo.commit_all("age as float");
  r = p.reconcile("apply", b_db);
  ASSERT_EQ(r.exit_code, 0) << show(r);

  repo.checkout("main");
  repo.merge("feature-a", "Merge feature-a");
  // schema.yaml conflicts in git; the user keeps main's side (feature-a's).
  auto m = repo.try_git("merge --no-ff -m 'Merge feature-b' feature-b");
  ASSERT_NE(m.exit_code, 0) << "the two branches edit the same line";
  repo.git("checkout --ours schema.yaml");
  repo.git("add -A");
  repo.git("commit --no-edit");

  auto store = p.store();
  auto heads = store.heads();
  ASSERT_EQ(heads.size(), 2u);
  const std::string before = repo.rev("HEAD");
  r = p.reconcile("merge", main_db);
  EXPECT_EQ(r.exit_code, 2) << show(r);
  EXPECT_NE(r.out.find("conflict: column public.person.age"), std::string::npos) << show(r);
  for (const auto& h : heads) EXPECT_NE(r.out.find(h), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("feature-a"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("feature-b"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find("double precision"), std::string::npos) << show(r);
  EXPECT_NE(r.out.find(" text"), std::string::npos) << show(r);
  // Nothing written, nothing committed.
  EXPECT_EQ(p.store().size(), store.size());
  EXPECT_EQ(repo.rev("HEAD"), before);
}

}  // namespace
}  // namespace reconcile
