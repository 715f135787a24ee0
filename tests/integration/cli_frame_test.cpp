// The command-line frame, run as a real process: help, unknown commands,
// version, global options, configuration errors, exit codes.
#include <gtest/gtest.h>

#include "support/pg_fixture.h"

using namespace reconcile::testing;

namespace {

const char* const kCommands[] = {"init",     "sql",     "inspect",   "diff",     "plan",
                                 "revision", "apply",   "downgrade", "status",   "history",
                                 "heads",    "merge",   "check",     "baseline", "hooks",
                                 "dev-db",   "version", "completion"};

CommandResult run_reconcile(const std::string& args, const std::string& cwd = "") {
  return run_command(reconcile_binary() + " " + args, cwd);
}

}  // namespace

TEST(CliFrame, HelpListsEveryCommand) {
  CommandResult r = run_reconcile("--help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* cmd : kCommands) {
    EXPECT_NE(r.out.find(std::string("  ") + cmd + " "), std::string::npos)
        << "--help does not list " << cmd << ":\n"
        << r.out;
  }
  for (const char* opt :
       {"--config", "--database", "--schema", "--migrations", "--profile", "--format", "--strict",
        "--verbose", "--quiet", "--no-color", "--progress"}) {
    EXPECT_NE(r.out.find(opt), std::string::npos) << "--help does not list " << opt;
  }
}

TEST(CliFrame, EveryCommandHasHelp) {
  for (const char* cmd : kCommands) {
    CommandResult r = run_reconcile(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
    EXPECT_NE(r.out.find(cmd), std::string::npos) << r.out;
  }
}

TEST(CliFrame, CommandHelpShowsItsOptions) {
  CommandResult plan = run_reconcile("plan --help");
  EXPECT_NE(plan.out.find("--detailed-exitcode"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("--ref"), std::string::npos) << plan.out;
  CommandResult apply = run_reconcile("apply --help");
  for (const char* opt :
       {"--allow-destructive", "--no-generate", "--to", "--dry-run", "--lock-wait"}) {
    EXPECT_NE(apply.out.find(opt), std::string::npos) << opt << "\n" << apply.out;
  }
  CommandResult devdb = run_reconcile("dev-db --help");
  for (const char* sub : {"start", "stop", "status", "url", "reset"}) {
    EXPECT_NE(devdb.out.find(sub), std::string::npos) << sub << "\n" << devdb.out;
  }
}

TEST(CliFrame, UnknownCommandExitsOne) {
  CommandResult r = run_reconcile("frobnicate");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("reconcile --help"), std::string::npos) << r.err;
  // A near miss gets a suggestion, also after global options with values.
  r = run_reconcile("--format json aply");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did you mean `reconcile apply`?"), std::string::npos) << r.err;
  // ... and after a flag, which takes no value.
  r = run_reconcile("--strict plna");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did you mean `reconcile plan`?"), std::string::npos) << r.err;
}

TEST(CliFrame, NoCommandExitsOne) {
  CommandResult r = run_reconcile("");
  EXPECT_EQ(r.exit_code, 1);
}

TEST(CliFrame, UnknownOptionExitsOne) {
  EXPECT_EQ(run_reconcile("version --no-such-option").exit_code, 1);
}

TEST(CliFrame, BadFormatOrProfileExitsOne) {
  CommandResult f = run_reconcile("--format yaml version");
  EXPECT_EQ(f.exit_code, 1);
  EXPECT_NE(f.err.find("format"), std::string::npos) << f.err;
  EXPECT_EQ(run_reconcile("--profile sqlalchemy version").exit_code, 1);
}

TEST(CliFrame, Version) {
  CommandResult r = run_reconcile("version");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("reconcile ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(RECONCILE_VERSION_FOR_TESTS), std::string::npos) << r.out;
  CommandResult flag = run_reconcile("--version");
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_EQ(flag.out, r.out);
}

TEST(CliFrame, VersionAsJson) {
  CommandResult r = run_reconcile("--format json version");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"version\": \"" RECONCILE_VERSION_FOR_TESTS "\""), std::string::npos)
      << r.out;
}

TEST(CliFrame, GlobalOptionsWorkAfterTheCommand) {
  CommandResult r = run_reconcile("version --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"version\""), std::string::npos) << r.out;
}

TEST(CliFrame, BrokenConfigNamesFileLineAndColumn) {
  TempDir dir;
  write_file(dir.path() + "/reconcile.yaml", "schema: a.yaml\nprofile: bogus\n");
  CommandResult r = run_reconcile("dev-db status", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("reconcile.yaml:2:10"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
}

TEST(CliFrame, UnknownConfigKeyWarnsWithPosition) {
  TempDir dir;
  write_file(dir.path() + "/reconcile.yaml",
             "schema: a.yaml\ndev_db:\n  path: db\n  colour: blue\n");
  CommandResult r = run_reconcile("dev-db status", dir.path());
  EXPECT_EQ(r.exit_code, 1);  // not running
  EXPECT_NE(r.err.find("reconcile.yaml:4:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dev_db.colour"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("not initialized"), std::string::npos) << r.out;
}

TEST(CliFrame, MissingExplicitConfigIsAnError) {
  TempDir dir;
  CommandResult r = run_reconcile("--config nowhere.yaml dev-db status", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nowhere.yaml"), std::string::npos) << r.err;
}

TEST(CliFrame, PasswordInConfigErrorIsRedacted) {
  TempDir dir;
  write_file(
      dir.path() + "/reconcile.yaml",
      "database: postgresql://app:topsecret@db/app\nlock_wait: postgresql://x:topsecret@h\n");
  CommandResult r = run_reconcile("dev-db status", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find("topsecret"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("topsecret"), std::string::npos) << r.out;
}
