// Running a command with a pseudo-terminal as its stdin, stdout and stderr
// (forkpty), the way it runs in a user's terminal: isatty() is true for all
// three. For tests of what a command shows only on a terminal.
#pragma once

#include <string>

#include "support/git_repo.h"

namespace reconcile::testing {

// Runs `command` with /bin/sh in `cwd` on a new pseudo-terminal (80 columns)
// and returns everything it wrote there (stdout and stderr together, as the
// terminal received it: `out`; `err` stays empty) and its exit code.
GitResult run_in_pty(const std::string& command, const std::string& cwd);

}  // namespace reconcile::testing
