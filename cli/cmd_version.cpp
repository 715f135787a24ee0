// `reconcile version`: the version of reconcile and of the libraries it uses.
#include <git2.h>
#include <libpq-fe.h>
#include <spdlog/version.h>
#include <yaml-cpp/yaml.h>
#include <CLI/Version.hpp>

#include <string>

#include "cli/commands.h"
#include "reconcile_version.h"

namespace reconcile::cli {

void register_version(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version of reconcile");
  on_run(cmd, ctx, [&ctx] {
    int major = 0, minor = 0, rev = 0;
    git_libgit2_version(&major, &minor, &rev);
    std::string libgit2 =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(rev);
    int pq = PQlibVersion();
    std::string libpq = std::to_string(pq / 10000) + "." + std::to_string(pq % 10000);
    if (ctx.format() == OutputFormat::kJson) {
      ctx.print_json({{"version", RECONCILE_VERSION}, {"libgit2", libgit2}, {"libpq", libpq}});
      return 0;
    }
    ctx.out() << "reconcile " << RECONCILE_VERSION << "\n";
    if (ctx.options.verbose > 0) {
      ctx.out() << "libgit2 " << libgit2 << "\nlibpq " << libpq << "\nCLI11 " << CLI11_VERSION
                << "\nspdlog " << SPDLOG_VER_MAJOR << "." << SPDLOG_VER_MINOR << "."
                << SPDLOG_VER_PATCH << "\n";
    }
    return 0;
  });
}

}  // namespace reconcile::cli
