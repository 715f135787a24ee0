#include "history/replay/shadow.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <pqxx/pqxx>
#include <random>

#include "core/catalog/names.h"
#include "db/devdb/dev_database.h"
#include "history/replay/replay.h"
#include "util/error.h"
#include "util/redact.h"

namespace reconcile::replay {
namespace {

// Quotes a conninfo value: 'it\'s'.
std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A name no other shadow database of this or another process has: hint,
// pid, time and a per-process counter.
std::string shadow_name(const std::string& hint) {
  static std::atomic<unsigned> counter{0};
  std::string base;
  for (char c : hint) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    base += (std::isalnum(static_cast<unsigned char>(l)) || l == '_') ? l : '_';
  }
  if (base.empty()) base = "reconcile_shadow";
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::string suffix = "_" + std::to_string(::getpid()) + "_" +
                       std::to_string(now % 100000000000LL) + "_" +
                       std::to_string(counter.fetch_add(1));
  if (base.size() + suffix.size() > catalog::kMaxIdentifierBytes)
    base.resize(catalog::kMaxIdentifierBytes - suffix.size());
  return base + suffix;
}

// 32 random hex digits: the password of a replay role (only reconcile knows it).
std::string random_password() {
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) out += hex[rd() % 16];
  return out;
}

using catalog::quote_ident;

}  // namespace

std::string shadow_server_url(const config::Config& config) {
  if (const char* env = std::getenv("RECONCILE_SHADOW_URL"); env && *env) return env;
  devdb::Cluster cluster(devdb::dev_db_options(config));
  cluster.start();
  return cluster.url("postgres");
}

ReplayOptions replay_options(const config::Config& config) {
  ReplayOptions o;
  o.server_url = shadow_server_url(config);
  o.schemas = config.schemas;
  o.exclude = config.exclude;
  o.extensions = config.extensions;
  o.cache_dir = config.resolve(".reconcile/replay-cache");
  return o;
}

std::string with_database(const std::string& url, const std::string& database) {
  auto scheme = url.find("://");
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    size_t authority = scheme + 3;
    size_t query = url.find('?', authority);
    size_t slash = url.find('/', authority);
    if (slash != std::string::npos && query != std::string::npos && slash > query)
      slash = std::string::npos;
    std::string head = url.substr(
        0, slash != std::string::npos ? slash : (query != std::string::npos ? query : url.size()));
    std::string tail = query != std::string::npos ? url.substr(query) : "";
    return head + "/" + percent_encode(database) + tail;
  }
  // key=value connection string: keep every keyword but dbname.
  std::string out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < url.size() && std::isspace(static_cast<unsigned char>(url[i]))) ++i;
  };
  while (true) {
    skip_space();
    if (i >= url.size()) break;
    size_t key_start = i;
    while (i < url.size() && url[i] != '=' && !std::isspace(static_cast<unsigned char>(url[i])))
      ++i;
    std::string key = url.substr(key_start, i - key_start);
    skip_space();
    if (i >= url.size() || url[i] != '=' || key.empty())
      throw UsageError("cannot parse the connection string " + util::redact_url(url) +
                       ": expected key=value");
    ++i;
    skip_space();
    std::string value;
    if (i < url.size() && url[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < url.size()) {
        char c = url[i++];
        if (c == '\\' && i < url.size()) {
          value += url[i++];
        } else if (c == '\'') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed)
        throw UsageError("cannot parse the connection string " + util::redact_url(url) +
                         ": unterminated quote");
    } else {
      while (i < url.size() && !std::isspace(static_cast<unsigned char>(url[i]))) {
        if (url[i] == '\\' && i + 1 < url.size()) ++i;
        value += url[i++];
      }
    }
    if (key != "dbname") out += key + "=" + conninfo_value(value) + " ";
  }
  return out + "dbname=" + conninfo_value(database);
}

std::string with_login(const std::string& url, const std::string& user,
                       const std::string& password) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string why = error ? error : "out of memory";
    if (error) PQfreemem(error);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw UsageError("cannot parse the connection string " + util::redact_url(url) + ": " +
                     util::redact_url(why));
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string key = o->keyword;
    if (!o->val || key == "user" || key == "password") continue;
    out += key + "=" + conninfo_value(o->val) + " ";
  }
  PQconninfoFree(options);
  return out + "user=" + conninfo_value(user) + " password=" + conninfo_value(password);
}

ShadowDatabase::ShadowDatabase(const std::string& server_url, const std::string& hint,
                               const std::map<std::string, std::string>& preinstall)
    : server_url_(server_url), name_(shadow_name(hint)) {
  try {
    create(preinstall);
  } catch (...) {
    drop();
    throw;
  }
}

