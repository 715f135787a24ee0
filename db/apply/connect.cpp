#include "db/apply/connect.h"

#include <libpq-fe.h>

#include "util/error.h"
#include "util/redact.h"

namespace reconcile::apply {
namespace {

// A keyword=value value in single quotes, with \ and ' escaped (libpq's rules).
std::string conninfo_value(const char* value) {
  std::string out = "'";
  for (const char* p = value; *p; ++p) {
    if (*p == '\\' || *p == '\'') out.push_back('\\');
    out.push_back(*p);
  }
  out.push_back('\'');
  return out;
}

// `url` as keyword=value pairs, as libpq parses it, with application_name
// set to `application` (replacing one the URL gives, as the SET it saves did).
// A string libpq cannot parse is returned unchanged, so the connection
// reports libpq's own error.
std::string with_application_name(const std::string& url, const std::string& application) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    if (error) PQfreemem(error);
    return url;
  }
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || std::string(o->keyword) == "application_name") continue;
    out += std::string(o->keyword) + "=" + conninfo_value(o->val) + " ";
  }
  PQconninfoFree(options);
  return out + "application_name=" + conninfo_value(application.c_str());
}

}  // namespace

std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application) {
  util::check_connection_string(url);
  try {
    // application_name goes with the start-up packet: no round trip of its own.
    return std::make_unique<pqxx::connection>(with_application_name(url, application));
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
