#include "db/devdb/cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>
#include <vector>

#include "util/error.h"
#include "util/local_state.h"
#include "util/process.h"
#include "util/redact.h"

namespace reconcile::devdb {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string to_string(State state) {
  switch (state) {
    case State::kNotInitialized:
      return "not initialized";
    case State::kStopped:
      return "stopped";
    case State::kRunning:
      return "running";
    case State::kStarting:
      return "starting";
    case State::kStale:
      return "stopped (stale postmaster.pid)";
  }
  return "unknown";
}

namespace {

bool has_initdb(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec);
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The last `n` lines of a file, for error messages.
std::string tail(const fs::path& p, int n) {
  std::string text = read_text(p);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > static_cast<std::size_t>(n) ? lines.size() - n : 0;
       i < lines.size(); ++i) {
    out += "    " + lines[i] + "\n";
  }
  return out;
}

// Contents of /proc/<pid>/stat field 3 (state) or 0 if unreadable.
char process_state(int pid) {
  std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos || close_paren + 2 >= stat.size()) return 0;
  return stat[close_paren + 2];
}

// True if `pid` is a live (not zombie) process.
bool process_alive(int pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) != 0 && errno != EPERM) return false;
  char state = process_state(pid);
  return state != 'Z' && state != 'X';
}

// True if live process `pid` is the postmaster of `data_dir`: postgres makes
// its data folder its working directory. When /proc/<pid>/cwd cannot be read
// (another user's process), its command name must be postgres.
bool is_postmaster_of(int pid, const fs::path& data_dir) {
  if (!process_alive(pid)) return false;
  std::error_code ec;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", ec);
  if (!ec) {
    fs::path want = fs::weakly_canonical(data_dir, ec);
    return cwd == want || cwd == data_dir;
  }
  std::string comm = trim(read_text("/proc/" + std::to_string(pid) + "/comm"));
  return comm == "postgres" || comm == "postmaster";
}

struct PidFile {
  bool present = false;
  int pid = 0;
  int port = 0;
  std::string socket_dir;
  std::string status;  // "ready", "starting", "stopping", "standby", or ""
};

PidFile read_pid_file(const fs::path& data_dir) {
  PidFile pf;
  std::ifstream in(data_dir / "postmaster.pid");
  if (!in) return pf;
  pf.present = true;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(trim(line));
  try {
    if (lines.size() >= 1) pf.pid = std::stoi(lines[0]);
    if (lines.size() >= 4) pf.port = std::stoi(lines[3]);
  } catch (...) {
  }
  if (lines.size() >= 5) pf.socket_dir = lines[4];
  if (lines.size() >= 8) pf.status = lines[7];
  return pf;
}

// A free TCP port on 127.0.0.1 (bound and released; the server binds it next).
int pick_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(ErrorKind::kInternal, "cannot create a socket to find a free port");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  close(fd);
  if (port == 0) throw Error(ErrorKind::kInternal, "cannot find a free loopback port");
  return port;
}

bool port_in_use(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool in_use = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0;
  close(fd);
  return in_use;
}

bool accepts_connections(int port) {
  std::string conninfo = "host=127.0.0.1 port=" + std::to_string(port) +
                         " user=postgres dbname=postgres connect_timeout=2";
  return PQping(conninfo.c_str()) == PQPING_OK;
}

