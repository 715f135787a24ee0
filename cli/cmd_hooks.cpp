// `reconcile hooks install|uninstall`: git hooks (post-merge, post-checkout,
// post-rewrite) that run `reconcile status --hook` (and `reconcile apply`
// when reconcile.yaml says `hooks: {apply: true}`; decided at install time,
// so install again after changing it).
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "gitsync/hooks.h"

namespace reconcile::cli {
namespace {

// The absolute path of the running executable, so hooks call this build.
std::string self_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("reconcile") : p.string();
}

// A hook path as shown to people: relative to the work tree when inside it.
std::string shown(const gitsync::Repository& repo, const std::string& path) {
  const std::string& root = repo.workdir();
  if (path.compare(0, root.size() + 1, root + "/") == 0) return path.substr(root.size() + 1);
  return path;
}

int report(Context& ctx, const gitsync::Repository& repo,
           const std::vector<gitsync::HookChange>& changes) {
  if (ctx.format() == OutputFormat::kJson) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : changes) j.push_back({{"hook", c.path}, {"action", c.action}});
    ctx.print_json({{"hooks", j}});
    return 0;
  }
  if (ctx.format() != OutputFormat::kText) ctx.unsupported_format("hooks", "text, json");
  for (const auto& c : changes) ctx.out() << c.action << ": " << shown(repo, c.path) << "\n";
  return 0;
}

}  // namespace

void register_hooks(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "hooks", "Install or remove the git hooks: post-merge, post-checkout, post-rewrite");
  cmd->require_subcommand(1);
  CLI::App* install = cmd->add_subcommand("install", "Install the git hooks");
  CLI::App* uninstall =
      cmd->add_subcommand("uninstall", "Remove the git hooks reconcile installed");
  on_run(install, ctx, [&ctx] {
    gitsync::Repository repo = gitsync::Repository::discover(".");
    gitsync::HookOptions options;
    options.executable = self_executable();
    options.run_apply = ctx.config().hooks.apply;
    return report(ctx, repo, gitsync::install_hooks(repo, options));
  });
  on_run(uninstall, ctx, [&ctx] {
    gitsync::Repository repo = gitsync::Repository::discover(".");
    return report(ctx, repo, gitsync::uninstall_hooks(repo));
  });
}

}  // namespace reconcile::cli
