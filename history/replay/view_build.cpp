#include "history/replay/view_build.h"

#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <set>

#include "core/catalog/ddl.h"
#include "core/catalog/view_sql.h"
#include "db/introspect/introspect.h"
#include "history/replay/shadow.h"
#include "util/redact.h"

namespace reconcile::replay {

std::vector<ViewColumnWarning> check_documented_columns(const std::string& schema,
                                                        const catalog::View& v) {
  std::vector<ViewColumnWarning> out;
  if (v.documented.empty()) return out;
  const std::string what =
      std::string(v.materialized ? "materialized view " : "view ") + schema + "." + v.name;
  std::map<std::string, std::string> returned;
  for (const auto& c : v.columns) returned[c.name] = c.type;
  std::set<std::string> documented;
  for (const auto& d : v.documented) {
    documented.insert(d.name);
    auto it = returned.find(d.name);
    if (it == returned.end()) {
      out.push_back(
          {"slot column '" + d.name + "' of " + what + " is not a column its query returns",
           d.where});
    } else if (d.type && *d.type != it->second) {
      out.push_back({"slot column '" + d.name + "' of " + what + " is documented as " + *d.type +
                         ", and the query returns " + it->second,
                     d.where});
    }
  }
  for (const auto& c : v.columns)
    if (!documented.count(c.name))
      out.push_back(
          {"the query of " + what + " returns column '" + c.name + "', which no slot documents",
           v.where});
  return out;
}

std::vector<ViewColumnWarning> build_views(const ReplayOptions& options,
                                           catalog::Catalog& desired) {
  std::vector<ViewColumnWarning> warnings;
  bool any = false;
  for (const auto& [_, s] : desired.schemas)
    if (!s.views.empty()) any = true;
  if (!any) return warnings;

  std::map<std::string, std::string> preinstall;
  for (const auto& [name, e] : desired.extensions) preinstall[name] = e.schema;
  ShadowDatabase db(options.server_url, options.name_hint + "_views", preinstall);

  catalog::Catalog tables = desired;
  tables.extensions.clear();
  for (auto& [_, s] : tables.schemas) s.views.clear();
  std::vector<std::string> schemas;
  for (const auto& [name, _] : desired.schemas) schemas.push_back(name);

  catalog::Catalog built;
  try {
    pqxx::connection conn(db.url());
    {
      pqxx::work tx(conn);
      for (const auto& sql : catalog::render_catalog(tables)) {
        // Schemas made for pre-installed extensions exist already.
        tx.exec(sql);
      }
      tx.commit();
    }
    for (const auto& [sname, vname] : catalog::views_in_order(desired)) {
      const catalog::View& v = desired.schemas.at(sname).views.at(vname);
      catalog::View create = v;
      create.with_no_data = true;  // the shape is what matters; no rows are read
      create.definition.clear();
      pqxx::work tx(conn);
      try {
        tx.exec(catalog::create_view_sql(sname, create));
        tx.commit();
      } catch (const pqxx::sql_error& e) {
        std::string m = e.what();
        if (auto nl = m.find('\n'); nl != std::string::npos) m.erase(nl);
        throw InputError(std::string("the ") + (v.materialized ? "materialized view " : "view ") +
                             sname + "." + vname + " cannot be created: " + m,
                         v.where,
                         "fix the sql_definition; it runs as written, with search_path "
                         "\"$user\", public");
      }
    }
    introspect::IntrospectOptions io;
    io.schemas = schemas;
    io.exclude = options.exclude;
    built = introspect::introspect(conn, io);
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("lost the connection to the shadow database while building views: " +
                        util::redact_url(e.what()));
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("the desired tables could not be built in a shadow database "
                                    "to build the views on: ") +
                        e.what());
  }

  for (auto& [sname, s] : desired.schemas) {
    for (auto& [vname, v] : s.views) {
      const catalog::View* b = built.find_view(sname, vname);
      if (!b) continue;
      v.definition = b->definition;
      v.columns = b->columns;
      v.depends_on = b->depends_on;
      for (auto& w : check_documented_columns(sname, v)) warnings.push_back(std::move(w));
    }
  }
  return warnings;
}

}  // namespace reconcile::replay