// Holds an exclusive flock on <dir>/.lock for the lifetime of the object, so
// two processes never start, stop or wipe the same cluster at once.
class FolderLock {
 public:
  explicit FolderLock(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    fd_ = open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0) {
      while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
    }
  }
  ~FolderLock() {
    if (fd_ >= 0) close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

// Can `user` search (traverse) folder `st`?
bool user_can_search(const struct stat& st, const util::RunAs& user,
                     const std::vector<gid_t>& groups) {
  if (st.st_uid == user.uid) return st.st_mode & S_IXUSR;
  if (std::find(groups.begin(), groups.end(), st.st_gid) != groups.end()) {
    return st.st_mode & S_IXGRP;
  }
  return st.st_mode & S_IXOTH;
}

std::vector<gid_t> groups_of(const util::RunAs& user) {
  int n = 64;
  std::vector<gid_t> groups(n);
  if (getgrouplist(user.name.c_str(), user.gid, groups.data(), &n) < 0) {
    groups.resize(n);
    getgrouplist(user.name.c_str(), user.gid, groups.data(), &n);
  }
  groups.resize(n);
  return groups;
}

// Gives o+x to every ancestor of `dir` that `user` cannot traverse (search
// only: nobody gains the right to list or read those folders).
void make_reachable(const fs::path& dir, const util::RunAs& user) {
  auto groups = groups_of(user);
  fs::path current = "/";
  for (const auto& part : dir.parent_path().relative_path()) {
    current /= part;
    struct stat st {};
    if (stat(current.c_str(), &st) != 0) continue;
    if (!S_ISDIR(st.st_mode) || user_can_search(st, user, groups)) continue;
    if (chmod(current.c_str(), (st.st_mode & 07777) | S_IXOTH) != 0) {
      throw Error(ErrorKind::kUsage,
                  "the PostgreSQL server runs as user " + user.name + " and cannot reach " +
                      dir.string() + ": " + current.string() + " is not searchable",
                  "run `chmod o+x " + current.string() + "` or set dev_db.path elsewhere");
    }
    spdlog::warn(
        "made {} searchable by other users (o+x) so the server, running as {}, can "
        "reach {}",
        current.string(), user.name, dir.string());
  }
}

void chown_tree(const fs::path& dir, const util::RunAs& user) {
  auto chown_one = [&](const fs::path& p) {
    if (lchown(p.c_str(), user.uid, user.gid) != 0) {
      throw Error(ErrorKind::kInternal, "cannot hand " + p.string() + " to user " + user.name +
                                            ": " + std::strerror(errno));
    }
  };
  chown_one(dir);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    chown_one(it->path());
  }
}

}  // namespace

std::string find_bindir() {
  if (const char* env = std::getenv("RECONCILE_PG_BINDIR"); env && *env) {
    if (has_initdb(env)) return env;
    throw Error(ErrorKind::kUsage,
                std::string("RECONCILE_PG_BINDIR=") + env + " does not hold initdb and pg_ctl",
                "point it at the bin folder of a PostgreSQL server installation");
  }
  if (util::find_in_path("pg_config")) {
    util::ProcessOptions options;
    options.timeout = 10s;
    auto r = util::run_process({"pg_config", "--bindir"}, options);
    std::string dir = trim(r.out);
    if (r.ok() && !dir.empty() && has_initdb(dir)) return dir;
  }
  std::vector<std::pair<int, fs::path>> candidates;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/usr/lib/postgresql", ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    fs::path bin = it->path() / "bin";
    if (!has_initdb(bin)) continue;
    int version = 0;
    try {
      version = std::stoi(it->path().filename().string());
    } catch (...) {
    }
    candidates.emplace_back(version, bin);
  }
  if (!candidates.empty()) {
    std::sort(candidates.begin(), candidates.end());
    return candidates.back().second.string();
  }
  throw Error(ErrorKind::kUsage, "no PostgreSQL server binaries (initdb, pg_ctl) found",
              "install the server (apt-get install postgresql), set RECONCILE_PG_BINDIR, or "
              "pass --database URL");
}

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {
  std::error_code ec;
  fs::path abs = fs::absolute(options_.dir.empty() ? ".reconcile/dev-db" : options_.dir, ec);
  options_.dir = abs.lexically_normal().string();
  while (options_.dir.size() > 1 && options_.dir.back() == '/') options_.dir.pop_back();
  if (options_.user.empty()) options_.user = "postgres";
}

std::string Cluster::data_dir() const {
  return (fs::path(options_.dir) / "data").string();
}
std::string Cluster::log_file() const {
  return (fs::path(options_.dir) / "server.log").string();
}

bool Cluster::initialized() const {
  std::error_code ec;
  return fs::exists(fs::path(data_dir()) / "PG_VERSION", ec);
}

