// Running the built `reconcile` the way a user would, for integration tests:
// in `cwd`, without colours, with replays (shadow databases) on the test
// server, and with DATABASE_URL set when `database_url` is given.
#pragma once

#include <string>

#include "support/git_repo.h"

namespace reconcile::testing {

GitResult reconcile_in(const std::string& cwd, const std::string& args,
                       const std::string& database_url = "");

}  // namespace reconcile::testing
