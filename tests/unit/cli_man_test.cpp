// The man page and the command-line description it is generated from
// (cli/man.h, cli/cli_spec.h), against the CLI11 app that parses the
// command line: every visible command and option is in the page, hidden
// helpers are not, and roff escaping keeps dashes and leading dots literal.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/cli_spec.h"
#include "cli/man.h"

namespace reconcile::cli {
namespace {

std::vector<const CLI::App*> visible(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
}

// `--lock-wait` as the page writes it: \-\-lock\-wait.
std::string roff_dashes(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class ManPage : public ::testing::Test {
 protected:
  Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  std::string page;
  void SetUp() override {
    build_app(app, ctx);
    page = render_man_page(describe(app), "9.9.9");
  }
};

TEST_F(ManPage, ListsEveryCommandOfTheParserOnce) {
  const auto commands = visible(app);
  ASSERT_GE(commands.size(), 18u);
  size_t listed = 0;
  for (const CLI::App* c : commands) {
    const std::string heading = ".SS \"reconcile " + roff_dashes(c->get_name()) + "\"\n";
    EXPECT_EQ(count(page, heading), 1u) << c->get_name() << " is not listed once";
    ++listed;
    for (const CLI::App* sub : visible(*c)) {
      const std::string nested = ".SS \"reconcile " + roff_dashes(c->get_name()) + " " +
                                 roff_dashes(sub->get_name()) + "\"\n";
      EXPECT_EQ(count(page, nested), 1u) << c->get_name() << " " << sub->get_name();
      ++listed;
    }
  }
  // Nothing else is listed as a command: the hidden helpers stay out.
  EXPECT_EQ(count(page, ".SS "), listed);
  EXPECT_EQ(page.find("__complete"), std::string::npos);
  EXPECT_EQ(page.find("__man"), std::string::npos);
}

TEST_F(ManPage, ListsEveryOptionOfEveryCommand) {
  std::vector<const CLI::App*> all{&app};
  for (const CLI::App* c : visible(app)) {
    all.push_back(c);
    for (const CLI::App* sub : visible(*c)) all.push_back(sub);
  }
  for (const CLI::App* c : all) {
    for (const CLI::Option* o : c->get_options()) {
      if (o->get_positional() || o == c->get_help_ptr()) continue;
      for (const std::string& l : o->get_lnames())
        EXPECT_NE(page.find("\\fB" + roff_dashes("--" + l) + "\\fR"), std::string::npos)
            << c->get_name() << " --" << l;
    }
  }
}

TEST_F(ManPage, HasTheSectionsAndTheVersion) {
  EXPECT_EQ(page.rfind(".\\\" ", 0), 0u) << "starts with a comment";
  EXPECT_NE(page.find(".TH RECONCILE 1 \"\" \"reconcile 9.9.9\""), std::string::npos);
  for (const char* section : {".SH NAME\n", ".SH SYNOPSIS\n", ".SH GLOBAL OPTIONS\n",
                              ".SH COMMANDS\n", ".SH EXIT STATUS AND DATABASE\n"})
    EXPECT_NE(page.find(section), std::string::npos) << section;
  // The footer's exit codes are in the page.
  EXPECT_NE(page.find("Exit codes: 0 ok/clean"), std::string::npos);
}

TEST(ManPageEscaping, BackslashesLeadingDotsAndDashes) {
  CommandSpec root;
  root.description = "top";
  CommandSpec cmd;
  cmd.name = "x-y";
  cmd.description = ".starts with a dot\n'and a quote \\ backslash";
  OptionSpec o;
  o.long_names = {"dry-run"};
  o.description = "a flag";
  cmd.options.push_back(o);
  root.commands.push_back(cmd);
  const std::string page = render_man_page(root, "1.0");
  EXPECT_NE(page.find(".SS \"reconcile x\\-y\""), std::string::npos) << page;
  EXPECT_NE(page.find("\n\\&.starts with a dot\n\\&'and a quote \\e backslash\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("\\fB\\-\\-dry\\-run\\fR"), std::string::npos) << page;
}

TEST(CliSpec, ValueKindsComeFromTheDeclarations) {
  Context ctx;
  CLI::App app{"reconcile", "reconcile"};
  build_app(app, ctx);
  const CommandSpec root = describe(app);
  auto find_option = [](const CommandSpec& c, const std::string& name) -> const OptionSpec* {
    for (const auto& o : c.options)
      for (const auto& l : o.long_names)
        if (l == name) return &o;
    return nullptr;
  };
  auto find_command = [](const CommandSpec& c, const std::string& name) -> const CommandSpec* {
    for (const auto& s : c.commands)
      if (s.name == name) return &s;
    return nullptr;
  };
  const OptionSpec* format = find_option(root, "format");
  ASSERT_NE(format, nullptr);
  EXPECT_EQ(format->kind, ValueKind::kChoice);
  EXPECT_EQ(format->choices.front(), "text");
  const OptionSpec* strict = find_option(root, "strict");
  ASSERT_NE(strict, nullptr);
  EXPECT_EQ(strict->kind, ValueKind::kNone);
  EXPECT_EQ(find_option(root, "migrations")->kind, ValueKind::kDirectory);
  EXPECT_EQ(find_option(root, "config")->kind, ValueKind::kFile);
  EXPECT_EQ(find_option(root, "database")->kind, ValueKind::kText);
  const CommandSpec* apply = find_command(root, "apply");
  ASSERT_NE(apply, nullptr);
  EXPECT_EQ(find_option(*apply, "to")->kind, ValueKind::kRevision);
  const CommandSpec* downgrade = find_command(root, "downgrade");
  ASSERT_NE(downgrade, nullptr);
  ASSERT_EQ(downgrade->arguments.size(), 1u);
  EXPECT_EQ(downgrade->arguments[0].kind, ValueKind::kRevision);
  EXPECT_EQ(find_command(root, "__complete"), nullptr);
  EXPECT_EQ(find_command(root, "__man"), nullptr);
  const CommandSpec* hooks = find_command(root, "hooks");
  ASSERT_NE(hooks, nullptr);
  ASSERT_EQ(hooks->commands.size(), 2u);
}

}  // namespace
}  // namespace reconcile::cli
