// The manual page reconcile(1), in roff (man macros), generated from the
// command-line description (cli/cli_spec.h): every visible command, nested
// command, option and argument with its help text, and the program's footer
// (exit codes, which database). The build writes it with `reconcile __man`,
// so the page cannot drift from `--help`.
//
// Guarantees: deterministic (no date: the version stands in the header);
// text is escaped for roff (backslashes, leading dots and quotes, dashes in
// option names).
#pragma once

#include <string>

#include "cli/cli_spec.h"

namespace reconcile::cli {

std::string render_man_page(const CommandSpec& root, const std::string& version);

}  // namespace reconcile::cli
