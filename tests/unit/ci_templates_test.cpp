// The CI templates in ci/templates/ parse as YAML and hold the jobs and
// commands the documentation promises.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#ifndef RECONCILE_SOURCE_DIR
#error "RECONCILE_SOURCE_DIR must be defined by the build"
#endif

namespace {

YAML::Node load(const std::string& relative) {
  return YAML::LoadFile(std::string(RECONCILE_SOURCE_DIR) + "/" + relative);
}

// All `run`/`script` lines of a node, joined, to look for commands.
std::string scalars(const YAML::Node& n) {
  std::string out;
  if (n.IsScalar()) return n.as<std::string>() + "\n";
  if (n.IsSequence()) {
    for (const auto& c : n) out += scalars(c);
  } else if (n.IsMap()) {
    for (const auto& kv : n) out += scalars(kv.second);
  }
  return out;
}

}  // namespace

TEST(CiTemplates, GithubWorkflowParsesAndHasOfflineAndDatabaseJobs) {
  YAML::Node wf;
  ASSERT_NO_THROW(wf = load("ci/templates/github/reconcile-check.yml"));
  ASSERT_TRUE(wf.IsMap());
  ASSERT_TRUE(wf["on"]) << "workflow has no triggers";
  EXPECT_TRUE(wf["on"]["pull_request"]);
  ASSERT_TRUE(wf["on"]["schedule"].IsSequence());
  EXPECT_FALSE(wf["on"]["schedule"][0]["cron"].as<std::string>().empty());

  const YAML::Node jobs = wf["jobs"];
  ASSERT_TRUE(jobs.IsMap());
  ASSERT_TRUE(jobs["offline"]);
  ASSERT_TRUE(jobs["database"]);
  std::string offline = scalars(jobs["offline"]["steps"]);
  EXPECT_NE(offline.find("reconcile check --format github"), std::string::npos);
  EXPECT_EQ(offline.find("--database"), std::string::npos);
  EXPECT_EQ(jobs["offline"]["if"].as<std::string>(), "github.event_name != 'schedule'");

  const YAML::Node db_steps = jobs["database"]["steps"];
  bool found = false;
  for (const auto& step : db_steps) {
    if (!step["run"]) continue;
    std::string run = step["run"].as<std::string>();
    if (run.find("reconcile check --database \"$DATABASE_URL\" --format github") ==
        std::string::npos)
      continue;
    found = true;
    EXPECT_EQ(step["env"]["DATABASE_URL"].as<std::string>(), "${{ secrets.DATABASE_URL }}");
  }
  EXPECT_TRUE(found) << "no database check step";
  EXPECT_NE(jobs["database"]["if"].as<std::string>().find("schedule"), std::string::npos);
}

TEST(CiTemplates, GitlabJobsParse) {
  YAML::Node ci;
  ASSERT_NO_THROW(ci = load("ci/templates/gitlab/reconcile-check.gitlab-ci.yml"));
  ASSERT_TRUE(ci["reconcile-check"]);
  ASSERT_TRUE(ci["reconcile-drift"]);
  EXPECT_EQ(ci["reconcile-check"]["extends"].as<std::string>(), ".reconcile");
  std::string check = scalars(ci["reconcile-check"]["script"]);
  EXPECT_NE(check.find("reconcile check --format junit"), std::string::npos);
  EXPECT_EQ(check.find("--database"), std::string::npos);
  std::string drift = scalars(ci["reconcile-drift"]["script"]);
  EXPECT_NE(drift.find("reconcile check --database \"$DATABASE_URL\""), std::string::npos);
  EXPECT_EQ(ci["reconcile-drift"]["rules"][0]["if"].as<std::string>(),
            "$CI_PIPELINE_SOURCE == \"schedule\"");
  EXPECT_EQ(ci["reconcile-check"]["artifacts"]["reports"]["junit"].as<std::string>(),
            "reconcile-check.xml");
}

TEST(CiTemplates, PreCommitHooksParse) {
  YAML::Node hooks;
  ASSERT_NO_THROW(hooks = load(".pre-commit-hooks.yaml"));
  ASSERT_TRUE(hooks.IsSequence());
  ASSERT_GE(hooks.size(), 1u);
  for (const auto& h : hooks) {
    EXPECT_FALSE(h["id"].as<std::string>().empty());
    EXPECT_FALSE(h["name"].as<std::string>().empty());
    EXPECT_EQ(h["language"].as<std::string>(), "system");
    EXPECT_FALSE(h["pass_filenames"].as<bool>());
    std::string entry = h["entry"].as<std::string>();
    EXPECT_EQ(entry.rfind("reconcile check", 0), 0u) << entry;
    EXPECT_EQ(entry.find("--database"), std::string::npos) << "hooks must stay offline";
  }
  EXPECT_EQ(hooks[0]["id"].as<std::string>(), "reconcile-check");
}
