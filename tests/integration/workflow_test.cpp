// The workflows of app/workflow called as functions, the way the CLI calls
// them but without the binary: a real git repository holding a LinkML
// schema and revision files, a real PostgreSQL database (and shadow
// databases on the test server for the replays). Each test checks the
// result struct, what the workflow told its observer, and the effects in the
// database and in git.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/workflow/apply.h"
#include "app/workflow/baseline.h"
#include "app/workflow/check.h"
#include "app/workflow/downgrade.h"
#include "app/workflow/merge.h"
#include "app/workflow/plan.h"
#include "app/workflow/rehash.h"
#include "app/workflow/revision.h"
#include "app/workflow/status.h"
#include "config/config.h"
#include "history/revision/store.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"
#include "support/schemas.h"

namespace {

namespace fs = std::filesystem;
namespace rt = reconcile::testing;
namespace wf = reconcile::workflow;
namespace rv = reconcile::revision;
using reconcile::util::Progress;
using reconcile::util::Task;
using rt::exec_sql;
using rt::query_value;

// Records every call a workflow makes on its observer.
struct Recorder : wf::Observer {
  std::vector<Progress> events;
  std::vector<std::pair<wf::Severity, std::string>> notes;
  std::vector<wf::Written> written;
  int diagnostics_calls = 0;

  void progress(const Progress& e) override { events.push_back(e); }
  void diagnostics(const reconcile::linkml::Diagnostics&) override { ++diagnostics_calls; }
  void note(wf::Severity s, const std::string& line) override { notes.emplace_back(s, line); }
  void revision_written(const wf::Written& w) override { written.push_back(w); }

  std::vector<Progress> of(Task task) const {
    std::vector<Progress> out;
    for (const auto& e : events)
      if (e.task == task) out.push_back(e);
    return out;
  }
  bool warned(const std::string& part) const {
    for (const auto& [s, line] : notes)
      if (s == wf::Severity::kWarning && line.find(part) != std::string::npos) return true;
    return false;
  }
};

std::string table_exists(const std::string& url, const std::string& name) {
  return query_value(url, "SELECT to_regclass('public." + name + "') IS NOT NULL");
}

class WorkflowTest : public rt::PgTest {
 protected:
  void SetUp() override {
    rt::PgTest::SetUp();
    if (IsSkipped()) return;
    // Replays run in shadow databases on the test server.
    setenv("RECONCILE_SHADOW_URL", rt::TestServer::get().admin_url().c_str(), 1);
    repo_.write("reconcile.yaml",
                "schema: schema.yaml\nmigrations: migrations\nprofile: native\n"
                "lock_timeout: 5s\n");
    repo_.write("schema.yaml", rt::people_schema());
    repo_.write("migrations/.gitkeep", "");
    repo_.commit_all("project");
  }

  wf::Project project() const {
    return wf::Project::of(reconcile::config::load_config(repo_.file("reconcile.yaml")));
  }
  rv::RevisionStore store() const { return rv::RevisionStore::load(repo_.file("migrations")); }

  wf::ApplyResult apply() {
    wf::ApplyOptions o;
    o.project = project();
    o.database = url();
    o.observer = &seen_;
    return wf::run_apply(o);
  }

  wf::RevisionResult revision(const std::string& message) {
    wf::RevisionOptions o;
    o.project = project();
    o.database = url();
    o.message = message;
    o.observer = &seen_;
    return wf::run_revision(o);
  }

