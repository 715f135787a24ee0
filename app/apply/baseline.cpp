#include "app/apply/baseline.h"

#include "app/apply/apply.h"
#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "db/apply/connect.h"
#include "db/apply/lock.h"
#include "db/apply/version_table.h"

namespace reconcile::apply {

BaselineReport baseline(const std::string& url, const revision::RevisionStore& store,
                        const BaselineOptions& options) {
  std::vector<std::string> wanted =
      options.revision ? store.path_to(store.get(*options.revision).id) : store.topological_order();
  auto conn = connect(url, "reconcile baseline");
  auto lock = ApplyLock::acquire(url, options.lock_wait, options.log);
  BaselineReport report;
  report.database = lock->database();
  try {
    pqxx::work tx(*conn);
    auto applied = read_applied(tx);
    auto mismatches = applied_checksum_mismatches(store, applied);
    if (!mismatches.empty()) {
      std::string msg =
          "CHECKSUM_MISMATCH: revisions applied to " + report.database + " were edited afterwards:";
      for (const auto& m : mismatches) msg += "\n  " + m;
      throw InputError(msg, {}, "restore the applied version of each file first");
    }
    auto ids = applied_ids(applied);
    ensure_version_table(tx);
    for (const auto& id : wanted) {
      if (ids.count(id)) {
        report.already.push_back(id);
        continue;
      }
      record_applied(tx, store.get(id), 0);
      report.recorded.push_back(id);
    }
    tx.commit();
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("cannot record the baseline: ") + e.what());
  }
  return report;
}

NewRevision baseline_revision(const catalog::Catalog& live, const std::string& message) {
  NewRevision r;
  r.message = message;
  r.up = catalog::render_catalog_sql(live);
  r.schema_hash = catalog::content_hash(live);
  return r;
}

}  // namespace reconcile::apply
