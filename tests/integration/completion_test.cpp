// `reconcile completion bash|zsh|fish`, run as a user would: the bash script
// loads and registers itself, completes command prefixes, nested commands,
// option values and revision ids (through `reconcile __complete revisions`);
// the zsh and fish scripts pass their shell's syntax check and register
// (fish also completes). The built share folder holds the same scripts and
// the man page the binary prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "history/revision/store.h"
#include "support/ci_rules.h"
#include "support/process.h"

using namespace reconcile::testing;

namespace {

std::string bin_dir() {
  return std::filesystem::path(reconcile_binary()).parent_path().string();
}

// Runs a bash snippet with the built reconcile first on PATH, in `cwd`.
CommandResult in_bash(const std::string& script, const std::string& cwd) {
  return run_command("PATH='" + bin_dir() + "':\"$PATH\" bash -c '" + script + "'", cwd);
}

// The words bash completion offers for the command line `words` (the last
// one being completed), one per line, sorted.
std::set<std::string> bash_complete(const std::string& words, const std::string& cwd) {
  CommandResult r =
      in_bash("source <(reconcile completion bash); COMP_WORDS=(" + words +
                  "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _reconcile; printf \"%s\\n\" "
                  "\"${COMPREPLY[@]}\"",
              cwd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

std::set<std::string> example_revisions() {
  std::set<std::string> ids;
  auto store = reconcile::revision::RevisionStore::load(source_dir() + "/generated-migrations");
  for (const auto& [id, r] : store.revisions()) ids.insert(id);
  return ids;
}

}  // namespace

TEST(Completion, BashScriptLoadsAndRegisters) {
  CommandResult r = in_bash("source <(reconcile completion bash); complete -p reconcile", "/");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "complete -F _reconcile reconcile\n");
  EXPECT_EQ(r.err, "");
}

TEST(Completion, BashCompletesCommandPrefixes) {
  EXPECT_EQ(bash_complete("reconcile dow", "/"), std::set<std::string>{"downgrade"});
  EXPECT_EQ(bash_complete("reconcile h", "/"),
            (std::set<std::string>{"heads", "history", "hooks"}));
  // Global options before the command do not hide it.
  EXPECT_EQ(bash_complete("reconcile --format json --strict hooks i", "/"),
            std::set<std::string>{"install"});
  EXPECT_EQ(bash_complete("reconcile dev-db st", "/"),
            (std::set<std::string>{"start", "status", "stop"}));
  // Hidden helpers are not offered.
  EXPECT_TRUE(bash_complete("reconcile __", "/").empty());
}

TEST(Completion, BashCompletesOptionsAndTheirValues) {
  EXPECT_EQ(bash_complete("reconcile apply --t", "/"), std::set<std::string>{"--to"});
  EXPECT_EQ(bash_complete("reconcile --format j", "/"), (std::set<std::string>{"json", "junit"}));
  EXPECT_EQ(bash_complete("reconcile --profile \"\"", "/"),
            (std::set<std::string>{"native", "linkml"}));
  EXPECT_EQ(bash_complete("reconcile completion \"\"", "/"),
            (std::set<std::string>{"bash", "fish", "zsh"}));
  // Global options complete after a command too.
  EXPECT_TRUE(bash_complete("reconcile plan --", "/").count("--database"));
  EXPECT_TRUE(bash_complete("reconcile plan --", "/").count("--detailed-exitcode"));
}

TEST(Completion, BashCompletesRevisionIdsFromTheBinary) {
  const std::set<std::string> ids = example_revisions();
  ASSERT_FALSE(ids.empty());
  const std::string examples = source_dir() + "/examples";
  EXPECT_EQ(bash_complete("reconcile downgrade \"\"", examples), ids);
  EXPECT_EQ(bash_complete("reconcile apply --to \"\"", examples), ids);
  EXPECT_EQ(bash_complete("reconcile rehash \"\"", examples), ids);
  // --migrations typed on the command line is passed on to the binary.
  EXPECT_EQ(
      bash_complete(
          "reconcile --migrations " + source_dir() + "/generated-migrations downgrade \"\"", "/"),
      ids);
  // Without a migrations folder there is nothing to complete, and no error.
  EXPECT_TRUE(bash_complete("reconcile downgrade \"\"", "/").empty());
}

TEST(Completion, CompleteRevisionsListsTheStore) {
  CommandResult r =
      run_command(reconcile_binary() + " __complete revisions", source_dir() + "/examples");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string expected;
  for (const auto& id : example_revisions()) expected += id + "\n";
  EXPECT_EQ(r.out, expected);
}

TEST(Completion, ZshScriptParsesAndRegisters) {
  if (!require_tool("zsh", "zsh")) return;
  TempDir dir;
  CommandResult gen = run_command(reconcile_binary() + " completion zsh > _reconcile", dir.path());
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  CommandResult syntax = run_command("zsh -n _reconcile", dir.path());
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
  CommandResult r = run_command(
      "zsh -f -c 'autoload -U compinit; compinit -u -d ./zcompdump; source ./_reconcile; "
      "print ${_comps[reconcile]}'",
      dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "_reconcile\n") << r.err;
}

TEST(Completion, FishScriptParsesAndCompletes) {
  if (!require_tool("fish", "fish")) return;
  TempDir dir;
  CommandResult gen =
      run_command(reconcile_binary() + " completion fish > reconcile.fish", dir.path());
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  CommandResult syntax = run_command("fish --no-execute reconcile.fish", dir.path());
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
  CommandResult r = run_command(
      "HOME='" + dir.path() + "' PATH='" + bin_dir() + "':\"$PATH\" fish --no-config -c 'source " +
          dir.path() +
          "/reconcile.fish; complete -C \"reconcile dow\"; complete -C \"reconcile downgrade \"'",
      source_dir() + "/examples");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string expected = "downgrade\tRun down bodies in reverse order: to REV, or -N revisions\n";
  for (const auto& id : example_revisions()) expected += id + "\n";
  EXPECT_EQ(r.out, expected);
}

// The build writes the man page and the scripts with the binary
// (cmake/generate-share.sh): what is installed is what the binary prints.
TEST(Completion, BuiltShareFolderMatchesTheBinary) {
  const std::string share = bin_dir() + "/share";
  const std::vector<std::pair<std::string, std::string>> scripts = {
      {"completions/reconcile.bash", "completion bash"},
      {"completions/_reconcile", "completion zsh"},
      {"completions/reconcile.fish", "completion fish"}};
  for (const auto& [file, args] : scripts) {
    CommandResult r = run_command(reconcile_binary() + " " + args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_file(share + "/" + file), r.out) << file;
  }
  CommandResult man = run_command(reconcile_binary() + " __man");
  ASSERT_EQ(man.exit_code, 0) << man.err;
  CommandResult gz = run_command("gzip -dc '" + share + "/man/reconcile.1.gz'");
  ASSERT_EQ(gz.exit_code, 0) << gz.err;
  EXPECT_EQ(gz.out, man.out);
}
