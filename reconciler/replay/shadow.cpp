#include "reconciler/replay/shadow.h"

#include <unistd.h>

#include <spdlog/spdlog.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <pqxx/pqxx>

#include "reconciler/devdb/dev_database.h"
#include "reconciler/replay/replay.h"
#include "reconciler/util/redact.h"
#include "schema/catalog/names.h"
#include "schema/error.h"

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

ShadowDatabase::ShadowDatabase(const std::string& server_url, const std::string& hint)
    : server_url_(server_url), name_(shadow_name(hint)) {
  try {
    pqxx::connection conn(server_url_);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE DATABASE " + catalog::quote_ident(name_) + " TEMPLATE template0");
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError("cannot connect to the shadow database server " +
                            util::redact_url(server_url_) + ": " + util::redact_url(e.what()),
                        "start it with `reconcile dev-db start`, or set RECONCILE_SHADOW_URL");
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(
        "cannot create a shadow database on " + util::redact_url(server_url_) + ": " + e.what(),
        "the role needs the CREATEDB privilege");
  }
  url_ = with_database(server_url_, name_);
}

ShadowDatabase::~ShadowDatabase() {
  try {
    pqxx::connection conn(server_url_);
    pqxx::nontransaction tx(conn);
    tx.exec("DROP DATABASE IF EXISTS " + catalog::quote_ident(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    spdlog::warn("could not drop shadow database {}: {}", name_, util::redact_url(e.what()));
  }
}

}  // namespace reconcile::replay