void ShadowDatabase::create(const std::map<std::string, std::string>& preinstall) {
  std::unique_ptr<pqxx::connection> admin;
  try {
    admin = std::make_unique<pqxx::connection>(server_url_);
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("cannot connect to the shadow database server " +
                            util::redact_url(server_url_) + ": " + util::redact_url(e.what()),
                        "start it with `reconcile dev-db start`, or set RECONCILE_SHADOW_URL");
  }
  std::string password;
  try {
    pqxx::nontransaction tx(*admin);
    auto who = tx.exec1(
        "SELECT r.rolsuper, r.rolcreaterole, current_user, "
        "pg_has_role(current_user, 'pg_execute_server_program', 'USAGE') OR "
        "pg_has_role(current_user, 'pg_read_server_files', 'USAGE') OR "
        "pg_has_role(current_user, 'pg_write_server_files', 'USAGE') "
        "FROM pg_catalog.pg_roles r WHERE r.rolname = current_user");
    const bool super = who[0].as<bool>();
    const bool createrole = who[1].as<bool>();
    const std::string me = who[2].as<std::string>();
    if (super || createrole) {
      role_ = name_;
      password = random_password();
      tx.exec("CREATE ROLE " + quote_ident(role_) +
              " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
              "CONNECTION LIMIT 4 PASSWORD " +
              catalog::quote_literal(password));
      own_role_ = true;
      // A CREATEROLE role must be a member of the owner it gives a database to.
      if (!super) tx.exec("GRANT " + quote_ident(role_) + " TO " + quote_ident(me));
      tx.exec("CREATE DATABASE " + quote_ident(name_) + " OWNER " + quote_ident(role_) +
              " TEMPLATE template0");
    } else {
      if (who[3].as<bool>())
        throw DatabaseError(
            "refusing to replay revisions as " + me + " on " + util::redact_url(server_url_) +
                ": that role may run programs or read and write files on the server",
            "give RECONCILE_SHADOW_URL a role that may create roles (reconcile then replays as a "
            "role of its own with no privileges), or unset it to use the embedded cluster");
      role_ = me;
      tx.exec("CREATE DATABASE " + quote_ident(name_) + " TEMPLATE template0");
    }
    created_ = true;
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError("cannot create a shadow database on " + util::redact_url(server_url_) +
                            ": " + util::redact_url(e.what()),
                        "the role needs the CREATEDB privilege (and CREATEROLE, or superuser, "
                        "to replay as a role with no privileges)");
  }
  admin.reset();

  const std::string admin_db_url = with_database(server_url_, name_);
  if (!preinstall.empty()) {
    try {
      pqxx::connection db(admin_db_url);
      for (const auto& [extension, schema] : preinstall) {
        try {
          pqxx::nontransaction tx(db);
          auto can = tx.exec_params(
              "SELECT superuser AND NOT trusted FROM pg_catalog.pg_available_extension_versions "
              "WHERE name = $1 ORDER BY (version = (SELECT default_version FROM "
              "pg_catalog.pg_available_extensions WHERE name = $1)) DESC LIMIT 1",
              extension);
          if (can.empty() || !can[0][0].as<bool>()) continue;  // unknown, or the role can
          const bool schema_exists =
              tx.exec_params1("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1",
                              schema)[0]
                  .as<long long>() > 0;
          if (!schema_exists) {
            tx.exec("CREATE SCHEMA " + quote_ident(schema) + " AUTHORIZATION " +
                    quote_ident(role_));
            precreated_schemas_.insert(schema);
          }
          tx.exec("CREATE EXTENSION IF NOT EXISTS " + quote_ident(extension) + " SCHEMA " +
                  quote_ident(schema) + " CASCADE");
        } catch (const pqxx::sql_error& e) {
          // The replayed statement will fail with PostgreSQL's own reason.
          spdlog::debug("could not install extension {} in the shadow database: {}", extension,
                        e.what());
        }
      }
      pqxx::nontransaction tx(db);
      for (const auto& row :
           tx.exec("SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e "
                   "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> "
                   "'plpgsql'"))
        preinstalled_[row[0].as<std::string>()] = row[1].as<std::string>();
    } catch (const pqxx::failure& e) {
      throw DatabaseError("cannot prepare the shadow database " + name_ + ": " +
                          util::redact_url(e.what()));
    }
  }
  url_ = own_role_ ? with_login(admin_db_url, role_, password) : admin_db_url;
}

void ShadowDatabase::drop() noexcept {
  if (!created_ && !own_role_) return;
  try {
    pqxx::connection conn(server_url_);
    pqxx::nontransaction tx(conn);
    if (created_) tx.exec("DROP DATABASE IF EXISTS " + quote_ident(name_) + " WITH (FORCE)");
    if (own_role_) tx.exec("DROP ROLE IF EXISTS " + quote_ident(role_));
  } catch (const std::exception& e) {
    spdlog::warn("could not drop shadow database {}: {}", name_, util::redact_url(e.what()));
  }
}

ShadowDatabase::~ShadowDatabase() {
  drop();
}

}  // namespace reconcile::replay
