#include "history/replay/replay.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "reconcile_version.h"

#include "core/catalog/json.h"
#include "history/replay/shadow_session.h"
#include "util/digest.h"
#include "util/local_state.h"
#include "util/redact.h"

namespace reconcile::replay {
namespace {

std::vector<const revision::Revision*> revisions_of(const revision::RevisionStore& store,
                                                    const std::vector<std::string>& ids) {
  std::vector<const revision::Revision*> out;
  for (const auto& id : ids) out.push_back(&store.get(id));
  return out;
}

// The cache key of replaying `ids` with `options` (see ReplayOptions::cache_dir).
std::string cache_key(const revision::RevisionStore& store, const std::vector<std::string>& ids,
                      const ReplayOptions& options) {
  // The server's version, not its URL: the embedded dev database gets a new
  // port on every start, and the catalog's canonical form depends only on
  // the version.
  std::string version;
  try {
    pqxx::connection conn(options.server_url);
    version = std::to_string(conn.server_version());
  } catch (const std::exception& e) {
    throw DatabaseError("cannot connect to the shadow database server: " +
                        util::redact_url(e.what()));
  }
  std::string bytes = "reconcile-replay-2\n" RECONCILE_VERSION "\nserver " + version + "\n";
  for (const auto& s : options.schemas) bytes += "schema " + s + "\n";
  for (const auto& e : options.exclude) bytes += "exclude " + e + "\n";
  for (const auto& e : options.extensions) bytes += "extension " + e + "\n";
  for (const auto& id : ids)
    bytes += "revision " + id + " " + store.get(id).compute_checksum() + "\n";
  return sha256_hex(bytes);
}

std::optional<catalog::Catalog> cache_read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  try {
    return catalog::catalog_from_json(nlohmann::json::parse(in));
  } catch (const std::exception& e) {
    spdlog::debug("ignoring the unreadable replay cache entry {}: {}", path, e.what());
    return std::nullopt;
  }
}

void cache_write(const std::string& path, const catalog::Catalog& c) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  util::mark_local_state(fs::path(path).parent_path());
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << catalog::to_json_string(c, -1);
    if (!out) {
      spdlog::debug("cannot write the replay cache entry {}", tmp);
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);  // atomic: readers see a whole file or none
  if (ec) fs::remove(tmp, ec);
}

}  // namespace

std::vector<std::string> select(const revision::RevisionStore& store, const Target& target) {
  switch (target.kind) {
    case Target::Kind::kAll:
      return store.topological_order();
    case Target::Kind::kRevision:
      store.get(target.id);  // throws UsageError naming the id
      return store.path_to(target.id);
    case Target::Kind::kSet: {
      for (const auto& id : target.ids) store.get(id);
      std::vector<std::string> out;
      for (const auto& id : store.topological_order())
        if (target.ids.count(id)) out.push_back(id);
      return out;
    }
  }
  return {};
}

catalog::Catalog replay(const revision::RevisionStore& store, const Target& target,
                        const ReplayOptions& options) {
  auto ids = select(store, target);
  std::string cached;
  if (!options.cache_dir.empty()) {
    cached = (std::filesystem::path(options.cache_dir) / (cache_key(store, ids, options) + ".json"))
                 .string();
    if (auto hit = cache_read(cached)) {
      util::report(options.progress, util::Task::kReplay, ids.size(), ids.size());
      return *hit;
    }
  }
  ShadowSession shadow(options, revisions_of(store, ids));
  for (size_t i = 0; i < ids.size(); ++i) {
    util::report(options.progress, util::Task::kReplay, i, ids.size(), ids[i]);
    shadow.run_up(store.get(ids[i]));
  }
  catalog::Catalog result = shadow.introspect();
  if (!cached.empty()) cache_write(cached, result);
  util::report(options.progress, util::Task::kReplay, ids.size(), ids.size());
  return result;
}

std::vector<RevisionState> replay_each(const revision::RevisionStore& store,
                                       const ReplayOptions& options) {
  std::vector<RevisionState> out;
  std::map<std::string, std::string> failed;  // id -> the failed revision it depends on
  const auto all = store.topological_order();
  const auto everything = revisions_of(store, all);
  std::unique_ptr<ShadowSession> shadow;
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string& id = all[i];
    util::report(options.progress, util::Task::kReplay, i, all.size(), id);
    RevisionState state;
    state.revision = id;
    const auto& r = store.get(id);
    auto ancestors = store.ancestors(id);
    std::string broken_ancestor;
    for (const auto& a : ancestors)
      if (failed.count(a)) broken_ancestor = failed.at(a);
    if (!broken_ancestor.empty()) {
      state.error = "depends on revision " + broken_ancestor + ", which does not replay";
      state.where = SourceLocation{r.path, 0, 0};
      failed[id] = broken_ancestor;
      out.push_back(std::move(state));
      continue;
    }
    std::set<std::string> need(ancestors.begin(), ancestors.end());
    try {
      if (!shadow || shadow->applied != need) {
        shadow.reset();
        shadow = std::make_unique<ShadowSession>(options, everything);
        for (const auto& a : ancestors) {
          shadow->run_up(store.get(a));
          shadow->applied.insert(a);
        }
      }
      shadow->run_up(r);
      shadow->applied.insert(id);
      state.catalog = shadow->introspect();
    } catch (const ReplayError& e) {
      state.error = e.database_message;
      state.where = e.where();
      failed[id] = e.revision.empty() ? id : e.revision;
      shadow.reset();  // its state is no longer a clean prefix
    }
    out.push_back(std::move(state));
  }
  util::report(options.progress, util::Task::kReplay, all.size(), all.size());
  return out;
}

}  // namespace reconcile::replay
