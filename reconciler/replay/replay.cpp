#include "reconciler/replay/replay.h"

#include <map>
#include <memory>

#include "reconciler/apply/runner.h"
#include "reconciler/replay/introspect_shadow.h"
#include "reconciler/replay/shadow.h"
#include "reconciler/util/redact.h"

namespace reconcile::replay {
namespace {

// A shadow database with an open connection and the ids applied to it.
struct Shadow {
  std::unique_ptr<ShadowDatabase> db;
  std::unique_ptr<pqxx::connection> conn;
  std::set<std::string> applied;

  explicit Shadow(const ReplayOptions& options)
      : db(std::make_unique<ShadowDatabase>(options.server_url, options.name_hint)) {
    try {
      conn = std::make_unique<pqxx::connection>(db->url());
    } catch (const pqxx::broken_connection& e) {
      throw DatabaseError("cannot connect to the shadow database: " + util::redact_url(e.what()));
    }
  }
  ~Shadow() { conn.reset(); }  // close before the database is dropped
};

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

void run_up(pqxx::connection& conn, const revision::Revision& r) {
  try {
    apply::run_revision(conn, r, apply::Direction::kUp);
  } catch (const apply::StatementError& e) {
    throw ReplayError("revision " + r.id + " does not replay: " + e.database_message, e.location,
                      r.id, e.database_message);
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the connection to the shadow database while replaying " + r.id +
                        ": " + util::redact_url(e.what()));
  }
}

catalog::Catalog replay(const revision::RevisionStore& store, const Target& target,
                        const ReplayOptions& options) {
  auto ids = select(store, target);
  Shadow shadow(options);
  for (const auto& id : ids) run_up(*shadow.conn, store.get(id));
  return introspect_shadow(*shadow.conn, options);
}

std::vector<RevisionState> replay_each(const revision::RevisionStore& store,
                                       const ReplayOptions& options) {
  std::vector<RevisionState> out;
  std::map<std::string, std::string> failed;  // id -> the failed revision it depends on
  std::unique_ptr<Shadow> shadow;
  for (const auto& id : store.topological_order()) {
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
        shadow = std::make_unique<Shadow>(options);
        for (const auto& a : ancestors) {
          run_up(*shadow->conn, store.get(a));
          shadow->applied.insert(a);
        }
      }
      run_up(*shadow->conn, r);
      shadow->applied.insert(id);
      state.catalog = introspect_shadow(*shadow->conn, options);
    } catch (const ReplayError& e) {
      state.error = e.database_message;
      state.where = e.where();
      failed[id] = e.revision.empty() ? id : e.revision;
      shadow.reset();  // its state is no longer a clean prefix
    }
    out.push_back(std::move(state));
  }
  return out;
}

}  // namespace reconcile::replay