namespace {

// What the cluster's processes run as: nullopt = this process's user.
std::optional<util::RunAs> server_account(const ClusterOptions& options) {
  if (!util::running_as_root()) return std::nullopt;
  auto user = util::lookup_user(options.user);
  if (!user) {
    throw Error(ErrorKind::kUsage,
                "running as root, the PostgreSQL server must run as another user, and user '" +
                    options.user + "' does not exist",
                "create it (adduser --system --group " + options.user +
                    ") or set dev_db.user in reconcile.yaml");
  }
  if (user->uid == 0) {
    throw Error(ErrorKind::kUsage, "dev_db.user '" + options.user + "' is root",
                "PostgreSQL refuses to run as root; name an ordinary user");
  }
  return user;
}

// Socket folder: the data folder, unless its path is too long for a Unix
// socket (107 bytes), then a short folder under /tmp named after it.
fs::path socket_dir_for(const fs::path& data_dir) {
  if (data_dir.string().size() + std::strlen("/.s.PGSQL.65535") < 100) return data_dir;
  std::size_t h = std::hash<std::string>{}(data_dir.string());
  std::ostringstream name;
  name << "/tmp/reconcile-sock-" << std::hex << h;
  return name.str();
}

util::ProcessOptions server_process_options(const std::optional<util::RunAs>& account,
                                            const std::string& cwd) {
  util::ProcessOptions po;
  po.run_as = account;
  po.cwd = cwd;
  po.unset_env = {"PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGOPTIONS"};
  po.env = {{"LC_ALL", "C"}};
  return po;
}

void run_initdb(const std::string& bindir, const fs::path& data,
                const std::optional<util::RunAs>& account) {
  spdlog::debug("initdb into {}", data.string());
  auto po = server_process_options(account, data.parent_path().string());
  po.timeout = 300s;
  auto r = util::run_process({bindir + "/initdb", "-D", data.string(), "-U", Cluster::kSuperuser,
                              "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
                             po);
  if (!r.ok()) {
    throw Error(ErrorKind::kDatabase, "initdb failed for " + data.string(),
                trim(r.err.empty() ? r.out : r.err));
  }
}

// The cached initdb result for `bindir` under `cache`, created on first use
// (initdb into a temporary folder, then an atomic rename).
fs::path cached_initdb(const fs::path& cache, const std::string& bindir,
                       const std::optional<util::RunAs>& account) {
  std::error_code ec;
  fs::create_directories(cache, ec);
  if (account) {
    make_reachable(cache / "x", *account);
    lchown(cache.c_str(), account->uid, account->gid);
  }
  std::ostringstream key;
  key << "pg-" << std::hex << std::hash<std::string>{}(bindir);
  fs::path target = cache / key.str();
  if (fs::exists(target / "PG_VERSION", ec)) return target;
  FolderLock lock(cache);
  if (fs::exists(target / "PG_VERSION", ec)) return target;
  fs::path work = cache / (key.str() + ".tmp");
  fs::path work_parent = work;
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (account) lchown(work.c_str(), account->uid, account->gid);
  run_initdb(bindir, work / "data", account);
  fs::rename(work / "data", target, ec);
  if (ec) throw Error(ErrorKind::kInternal, "cannot fill the initdb cache " + target.string());
  fs::remove_all(work_parent, ec);
  return target;
}

}  // namespace

void Cluster::init() {
  FolderLock lock(options_.dir);
  init_locked();
}

void Cluster::init_locked() {
  if (initialized()) return;
  auto account = server_account(options_);
  std::string bindir = options_.bindir.empty() ? find_bindir() : options_.bindir;
  fs::path dir = options_.dir;
  fs::path data = data_dir();
  std::error_code ec;
  fs::remove_all(data, ec);  // a half-finished initdb
  fs::create_directories(dir, ec);
  if (ec) {
    throw Error(ErrorKind::kUsage, "cannot create " + dir.string() + ": " + ec.message());
  }
  util::mark_local_state(dir);
  if (account) {
    make_reachable(dir, *account);
    chown_tree(dir, *account);
  }
  if (options_.initdb_cache.empty()) {
    run_initdb(bindir, data, account);
  } else {
    fs::path cached = cached_initdb(options_.initdb_cache, bindir, account);
    fs::copy(cached, data, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    if (ec) {
      throw Error(ErrorKind::kInternal,
                  "cannot copy " + cached.string() + " to " + data.string() + ": " + ec.message());
    }
    fs::permissions(data, fs::perms::owner_all, ec);
    if (account) chown_tree(data, *account);
  }
  std::ofstream conf(data / "postgresql.conf", std::ios::app);
  conf << "\n# Written by reconcile (dev database)\n"
       << "listen_addresses = '127.0.0.1'\n"
       << "max_connections = 200\n"
       << "shared_buffers = 32MB\n"
       << "log_min_messages = warning\n";
  if (options_.fast_unsafe) {
    conf << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
  }
}

Status Cluster::status() const {
  Status st;
  st.dir = options_.dir;
  st.data_dir = data_dir();
  st.socket_dir = socket_dir_for(data_dir()).string();
  if (!initialized()) {
    st.state = State::kNotInitialized;
    return st;
  }
  PidFile pf = read_pid_file(data_dir());
  if (!pf.present) {
    st.state = State::kStopped;
    return st;
  }
  st.pid = pf.pid;
  if (!is_postmaster_of(pf.pid, data_dir())) {
    st.state = State::kStale;
    return st;
  }
  st.port = pf.port;
  if (!pf.socket_dir.empty()) st.socket_dir = pf.socket_dir;
  st.state =
      (pf.status == "ready" && accepts_connections(pf.port)) ? State::kRunning : State::kStarting;
  return st;
}

namespace {

bool wait_until(std::chrono::milliseconds limit, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

// Stops the postmaster `pid` of `data_dir`: fast shutdown, then immediate,
// then SIGKILL. Signals only a process that is that cluster's postmaster.
void stop_postmaster(int pid, const fs::path& data_dir) {
  const std::pair<int, std::chrono::milliseconds> steps[] = {
      {SIGINT, 30s}, {SIGQUIT, 10s}, {SIGKILL, 10s}};
  for (const auto& [sig, limit] : steps) {
    if (!is_postmaster_of(pid, data_dir)) return;
    kill(pid, sig);
    if (wait_until(limit, [&] { return !process_alive(pid); })) return;
  }
  throw Error(ErrorKind::kInternal, "the server (pid " + std::to_string(pid) + ") did not stop");
}

// Processes whose working directory is `data_dir`: after kill -9 of the
// postmaster, its backends live on for a moment with the data folder as cwd.
std::vector<int> processes_in(const fs::path& data_dir) {
  std::vector<int> pids;
  std::error_code ec;
  fs::path want = fs::weakly_canonical(data_dir, ec);
  for (auto it = fs::directory_iterator("/proc", ec); !ec && it != fs::end(it); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::error_code rl;
    fs::path cwd = fs::read_symlink(it->path() / "cwd", rl);
    if (rl || (cwd != want && cwd != data_dir)) continue;
    int pid = std::stoi(name);
    if (pid != getpid() && process_alive(pid)) pids.push_back(pid);
  }
  return pids;
}

// After the postmaster died without cleaning up: ends what is left of its
// backends (so no old process still writes to the data folder), then removes
// postmaster.pid. Never signals a process that does not run in `data_dir`.
void clear_stale_server(const fs::path& data_dir) {
  for (int sig : {SIGQUIT, SIGKILL}) {
    auto left = processes_in(data_dir);
    if (left.empty()) break;
    for (int pid : left) kill(pid, sig);
    wait_until(5s, [&] { return processes_in(data_dir).empty(); });
  }
  std::error_code ec;
  fs::remove(data_dir / "postmaster.pid", ec);
}

}  // namespace

Status Cluster::start() {
  FolderLock lock(options_.dir);
  return start_locked();
}

Status Cluster::start_locked() {
  Status st = status();
  if (st.state == State::kRunning) return st;
  if (st.state == State::kStarting) {
    if (wait_until(options_.start_timeout, [&] { return status().state == State::kRunning; })) {
      return status();
    }
    throw Error(ErrorKind::kDatabase,
                "the server of " + options_.dir + " runs but does not accept connections",
                "see " + log_file() + ":\n" + tail(log_file(), 15));
  }
  if (st.state == State::kStale) {
    spdlog::info("cleaning up after a server that no longer runs (pid {}) in {}", st.pid,
                 data_dir());
    clear_stale_server(data_dir());
  }
  init_locked();

  auto account = server_account(options_);
  std::string bindir = options_.bindir.empty() ? find_bindir() : options_.bindir;
  fs::path dir = options_.dir;
  if (account) {
    make_reachable(dir, *account);
    struct stat dst {};
    if (stat(dir.c_str(), &dst) == 0 && dst.st_uid != account->uid) chown_tree(dir, *account);
  }
  fs::path sock = socket_dir_for(data_dir());
  if (sock != fs::path(data_dir())) {
    std::error_code ec;
    fs::create_directories(sock, ec);
    chmod(sock.c_str(), 0700);
    if (account && lchown(sock.c_str(), account->uid, account->gid) != 0) {
      throw Error(ErrorKind::kInternal, "cannot hand " + sock.string() + " to " + account->name);
    }
  }
  if (account) {
    // The log file is created by the server's user.
    std::error_code ec;
    if (fs::exists(log_file(), ec)) lchown(log_file().c_str(), account->uid, account->gid);
  }

  const int attempts = options_.port == 0 ? 5 : 1;
  std::string last_error;
  for (int attempt = 1; attempt <= attempts + 10; ++attempt) {
    int port = options_.port;
    if (port == 0) {
      port = pick_free_port();
    } else if (port_in_use(port)) {
      throw Error(ErrorKind::kUsage,
                  "port " + std::to_string(port) + " on 127.0.0.1 is already in use",
                  "stop whatever listens there, or let reconcile pick a free port");
    }
    std::string server_options = "-p " + std::to_string(port) + " -k " +
                                 util::shell_quote(sock.string()) +
                                 " -c listen_addresses=127.0.0.1";
    auto po = server_process_options(account, dir.string());
    po.timeout = options_.start_timeout + 10s;
    std::uintmax_t log_size_before = 0;
    {
      std::error_code ec;
      log_size_before = fs::exists(log_file(), ec) ? fs::file_size(log_file(), ec) : 0;
    }
    spdlog::debug("starting the server of {} on port {}", options_.dir, port);
    auto r = util::run_process(
        {bindir + "/pg_ctl", "start", "-w", "-t", std::to_string(options_.start_timeout.count()),
         "-D", data_dir(), "-l", log_file(), "-o", server_options},
        po);
    if (r.ok() && wait_until(options_.start_timeout, [&] { return accepts_connections(port); })) {
      return status();
    }
    // Why did it fail? Look at what the server wrote this time.
    std::string log = read_text(log_file());
    std::string fresh = log.size() > log_size_before ? log.substr(log_size_before) : log;
    last_error = trim(r.err) + (fresh.empty() ? "" : "\n" + trim(fresh));
    PidFile pf = read_pid_file(data_dir());
    if (pf.present && is_postmaster_of(pf.pid, data_dir())) stop_postmaster(pf.pid, data_dir());
    bool port_clash = fresh.find("could not bind") != std::string::npos ||
                      fresh.find("Address already in use") != std::string::npos;
    bool old_backends = fresh.find("pre-existing shared memory block") != std::string::npos ||
                        fresh.find("is still in use") != std::string::npos;
    if (port_clash && options_.port == 0 && attempt < attempts) continue;
    if (port_clash && options_.port != 0) {
      throw Error(ErrorKind::kUsage,
                  "port " + std::to_string(port) + " on 127.0.0.1 is already in use",
                  "stop whatever listens there, or let reconcile pick a free port");
    }
    if (old_backends && attempt < attempts + 10) {
      // Backends of a killed server linger for a moment after kill -9.
      std::this_thread::sleep_for(500ms);
      continue;
    }
    break;
  }
  throw Error(ErrorKind::kDatabase, "the PostgreSQL server of " + options_.dir + " did not start",
              "server output (full log in " + log_file() + "):\n" + last_error);
}

bool Cluster::stop() {
  FolderLock lock(options_.dir);
  return stop_locked();
}

bool Cluster::stop_locked() {
  if (!initialized()) return false;
  PidFile pf = read_pid_file(data_dir());
  if (!pf.present) return false;
  if (!is_postmaster_of(pf.pid, data_dir())) {
    clear_stale_server(data_dir());
    spdlog::debug("removed a stale postmaster.pid (pid {}) in {}", pf.pid, data_dir());
    return false;
  }
  stop_postmaster(pf.pid, data_dir());
  return true;
}

Status Cluster::reset() {
  FolderLock lock(options_.dir);
  stop_locked();
  wipe_locked();
  return start_locked();
}

void Cluster::destroy() {
  {
    FolderLock lock(options_.dir);
    stop_locked();
    wipe_locked();
  }
  std::error_code ec;
  fs::remove_all(options_.dir, ec);
  fs::path sock = socket_dir_for(data_dir());
  if (sock != fs::path(data_dir())) fs::remove_all(sock, ec);
}

void Cluster::wipe_locked() {
  std::error_code ec;
  for (auto it = fs::directory_iterator(options_.dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->path().filename() == ".lock") continue;
    std::error_code rm;
    fs::remove_all(it->path(), rm);
    if (rm) {
      throw Error(ErrorKind::kInternal,
                  "cannot remove " + it->path().string() + ": " + rm.message());
    }
  }
}

namespace {

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string Cluster::url(const std::string& database) const {
  Status st = status();
  if (st.state != State::kRunning) {
    throw Error(ErrorKind::kUsage,
                "the dev database in " + options_.dir + " is " + to_string(st.state),
                "start it with `reconcile dev-db start`");
  }
  return "postgresql://" + std::string(kSuperuser) + "@127.0.0.1:" + std::to_string(st.port) + "/" +
         percent_encode(database);
}

std::string Cluster::create_database(const std::string& name) {
  std::string admin = url();
  try {
    pqxx::connection c(admin);
    pqxx::nontransaction w(c);
    w.exec("CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0");
  } catch (const std::exception& e) {
    throw DatabaseError("cannot create database " + name + ": " + util::redact_url(e.what()));
  }
  return url(name);
}

void Cluster::drop_database(const std::string& name) {
  std::string admin = url();
  try {
    pqxx::connection c(admin);
    pqxx::nontransaction w(c);
    w.exec("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    throw DatabaseError("cannot drop database " + name + ": " + util::redact_url(e.what()));
  }
}

std::string unique_database_name(const std::string& hint) {
  static std::atomic<unsigned> counter{0};
  std::string base;
  for (unsigned char c : hint) {
    if (std::isalnum(c)) {
      base += static_cast<char>(std::tolower(c));
    } else if (!base.empty() && base.back() != '_') {
      base += '_';
    }
  }
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0]))) base = "db_" + base;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::ostringstream suffix;
  suffix << "_" << getpid() << "_" << std::hex << (now & 0xffffff) << "_" << std::dec
         << counter.fetch_add(1);
  std::size_t room = 63 - suffix.str().size();
  if (base.size() > room) base.resize(room);
  return base + suffix.str();
}

TemporaryDatabase::TemporaryDatabase(Cluster& cluster, const std::string& hint)
    : cluster_(cluster), name_(unique_database_name(hint)) {
  url_ = cluster_.create_database(name_);
}

TemporaryDatabase::~TemporaryDatabase() {
  try {
    cluster_.drop_database(name_);
  } catch (const std::exception& e) {
    spdlog::warn("could not drop temporary database {}: {}", name_, e.what());
  }
}

}  // namespace reconcile::devdb
