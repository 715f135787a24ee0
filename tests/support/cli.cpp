#include "support/cli.h"

#include "support/pg_fixture.h"

namespace reconcile::testing {

GitResult reconcile_in(const std::string& cwd, const std::string& args,
                       const std::string& database_url) {
  std::string env =
      "NO_COLOR=1 RECONCILE_SHADOW_URL=" + sh_quote(TestServer::get().admin_url()) + " ";
  if (!database_url.empty()) env += "DATABASE_URL=" + sh_quote(database_url) + " ";
  return run_shell(env + sh_quote(RECONCILE_BINARY) + " " + args, cwd);
}

}  // namespace reconcile::testing