  rt::GitRepo repo_;
  Recorder seen_;
};

// --- revision -------------------------------------------------------------

TEST_F(WorkflowTest, RevisionWritesThePlanAndCommitsItWithTheSchemaChange) {
  repo_.write("schema.yaml", rt::people_schema("      email:\n        range: string\n"));
  const wf::RevisionResult r = revision("add people");

  ASSERT_TRUE(r.written.has_value());
  EXPECT_FALSE(r.plan.empty());
  const wf::Written& w = *r.written;
  const std::string id = w.file.revision.id;
  EXPECT_TRUE(w.file.revision.parents.empty());
  EXPECT_NE(w.file.revision.up.find("CREATE TABLE"), std::string::npos) << w.file.revision.up;
  ASSERT_TRUE(w.file.commit.has_value());
  EXPECT_EQ(w.branch, std::optional<std::string>("main"));
  EXPECT_EQ(w.committed, (std::vector<std::string>{"migrations/" + id + ".sql", "schema.yaml"}));
  EXPECT_EQ(repo_.git("log -1 --format=%s"), "reconcile: add people");
  EXPECT_EQ(repo_.git("status --porcelain"), "");
  // A revision is written, not applied.
  EXPECT_EQ(table_exists(url(), "person"), "f");
  // The schema hash is the state the history reaches with the revision.
  EXPECT_EQ(store().get(id).schema_hash, w.file.revision.schema_hash);

  // Progress: the schema was loaded, the database read, the new history replayed.
  for (Task t : {Task::kLoadSchema, Task::kIntrospect, Task::kReplay}) {
    auto events = seen_.of(t);
    ASSERT_FALSE(events.empty()) << reconcile::util::task_name(t);
    EXPECT_EQ(events.back().done, events.back().total) << reconcile::util::task_name(t);
  }
  // The replay's last revision is the one being written, before it has an id.
  const auto replay = seen_.of(Task::kReplay);
  ASSERT_GE(replay.size(), 2u);
  EXPECT_EQ(replay[replay.size() - 2].item, "new revision");
  EXPECT_EQ(seen_.diagnostics_calls, 1);
}

TEST_F(WorkflowTest, RevisionWritesNothingWhenTheDatabaseIsAsTheSchemaSays) {
  apply();
  const auto files_before = store().size();
  const wf::RevisionResult r = revision("nothing");
  EXPECT_TRUE(r.plan.empty());
  EXPECT_FALSE(r.written.has_value());
  EXPECT_EQ(store().size(), files_before);
}

TEST_F(WorkflowTest, RevisionRefusesADatabaseWithPendingRevisions) {
  ASSERT_TRUE(revision("first").written.has_value());
  repo_.write("schema.yaml", rt::people_schema("      email:\n        range: string\n"));
  EXPECT_THROW(revision("second"), reconcile::UsageError);
}

// --- apply ----------------------------------------------------------------

TEST_F(WorkflowTest, ApplyGeneratesARevisionAppliesItAndPrintsNothing) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const wf::ApplyResult r = apply();
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out, "");
  EXPECT_EQ(err, "");

  ASSERT_TRUE(r.generated.has_value());
  ASSERT_TRUE(r.unrevised.has_value());
  const std::string id = r.generated->file.revision.id;
  ASSERT_EQ(seen_.written.size(), 1u);  // told before applying
  EXPECT_EQ(seen_.written[0].file.revision.id, id);
  EXPECT_TRUE(r.generated->file.commit.has_value());
  ASSERT_EQ(r.report.done.size(), 1u);
  EXPECT_EQ(r.report.done[0].id, id);
  EXPECT_EQ(table_exists(url(), "person"), "t");
  EXPECT_EQ(query_value(url(), "SELECT string_agg(id, ',') FROM reconcile.revisions"), id);

  // Revision 1 of 1, then its statements one by one, then done.
  const auto revisions = seen_.of(Task::kApply);
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].done, 0u);
  EXPECT_EQ(revisions[0].total, 1u);
  EXPECT_EQ(revisions[0].item, id);
  EXPECT_EQ(revisions[1].done, 1u);
  const auto statements = seen_.of(Task::kStatements);
  const size_t n = static_cast<size_t>(r.report.done[0].statements);
  ASSERT_EQ(statements.size(), n + 1);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(statements[i].done, i);
    EXPECT_EQ(statements[i].total, n);
    EXPECT_EQ(statements[i].item, id);
  }
  EXPECT_EQ(statements.back().done, n);

  // Again: nothing to generate, nothing to apply.
  const wf::ApplyResult again = apply();
  EXPECT_FALSE(again.generated.has_value());
  EXPECT_FALSE(again.unrevised.has_value());
  EXPECT_TRUE(again.report.done.empty());
}

