#include "db/apply/connect.h"

#include "core/catalog/names.h"
#include "util/error.h"
#include "util/redact.h"

namespace reconcile::apply {

std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application) {
  util::check_connection_string(url);
  try {
    auto conn = std::make_unique<pqxx::connection>(url);
    pqxx::nontransaction tx(*conn);
    tx.exec("SET application_name = " + catalog::quote_literal(application));
    return conn;
  } catch (const pqxx::broken_connection& e) {
    std::string m = e.what();
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    throw DatabaseError("cannot connect to " + util::redact_url(url) + ": " + util::redact_url(m),
                        "check the database URL (--database, DATABASE_URL or reconcile.yaml)");
  } catch (const pqxx::failure& e) {
    throw DatabaseError("cannot connect to " + util::redact_url(url) + ": " +
                        util::redact_url(e.what()));
  }
}

}  // namespace reconcile::apply
