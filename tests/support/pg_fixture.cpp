#include "support/pg_fixture.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>

#include "db/devdb/cluster.h"
#include "util/error.h"
#include "util/redact.h"

namespace reconcile::testing {
namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

std::string temp_base() {
  const char* tmp = env("TMPDIR");
  return tmp ? tmp : "/tmp";
}

constexpr const char* kOwnPrefix = "reconcile-test-cluster-";

// Removes clusters left behind by test processes that died without cleaning
// up (their owner pid no longer runs): stops their server, deletes the folder.
void clean_stale_clusters() {
  std::error_code ec;
  for (auto it = fs::directory_iterator(temp_base(), ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(kOwnPrefix, 0) != 0) continue;
    std::ifstream owner(it->path() / "owner.pid");
    int pid = 0;
    if (!(owner >> pid) || pid <= 0) continue;
    if (kill(pid, 0) == 0 || errno == EPERM) continue;  // still running
    try {
      devdb::ClusterOptions o;
      o.dir = (it->path() / "cluster").string();
      o.initdb_cache = initdb_cache_dir();
      devdb::Cluster(o).destroy();
    } catch (const std::exception& e) {
      std::cerr << "[pg_fixture] could not clean up " << it->path() << ": " << e.what() << "\n";
    }
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

}  // namespace

bool require_server() {
  TestServer& server = TestServer::get();
  if (server.available()) return true;
  skip_or_fail(server.why_unavailable());
  return false;
}

std::string initdb_cache_dir() {
  return temp_base() + "/reconcile-initdb-cache-" + std::to_string(geteuid());
}

struct TestServer::Impl {
  bool available = false;
  std::string why;
  std::string admin_url;
  std::unique_ptr<devdb::Cluster> cluster;
  std::string own_dir;  // removed at exit (empty for shared or external servers)
};

TestServer::TestServer() : impl_(std::make_unique<Impl>()) {
  try {
    if (const char* url = env("RECONCILE_TEST_DATABASE_URL")) {
      impl_->admin_url = url;
      pqxx::connection c(impl_->admin_url);
      impl_->available = true;
      return;
    }
    devdb::ClusterOptions o;
    o.fast_unsafe = true;
    o.initdb_cache = initdb_cache_dir();
    if (const char* shared = env("RECONCILE_TEST_SERVER_DIR")) {
      o.dir = shared;
    } else {
      clean_stale_clusters();
      char buf[256];
      std::string pattern = temp_base() + "/" + kOwnPrefix + "XXXXXX";
      std::snprintf(buf, sizeof buf, "%s", pattern.c_str());
      if (mkdtemp(buf) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
      impl_->own_dir = buf;
      chmod(buf, 0755);
      std::ofstream(impl_->own_dir + "/owner.pid") << getpid() << "\n";
      o.dir = impl_->own_dir + "/cluster";
    }
    impl_->cluster = std::make_unique<devdb::Cluster>(o);
    impl_->cluster->start();
    impl_->admin_url = impl_->cluster->url();
    impl_->available = true;
  } catch (const std::exception& e) {
    impl_->why = std::string("no PostgreSQL for tests: ") + util::redact_url(e.what());
    if (auto* err = dynamic_cast<const Error*>(&e); err && !err->hint().empty()) {
      impl_->why += "\n" + err->hint();
    }
  }
}

TestServer::~TestServer() {
  if (!impl_->own_dir.empty()) {
    try {
      if (impl_->cluster) impl_->cluster->destroy();
    } catch (const std::exception& e) {
      std::cerr << "[pg_fixture] could not stop the test cluster: " << e.what() << "\n";
    }
    std::error_code ec;
    fs::remove_all(impl_->own_dir, ec);
  }
}

TestServer& TestServer::get() {
  // A function-local static: built on first use, destroyed at exit (also
  // when tests failed), which stops the server and removes its folder.
  static TestServer server;
  return server;
}

bool TestServer::available() const {
  return impl_->available;
}
const std::string& TestServer::why_unavailable() const {
  return impl_->why;
}
std::string TestServer::admin_url() const {
  return impl_->admin_url;
}

namespace {

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// admin URL with its database replaced by `db` (URL or conninfo form).
std::string with_database(const std::string& admin, const std::string& db) {
  if (admin.rfind("postgresql://", 0) == 0 || admin.rfind("postgres://", 0) == 0) {
    std::size_t scheme_end = admin.find("://") + 3;
    std::size_t slash = admin.find('/', scheme_end);
    std::size_t query = admin.find('?', scheme_end);
    std::string head = admin.substr(0, std::min(slash, query));
    std::string tail = query == std::string::npos ? "" : admin.substr(query);
    return head + "/" + db + tail;
  }
  return admin + " dbname=" + db;
}

}  // namespace

std::string TestServer::create_database(const std::string& name_hint) {
  if (!impl_->available) throw std::runtime_error(impl_->why);
  std::string name = devdb::unique_database_name(name_hint);
  pqxx::connection c(impl_->admin_url);
  pqxx::nontransaction w(c);
  w.exec("CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0");
  return with_database(impl_->admin_url, name);
}

void TestServer::drop_database(const std::string& name) {
  if (!impl_->available) return;
  pqxx::connection c(impl_->admin_url);
  pqxx::nontransaction w(c);
  w.exec("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
}

void PgTest::SetUp() {
  if (!require_server()) return;
  TestServer& server = TestServer::get();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string hint = info ? std::string(info->test_suite_name()) + "_" + info->name() : "test";
  url_ = server.create_database(hint);
  db_name_ = query_value(url_, "select current_database()");
}

void PgTest::TearDown() {
  if (db_name_.empty()) return;
  try {
    TestServer::get().drop_database(db_name_);
  } catch (const std::exception& e) {
    std::cerr << "[pg_fixture] could not drop " << db_name_ << ": " << e.what() << "\n";
  }
}

void exec_sql(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::nontransaction w(c);
  w.exec(sql);
}

std::string query_value(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::nontransaction w(c);
  pqxx::result r = w.exec(sql);
  if (r.empty() || r[0].empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

}  // namespace reconcile::testing