TEST_F(WorkflowTest, ApplyWithoutGenerateStopsOnChangesNoRevisionCovers) {
  wf::ApplyOptions o;
  o.project = project();
  o.database = url();
  o.generate = false;
  const wf::ApplyResult r = wf::run_apply(o);
  EXPECT_TRUE(r.stopped);
  ASSERT_TRUE(r.unrevised.has_value());
  EXPECT_FALSE(r.unrevised->plan.empty());
  EXPECT_TRUE(r.report.done.empty());
  EXPECT_EQ(table_exists(url(), "person"), "f");
  EXPECT_EQ(store().size(), 0u);
}

TEST_F(WorkflowTest, ApplyRefusesToGenerateARevisionThatDeletesData) {
  apply();
  repo_.write("schema.yaml", R"(id: https://example.org/people
name: people
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
classes:
  Person:
    attributes:
      id:
        identifier: true
        range: integer
)");
  const auto before = store().size();
  EXPECT_THROW(apply(), reconcile::RefusedError);
  EXPECT_EQ(store().size(), before);
}

// --- downgrade --------------------------------------------------------------

TEST_F(WorkflowTest, DowngradeRunsTheDownBodyOfTheLastRevision) {
  const std::string id = apply().generated->file.revision.id;
  wf::DowngradeOptions o;
  o.project = project();
  o.database = url();
  o.allow_destructive = true;  // the down body drops the table
  o.observer = &seen_;
  const wf::DowngradeResult r = wf::run_downgrade(o);
  ASSERT_EQ(r.report.done.size(), 1u);
  EXPECT_EQ(r.report.done[0].id, id);
  EXPECT_EQ(table_exists(url(), "person"), "f");
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "0");
  const auto events = seen_.of(Task::kDowngrade);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().item, id);
}

// --- merge ------------------------------------------------------------------

class WorkflowMerge : public WorkflowTest {
 protected:
  void SetUp() override {
    WorkflowTest::SetUp();
    if (IsSkipped()) return;
    repo_.remove("schema.yaml");  // the merge revision only joins the heads
    rt::write_revision(repo_, "20260101T000000Z_base", {}, "CREATE TABLE base (id integer);\n");
  }
  wf::MergeResult merge() {
    wf::MergeOptions o;
    o.project = project();
    o.message = "join";
    o.observer = &seen_;
    return wf::run_merge(o);
  }
};

TEST_F(WorkflowMerge, MergeWritesARevisionOverBothHeadsAndCommitsIt) {
  rt::write_revision(repo_, "20260102T000000Z_left", {"20260101T000000Z_base"},
                     "CREATE TABLE l (id integer);\n");
  rt::write_revision(repo_, "20260103T000000Z_right", {"20260101T000000Z_base"},
                     "CREATE TABLE r (id integer);\n");
  repo_.commit_all("two branches");
  const wf::MergeResult r = merge();
  const std::vector<std::string> heads = {"20260102T000000Z_left", "20260103T000000Z_right"};
  EXPECT_EQ(r.heads, heads);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_TRUE(r.body.up.empty());
  ASSERT_TRUE(r.written.has_value());
  EXPECT_EQ(r.written->file.revision.parents, heads);
  EXPECT_TRUE(r.written->file.commit.has_value());
  EXPECT_EQ(repo_.git("log -1 --format=%s"), "reconcile: join");
  EXPECT_EQ(store().heads(), std::vector<std::string>{r.written->file.revision.id});
  EXPECT_TRUE(seen_.warned("not found")) << "the missing LinkML schema is said";
  EXPECT_FALSE(seen_.of(Task::kReplay).empty());
}

