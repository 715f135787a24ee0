// A plain description of the command line, read from the CLI11 app that
// parses it: commands, their options and arguments, and what kind of value
// each takes. The shell completion scripts (`reconcile completion`) and the
// man page (`reconcile __man`) are generated from it, so neither can list a
// command or an option the parser does not know.
//
// Guarantees:
//  * Hidden commands (no help group, such as `__complete`) are left out.
//  * Order is the parser's: commands in help order, options as added.
//  * --help is left out of every command's option list (the man page and the
//    scripts add it once).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace reconcile::cli {

// What a value of an option or argument is, for completion.
enum class ValueKind {
  kNone,       // a flag: no value
  kText,       // free text (a message, a URL, a number): nothing to complete
  kFile,       // a path to a file
  kDirectory,  // a path to a folder
  kRevision,   // a revision id of the migrations folder
  kChoice,     // one of `choices`
};

struct OptionSpec {
  std::vector<std::string> long_names;   // without dashes: "format"
  std::vector<std::string> short_names;  // without the dash: "v"
  std::string description;
  std::string value_name;  // "URL", "REV", ...; empty for a flag
  ValueKind kind = ValueKind::kNone;
  std::vector<std::string> choices;  // kChoice only
  bool required = false;
};

struct ArgumentSpec {
  std::string name;        // "target"
  std::string value_name;  // "REV|-N"
  std::string description;
  ValueKind kind = ValueKind::kText;
  std::vector<std::string> choices;  // kChoice only
  bool required = false;
};

struct CommandSpec {
  std::string name;  // "" for the program itself
  std::string description;
  std::string footer;
  std::vector<OptionSpec> options;
  std::vector<ArgumentSpec> arguments;
  std::vector<CommandSpec> commands;  // nested commands (`hooks install`)
};

// Reads `app` (the root app once build_app() has run, or any command).
CommandSpec describe(const CLI::App& app);

// Every option of `command` that takes a value, as shell words ("--to", "-m").
std::vector<std::string> value_option_words(const CommandSpec& command);

}  // namespace reconcile::cli
