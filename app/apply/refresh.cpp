#include "app/apply/refresh.h"

#include <pqxx/pqxx>

#include "core/plan/views.h"
#include "util/error.h"
#include "util/redact.h"

namespace reconcile::apply {

std::vector<std::string> refresh_materialized_views(
    const std::string& url, const introspect::IntrospectOptions& options,
    const std::function<void(const std::string&)>& log) {
  const catalog::Catalog live = introspect::introspect_url(url, options);
  std::vector<std::string> ran;
  try {
    pqxx::connection conn(url);
    for (const plan::Step& s : plan::refresh_steps(live)) {
      if (log) log(s.summary);
      try {
        if (s.transactional) {
          pqxx::work tx(conn);
          for (const auto& sql : s.up) tx.exec(sql);
          tx.commit();
        } else {
          for (const auto& sql : s.up) {
            pqxx::nontransaction tx(conn);
            tx.exec(sql);
          }
        }
      } catch (const pqxx::sql_error& e) {
        throw DatabaseError(s.summary + " failed: " + e.what(),
                            "check the view's query against the current tables");
      }
      ran.insert(ran.end(), s.up.begin(), s.up.end());
    }
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the database connection while refreshing materialized views: " +
                        util::redact_url(e.what()));
  }
  return ran;
}

}  // namespace reconcile::apply