TEST_F(WorkflowMerge, MergeReturnsConflictsAndWritesNothing) {
  rt::write_revision(repo_, "20260102T000000Z_left", {"20260101T000000Z_base"},
                     "ALTER TABLE base ADD COLUMN v integer;\n");
  rt::write_revision(repo_, "20260103T000000Z_right", {"20260101T000000Z_base"},
                     "ALTER TABLE base ADD COLUMN v text;\n");
  repo_.commit_all("two branches");
  const wf::MergeResult r = merge();
  ASSERT_FALSE(r.conflicts.empty());
  EXPECT_NE(r.conflicts[0].object.find("base"), std::string::npos) << r.conflicts[0].object;
  EXPECT_FALSE(r.written.has_value());
  EXPECT_EQ(store().size(), 3u);
}

TEST_F(WorkflowMerge, MergeOfOneHeadWritesNothing) {
  repo_.commit_all("one revision");
  const wf::MergeResult r = merge();
  EXPECT_EQ(r.heads, std::vector<std::string>{"20260101T000000Z_base"});
  EXPECT_FALSE(r.written.has_value());
  EXPECT_EQ(store().size(), 1u);
}

// --- check ------------------------------------------------------------------

TEST_F(WorkflowTest, CheckIsCleanAfterApplyAndFindsEditsAndDrift) {
  const std::string id = apply().generated->file.revision.id;
  wf::CheckOptions o;
  o.project = project();
  o.database_url = url();
  o.observer = &seen_;
  reconcile::check::Report clean = wf::run_check(o);
  EXPECT_EQ(clean.exit_code(), 0);
  ASSERT_NE(clean.status(reconcile::check::Code::kDrift), nullptr);

  exec_sql(url(), "ALTER TABLE person ADD COLUMN extra integer");
  const std::string path = "migrations/" + id + ".sql";
  std::string text = repo_.read(path);
  text.insert(text.find("-- +down"), "-- edited by hand\n");
  repo_.write(path, text);
  reconcile::check::Report found = wf::run_check(o);
  EXPECT_EQ(found.exit_code(), 2);
  EXPECT_FALSE(found.of(reconcile::check::Code::kChecksumMismatch).empty());
  const auto drift = found.of(reconcile::check::Code::kDrift);
  ASSERT_FALSE(drift.empty());
  EXPECT_NE(drift[0]->objects.front().find("person"), std::string::npos);
}

// --- baseline ---------------------------------------------------------------

TEST_F(WorkflowTest, BaselineAdoptsADatabaseBuiltByAnotherTool) {
  exec_sql(url(), "CREATE TABLE legacy (id integer PRIMARY KEY, note text)");
  wf::BaselineOptions o;
  o.project = project();
  o.database = url();
  o.observer = &seen_;
  const wf::BaselineResult r = wf::run_baseline(o);
  ASSERT_TRUE(r.written.has_value());
  const std::string id = r.written->file.revision.id;
  EXPECT_NE(r.written->file.revision.up.find("legacy"), std::string::npos);
  ASSERT_EQ(seen_.written.size(), 1u);
  EXPECT_EQ(seen_.written[0].file.revision.id, id);
  EXPECT_EQ(r.report.recorded, std::vector<std::string>{id});
  EXPECT_EQ(query_value(url(), "SELECT string_agg(id, ',') FROM reconcile.revisions"), id);
  EXPECT_EQ(repo_.git("log -1 --format=%s"), "reconcile: baseline");
}

TEST_F(WorkflowTest, BaselineRefusesADatabaseWithNothingToAdopt) {
  wf::BaselineOptions o;
  o.project = project();
  o.database = url();
  EXPECT_THROW(wf::run_baseline(o), reconcile::UsageError);
  EXPECT_EQ(store().size(), 0u);
}

// --- status -----------------------------------------------------------------

