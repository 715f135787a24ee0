// `reconcile history`: the revision DAG — a list (oldest first), an ASCII
// graph (--graph, newest first), a mermaid flowchart (--format mermaid) or
// JSON (--format json). Problems of the revision files are warnings on
// stderr; `reconcile check` fails on them.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "history/revision/history.h"
#include "history/revision/store.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool graph = false;
};

}  // namespace

void register_history(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("history", "The revision DAG (also --format mermaid)");
  cmd->add_flag("--graph", opts->graph, "Draw the DAG");
  on_run(cmd, ctx, [opts, &ctx] {
    revision::RevisionStore store = revision::RevisionStore::load(ctx.migrations_dir());
    switch (ctx.format()) {
      case OutputFormat::kJson:
        ctx.print_json(revision::history_json(store));
        return 0;
      case OutputFormat::kMermaid:
        ctx.out() << revision::render_history_mermaid(store);
        break;
      case OutputFormat::kText:
        ctx.out() << (opts->graph ? revision::render_history_graph(store)
                                  : revision::render_history_list(store));
        break;
      case OutputFormat::kSql:
      case OutputFormat::kGithub:
      case OutputFormat::kJunit:
      case OutputFormat::kMarkdown:
        ctx.unsupported_format("history", "text, json, mermaid");
    }
    for (const auto& p : store.problems()) spdlog::warn("{}", p.to_string());
    return 0;
  });
}

}  // namespace reconcile::cli
