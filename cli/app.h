// The command-line frame: builds the CLI11 app (global options and every
// command) and runs it, mapping errors to exit codes (docs/design.md, "Checks and
// exit codes"): 0 ok, 2 findings (commands return it), 1 error, 3 refused.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace reconcile::cli {

// Adds the global options and all commands to `app`.
void build_app(CLI::App& app, Context& ctx);

// The whole program: parse, set up logging, run the chosen command, report
// errors on stderr. Returns the process exit code.
int run_main(int argc, char** argv);

}  // namespace reconcile::cli