TEST_F(WorkflowTest, StatusListsPendingRevisionsAndDrift) {
  const std::string id = revision("add people").written->file.revision.id;
  wf::StatusOptions o;
  o.project = project();
  o.database = url();
  wf::StatusResult s = wf::run_status(o);
  EXPECT_EQ(s.pending, std::vector<std::string>{id});
  EXPECT_TRUE(s.applied.empty());
  EXPECT_EQ(s.heads, std::vector<std::string>{id});
  EXPECT_EQ(s.head_origins.count(id), 1u);
  ASSERT_TRUE(s.drift.has_value());
  EXPECT_TRUE(s.drift->checked) << s.drift->why_not;
  EXPECT_TRUE(s.drift->objects.empty());

  apply();
  exec_sql(url(), "ALTER TABLE person ADD COLUMN extra integer");
  s = wf::run_status(o);
  EXPECT_TRUE(s.pending.empty());
  ASSERT_EQ(s.applied.size(), 1u);
  ASSERT_TRUE(s.drift.has_value());
  ASSERT_TRUE(s.drift->checked) << s.drift->why_not;
  ASSERT_FALSE(s.drift->objects.empty());
  EXPECT_NE(s.drift->objects.front().find("person"), std::string::npos);
}

TEST_F(WorkflowTest, StatusSaysWhyADatabaseCannotBeReadInsteadOfThrowing) {
  wf::StatusOptions o;
  o.project = project();
  o.database = std::string("postgresql://reconcile@127.0.0.1:1/nowhere?connect_timeout=2");
  const wf::StatusResult s = wf::run_status(o);
  EXPECT_FALSE(s.database_error.empty());
  EXPECT_FALSE(s.database_skipped);
  ASSERT_TRUE(s.drift.has_value());
  EXPECT_FALSE(s.drift->checked);

  o.database = wf::DatabaseUrl();
  const wf::StatusResult none = wf::run_status(o);
  EXPECT_TRUE(none.database_skipped);
}

// --- rehash -----------------------------------------------------------------

TEST_F(WorkflowTest, RehashAcceptsAnEditedRevisionAndCommitsIt) {
  const std::string id = revision("add people").written->file.revision.id;
  const std::string path = "migrations/" + id + ".sql";
  std::string text = repo_.read(path);
  text.insert(text.find("-- +down"), "-- reviewed\n");
  repo_.write(path, text);
  ASSERT_FALSE(store().get(id).checksum_ok());

  wf::RehashOptions o;
  o.project = project();
  o.revision = id + ".sql";
  o.observer = &seen_;
  const wf::RehashResult r = wf::run_rehash(o);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.id, id);
  EXPECT_NE(r.old_checksum, r.checksum);
  ASSERT_TRUE(r.commit.has_value());
  EXPECT_TRUE(store().get(id).checksum_ok());
  EXPECT_EQ(repo_.git("log -1 --format=%s"), "reconcile: rehash " + id);
  EXPECT_TRUE(seen_.warned(r.checksum));

  const wf::RehashResult again = wf::run_rehash(o);
  EXPECT_FALSE(again.changed);
}

// --- plan -------------------------------------------------------------------

TEST_F(WorkflowTest, PlanIsTheMigrationFromTheDatabaseToTheSchema) {
  wf::PlanOptions o;
  o.project = project();
  o.database = url();
  o.observer = &seen_;
  EXPECT_FALSE(wf::run_plan(o).plan.empty());
  EXPECT_EQ(seen_.diagnostics_calls, 1);
  apply();
  EXPECT_TRUE(wf::run_plan(o).plan.empty());
}

TEST_F(WorkflowTest, AWorkflowRefusedBeforeTheDatabaseNeverResolvesIt) {
  int resolved = 0;
  wf::RevisionOptions o;
  o.project = project();
  o.database = wf::DatabaseUrl::resolved_by([&] {
    ++resolved;
    return url();
  });
  o.message = " ";
  EXPECT_THROW(wf::run_revision(o), reconcile::UsageError);
  repo_.write("schema.yaml", "classes: [");
  o.message = "broken schema";
  EXPECT_THROW(wf::run_revision(o), reconcile::InputError);
  EXPECT_EQ(resolved, 0);
}

}  // namespace
