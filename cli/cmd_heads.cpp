// `reconcile heads`: the revision heads, each with the commit that added its
// file and the local branches that contain that commit (git provenance).
// Outside a git repository the commit and branches are simply unknown.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "gitsync/provenance.h"
#include "history/revision/store.h"

namespace reconcile::cli {
namespace {

struct HeadInfo {
  std::string id;
  std::string message;
  std::string path;
  std::optional<gitsync::Provenance> provenance;
};

std::vector<HeadInfo> gather(const revision::RevisionStore& store,
                             const std::string& migrations_dir) {
  std::vector<HeadInfo> heads;
  std::vector<std::string> paths;
  for (const auto& id : store.heads()) {
    const revision::Revision& r = store.get(id);
    heads.push_back({id, r.message, r.path, std::nullopt});
    paths.push_back(r.path);
  }
  if (heads.empty()) return heads;
  auto repo = gitsync::Repository::try_discover(migrations_dir);
  if (!repo) return heads;
  auto prov = gitsync::provenance(*repo, paths);
  for (auto& h : heads) h.provenance = prov.at(h.path);
  return heads;
}

nlohmann::json to_json(const std::vector<HeadInfo>& heads) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& h : heads) {
    nlohmann::json commit = nullptr;
    nlohmann::json branches = nlohmann::json::array();
    if (h.provenance && h.provenance->added_by) {
      const auto& c = *h.provenance->added_by;
      commit = {{"id", c.id},
                {"short_id", c.short_id},
                {"summary", c.summary},
                {"author", c.author_name},
                {"email", c.author_email},
                {"time", c.time}};
      branches = h.provenance->branches;
    }
    list.push_back({{"id", h.id},
                    {"message", h.message},
                    {"path", h.path},
                    {"commit", commit},
                    {"branches", branches}});
  }
  return {{"heads", list}};
}

}  // namespace

void register_heads(CLI::App& app, Context& ctx) {
  CLI::App* cmd =
      app.add_subcommand("heads", "Heads, with the commit and branches that brought each");
  on_run(cmd, ctx, [&ctx] {
    std::string dir = ctx.migrations_dir();
    revision::RevisionStore store = revision::RevisionStore::load(dir);
    for (const auto& p : store.problems()) spdlog::warn("{}", p.to_string());
    std::vector<HeadInfo> heads = gather(store, dir);
    if (ctx.format() == OutputFormat::kJson) {
      ctx.print_json(to_json(heads));
      return 0;
    }
    if (ctx.format() != OutputFormat::kText) ctx.unsupported_format("heads", "text, json");
    if (heads.empty()) {
      ctx.out() << "No revisions.\n";
      return 0;
    }
    for (const auto& h : heads) {
      ctx.out() << h.id << (h.message.empty() ? "" : "  " + h.message) << "\n";
      if (!h.provenance) {
        ctx.out() << "    commit:   (no git repository)\n";
      } else if (!h.provenance->added_by) {
        ctx.out() << "    commit:   not committed yet\n";
      } else {
        const auto& c = *h.provenance->added_by;
        ctx.out() << "    commit:   " << c.short_id << " " << c.summary << "\n";
        std::string branches;
        for (size_t i = 0; i < h.provenance->branches.size(); ++i)
          branches += (i ? ", " : "") + h.provenance->branches[i];
        ctx.out() << "    branches: " << (branches.empty() ? "(none)" : branches) << "\n";
      }
    }
    if (heads.size() > 1) {
      ctx.out() << "\n" << heads.size() << " heads: run `reconcile merge` to join them.\n";
    }
    return 0;
  });
}

}  // namespace reconcile::cli
