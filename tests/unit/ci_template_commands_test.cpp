// Every `reconcile ...` command line in the CI templates (ci/templates/) and
// in the pre-commit hooks (.pre-commit-hooks.yaml) parses with reconcile's own
// command line: the commands, options and --format values the templates use
// exist. Shell variables stand in as a placeholder word.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/context.h"

namespace {

// The shell text of a template: every scalar under a `run`, `script`,
// `before_script` or `entry` key (names and descriptions are not commands).
void commands(const YAML::Node& n, std::vector<std::string>& out, bool shell = false) {
  if (n.IsScalar()) {
    if (shell) out.push_back(n.as<std::string>());
  } else if (n.IsSequence()) {
    for (const auto& c : n) commands(c, out, shell);
  } else if (n.IsMap()) {
    for (const auto& kv : n) {
      const std::string key = kv.first.as<std::string>();
      commands(
          kv.second, out,
          shell || key == "run" || key == "script" || key == "before_script" || key == "entry");
    }
  }
}

// The words of a shell command after `reconcile`, up to a redirection, pipe
// or list operator; quotes removed, a word holding a variable replaced by "x".
std::vector<std::string> words_after(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, variable = false;
  char quote = 0;
  auto end_word = [&] {
    if (in_word) words.push_back(variable ? "x" : word);
    word.clear();
    in_word = variable = false;
  };
  for (char c : command) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        word += c, variable = variable || c == '$';
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      end_word();
    } else if (c == '>' || c == '|' || c == ';' || c == '&' || c == '\n') {
      break;
    } else {
      word += c;
      in_word = true;
      variable = variable || c == '$';
    }
  }
  end_word();
  return words;
}

struct Invocation {
  std::string file;
  std::string line;
};

std::vector<Invocation> invocations() {
  std::vector<Invocation> out;
  for (const char* file :
       {"ci/templates/github/reconcile-check.yml", "ci/templates/github/reconcile-plan.yml",
        "ci/templates/gitlab/reconcile-check.gitlab-ci.yml", ".pre-commit-hooks.yaml"}) {
    std::vector<std::string> texts;
    commands(YAML::LoadFile(std::string(RECONCILE_SOURCE_DIR) + "/" + file), texts);
    // `reconcile` as a command: at a line start, or after a shell operator.
    static const std::regex call("(^|\\n|[|;&(]\\s*|\\$\\(\\s*)reconcile( [^\\n]*)");
    for (const std::string& t : texts)
      for (std::sregex_iterator it(t.begin(), t.end(), call), end; it != end; ++it)
        out.push_back({file, (*it)[2].str()});
  }
  return out;
}

}  // namespace

TEST(CiTemplateCommands, EveryReconcileCommandLineParses) {
  const std::vector<Invocation> calls = invocations();
  // check, check --format github, check --format junit, check --database, diff
  // --format markdown, check --no-replay, ...
  ASSERT_GE(calls.size(), 8u);
  bool markdown = false;
  for (const Invocation& call : calls) {
    std::vector<std::string> args = words_after(call.line);
    reconcile::cli::Context ctx;
    CLI::App app{"reconcile", "reconcile"};
    reconcile::cli::build_app(app, ctx);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      ADD_FAILURE() << call.file << ": `reconcile" << call.line << "` does not parse: " << e.what();
      continue;
    }
    EXPECT_TRUE(ctx.action()) << call.file << ": `reconcile" << call.line << "` names no command";
    // The format given is one the command takes (the CLI refuses others when it runs).
    (void)ctx.format();
    markdown = markdown || ctx.options.format == "markdown";
  }
  EXPECT_TRUE(markdown) << "no template posts a Markdown plan";
}

TEST(CiTemplateCommands, AMistypedFlagIsCaught) {
  // The test above would notice a flag that does not exist.
  reconcile::cli::Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  reconcile::cli::build_app(app, ctx);
  std::vector<std::string> args = words_after(" check --no-replays --format github");
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  EXPECT_THROW(app.parse(reversed), CLI::ParseError);
}
