// `reconcile completion bash|zsh|fish`: a completion script for the shell,
// generated from this command line. Also the hidden helpers the scripts and
// the build call: `reconcile __complete revisions` (the revision ids of the
// migrations folder, one a line; nothing when it cannot be read) and
// `reconcile __man` (the man page, cli/man.h).
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_spec.h"
#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/man.h"
#include "history/revision/store.h"
#include "reconcile_version.h"
#include "util/error.h"

namespace reconcile::cli {
namespace {

struct Options {
  std::string shell;
  std::string what;
};

}  // namespace

void register_completion(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* root = &app;
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print a shell completion script (bash: source <(reconcile completion bash))");
  cmd->add_option("shell", opts->shell, "The shell: bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(kCompletionShells), std::end(kCompletionShells))));
  cmd->footer(
      "bash: source <(reconcile completion bash), or save it in "
      "~/.local/share/bash-completion/completions/reconcile\n"
      "zsh:  save it as _reconcile in a folder of $fpath (after compinit)\n"
      "fish: reconcile completion fish > ~/.config/fish/completions/reconcile.fish");
  on_run(cmd, ctx, [opts, root, &ctx] {
    const CommandSpec spec = describe(*root);
    if (opts->shell == "bash")
      ctx.out() << bash_completion(spec);
    else if (opts->shell == "zsh")
      ctx.out() << zsh_completion(spec);
    else
      ctx.out() << fish_completion(spec);
    return 0;
  });

  // Hidden (no help group): called by the completion scripts.
  CLI::App* complete = app.add_subcommand("__complete", "Values for shell completion");
  complete->group("");
  complete->add_option("what", opts->what, "What to list: revisions")
      ->required()
      ->check(CLI::IsMember({"revisions"}));
  on_run(complete, ctx, [&ctx] {
    try {
      const revision::RevisionStore store = revision::RevisionStore::load(ctx.migrations_dir());
      for (const auto& [id, revision] : store.revisions()) ctx.out() << id << "\n";
    } catch (const Error&) {
      // Nothing to complete: no configuration, no migrations folder.
    }
    return 0;
  });

  // Hidden: the man page, written by the build.
  CLI::App* man = app.add_subcommand("__man", "The reconcile(1) man page in roff");
  man->group("");
  on_run(man, ctx, [root, &ctx] {
    ctx.out() << render_man_page(describe(*root), RECONCILE_VERSION);
    return 0;
  });
}

}  // namespace reconcile::cli
