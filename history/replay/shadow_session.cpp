#include "history/replay/shadow_session.h"

#include "db/apply/runner.h"
#include "db/apply/statement_info.h"
#include "history/replay/introspect_shadow.h"
#include "util/redact.h"

namespace reconcile::replay {
namespace {

using apply::StatementInfo;

}  // namespace

std::map<std::string, std::string> preinstall_plan(
    const ReplayOptions& options, const std::vector<const revision::Revision*>& revisions) {
  std::map<std::string, std::string> out;
  if (options.extensions.empty()) return out;
  const std::set<std::string> wanted(options.extensions.begin(), options.extensions.end());
  for (const auto* r : revisions) {
    std::vector<revision::Statement> statements;
    try {
      statements = r->up_statements();
    } catch (const InputError&) {
      continue;  // reported when it is replayed
    }
    for (const auto& s : statements) {
      auto info = apply::describe_statement(s.sql);
      if (info.kind != StatementInfo::Kind::kCreateExtension || !wanted.count(info.name)) continue;
      out.emplace(info.name, info.schema.empty() ? "public" : info.schema);
    }
  }
  return out;
}

ShadowSession::ShadowSession(const ReplayOptions& options,
                             const std::vector<const revision::Revision*>& revisions)
    : options_(options),
      db_(std::make_unique<ShadowDatabase>(options.server_url, options.name_hint,
                                           preinstall_plan(options, revisions))) {
  try {
    conn_ = std::make_unique<pqxx::connection>(db_->url());
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("cannot connect to the shadow database as its replay role " + db_->role() +
                            ": " + util::redact_url(e.what()),
                        "the shadow server must let that role log in from here (pg_hba.conf); "
                        "unset RECONCILE_SHADOW_URL to use the embedded cluster");
  }
}

ShadowSession::~ShadowSession() {
  conn_.reset();
}  // close before the database is dropped

void ShadowSession::run_up(const revision::Revision& r) {
  std::vector<revision::Statement> statements;
  try {
    statements = r.up_statements();
  } catch (const InputError& e) {
    throw ReplayError("revision " + r.id + " does not replay: " + e.what(), e.where(), r.id,
                      e.what());
  }
  if (!db_->preinstalled().empty()) {
    std::vector<revision::Statement> run;
    for (const auto& s : statements) {
      auto info = apply::describe_statement(s.sql);
      if (info.kind == StatementInfo::Kind::kCreateExtension) {
        auto it = db_->preinstalled().find(info.name);
        if (it != db_->preinstalled().end() && !claimed_extensions_.count(info.name)) {
          const std::string wanted = info.schema.empty() ? "public" : info.schema;
          if (wanted != it->second) {
            std::string m = "extension " + info.name + " was installed in schema " + it->second +
                            " for the replay (it needs a superuser), but this statement puts it "
                            "in schema " +
                            wanted;
            throw ReplayError("revision " + r.id + " does not replay: " + m,
                              SourceLocation{r.path, s.line, 0}, r.id, m);
          }
          claimed_extensions_.insert(info.name);
          continue;
        }
      } else if (info.kind == StatementInfo::Kind::kCreateSchema && !info.has_elements &&
                 db_->precreated_schemas().count(info.name) && !claimed_schemas_.count(info.name)) {
        claimed_schemas_.insert(info.name);
        continue;
      }
      run.push_back(s);
    }
    statements = std::move(run);
  }
  try {
    apply::run_statements(*conn_, r, statements, apply::Direction::kUp);
  } catch (const apply::StatementError& e) {
    throw ReplayError("revision " + r.id + " does not replay: " + e.database_message, e.location,
                      r.id, e.database_message);
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the connection to the shadow database while replaying " + r.id +
                        ": " + util::redact_url(e.what()));
  }
}

catalog::Catalog ShadowSession::introspect() {
  catalog::Catalog c = introspect_shadow(*conn_, options_);
  for (const auto& [extension, _] : db_->preinstalled())
    if (!claimed_extensions_.count(extension)) c.extensions.erase(extension);
  for (const auto& schema : db_->precreated_schemas()) {
    if (claimed_schemas_.count(schema)) continue;
    auto it = c.schemas.find(schema);
    if (it != c.schemas.end() && it->second.tables.empty() && it->second.enums.empty() &&
        it->second.sequences.empty() && !it->second.comment)
      c.schemas.erase(it);
  }
  return c;
}

}  // namespace reconcile::replay
