// A PostgreSQL cluster that reconcile runs itself from the installed server
// binaries: the embedded dev database (`reconcile dev-db ...`), the shadow
// databases used to replay revisions, and the test suite's server.
//
// Layout of a cluster folder `dir`:
//   dir/data/        PGDATA (initdb output); the Unix socket lives here too
//   dir/server.log   the server's log
// The server listens on 127.0.0.1 at a free port (picked at each start unless
// a port is configured) and on the Unix socket in dir/data. Authentication is
// `trust` for local and loopback connections (a dev database, never exposed).
// The superuser role is always "postgres", so url() is the same whoever runs it.
//
// Running as root, initdb and the server run as `user` (default "postgres"),
// the cluster folder is chowned to it, and every parent folder that user
// cannot traverse gets o+x (search only, never read) with a warning. As an
// ordinary user the binaries run directly.
//
// Guarantees:
//  * start() is idempotent: a running server is left alone; it returns when
//    the server accepts connections, or throws with the tail of the log.
//  * stop() only ever signals the server of this cluster: the pid from
//    postmaster.pid must be alive, not a zombie, and have this data folder as
//    its working directory.
//  * status() tells the truth after `kill -9` of the server: a postmaster.pid
//    whose process is gone is reported as kStale, never as running.
//  * Nothing here is global: two Cluster objects on different folders are
//    independent; two on the same folder see the same server.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace reconcile::devdb {

// The folder holding initdb, pg_ctl and postgres: $RECONCILE_PG_BINDIR, then
// `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin. Throws
// reconcile::Error (usage) with an installation hint if none is found.
std::string find_bindir();

struct ClusterOptions {
  std::string dir;           // cluster folder (see layout above); made absolute
  std::string user;          // OS account for the server when running as root; "" = postgres
  std::string bindir;        // "" = find_bindir()
  int port = 0;              // 0 = pick a free loopback port at each start
  bool fast_unsafe = false;  // fsync=off, synchronous_commit=off: for throwaway test clusters
  std::chrono::seconds start_timeout{60};
  // Optional folder caching a pristine initdb result: init() copies it
  // instead of running initdb (much faster for many throwaway clusters). It is
  // filled on first use, atomically, one sub-folder per server version.
  std::string initdb_cache;
};

enum class State {
  kNotInitialized,  // no cluster in the folder yet
  kStopped,         // initialized, no server
  kRunning,         // server up and accepting connections
  kStarting,        // server process alive but not (yet) accepting connections
  kStale,           // postmaster.pid left by a server that no longer runs (e.g. kill -9)
};

std::string to_string(State state);

struct Status {
  State state = State::kNotInitialized;
  int pid = 0;   // server pid (running/starting) or the stale pid
  int port = 0;  // listening port (running/starting)
  std::string dir;
  std::string data_dir;
  std::string socket_dir;
};

class Cluster {
 public:
  static constexpr const char* kSuperuser = "postgres";

  explicit Cluster(ClusterOptions options);

  const ClusterOptions& options() const { return options_; }
  std::string data_dir() const;
  std::string log_file() const;
  bool initialized() const;

  // Runs initdb unless the folder already holds a cluster.
  void init();
  // Initializes if needed, starts the server unless it runs, waits until it
  // accepts connections. Returns the running status.
  Status start();
  // Stops this cluster's server (fast shutdown, then immediate after a
  // timeout). Removes a stale postmaster.pid. Returns true if a server ran.
  bool stop();
  // stop(), remove the whole folder, start() on a fresh cluster.
  Status reset();
  // stop() and remove the folder.
  void destroy();
  Status status() const;

  // postgresql://postgres@127.0.0.1:PORT/DATABASE; throws if not running.
  std::string url(const std::string& database = "postgres") const;
  // Creates database `name` (quoted as an identifier) and returns its URL.
  std::string create_database(const std::string& name);
  // Drops database `name` if it exists, disconnecting its sessions.
  void drop_database(const std::string& name);

 private:
  // The same operations with the folder lock already held.
  void init_locked();
  Status start_locked();
  bool stop_locked();
  void wipe_locked();

  ClusterOptions options_;
};

// A database created on construction and dropped on destruction: the shadow
// database of a replay. Its name is `hint` made safe plus a unique suffix.
class TemporaryDatabase {
 public:
  TemporaryDatabase(Cluster& cluster, const std::string& hint);
  ~TemporaryDatabase();
  TemporaryDatabase(const TemporaryDatabase&) = delete;
  TemporaryDatabase& operator=(const TemporaryDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

 private:
  Cluster& cluster_;
  std::string name_;
  std::string url_;
};

// A unique, valid database name built from `hint` (lowercase [a-z0-9_],
// at most 63 bytes) with a process- and time-based suffix.
std::string unique_database_name(const std::string& hint);

}  // namespace reconcile::devdb
