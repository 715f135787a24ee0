// The test suite's shared PostgreSQL server, started and stopped by ctest
// fixtures (tests/CMakeLists.txt) so that every test process of a run uses
// one cluster instead of starting its own:
//   reconcile_test_server start DIR   start (or reuse) the cluster in DIR
//   reconcile_test_server stop DIR    stop it and remove DIR
// Without PostgreSQL, `start` reports it and succeeds (tests then skip), but
// with CI=true it fails. With RECONCILE_TEST_DATABASE_URL set it does nothing.
#include <cstdlib>
#include <iostream>
#include <string>

#include "db/devdb/cluster.h"
#include "support/pg_fixture.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: reconcile_test_server start|stop DIR\n";
    return 2;
  }
  std::string command = argv[1];
  const char* external = std::getenv("RECONCILE_TEST_DATABASE_URL");
  if (external && *external) {
    std::cout << "using RECONCILE_TEST_DATABASE_URL; no cluster to " << command << "\n";
    return 0;
  }
  reconcile::devdb::ClusterOptions options;
  options.dir = argv[2];
  options.fast_unsafe = true;
  options.initdb_cache = reconcile::testing::initdb_cache_dir();
  reconcile::devdb::Cluster cluster(options);
  try {
    if (command == "start") {
      auto status = cluster.start();
      std::cout << "test server running in " << options.dir << " on port " << status.port << "\n";
      return 0;
    }
    if (command == "stop") {
      cluster.destroy();
      std::cout << "test server in " << options.dir << " stopped and removed\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "test server: " << e.what() << "\n";
    if (auto* err = dynamic_cast<const reconcile::Error*>(&e); err && !err->hint().empty()) {
      std::cerr << err->hint() << "\n";
    }
    const char* ci = std::getenv("CI");
    bool in_ci = ci && (std::string(ci) == "true" || std::string(ci) == "1");
    if (command == "start" && !in_ci) {
      std::cerr << "(tests that need PostgreSQL will be skipped)\n";
      return 0;
    }
    return 1;
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}
