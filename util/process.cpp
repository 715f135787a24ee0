#include "util/process.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "util/error.h"

extern char** environ;

namespace reconcile::util {

std::optional<RunAs> lookup_user(const std::string& name) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* result = nullptr;
  if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &result) != 0 || result == nullptr) {
    return std::nullopt;
  }
  return RunAs{name, pw.pw_uid, pw.pw_gid, pw.pw_dir ? pw.pw_dir : "/"};
}

bool running_as_root() {
  return geteuid() == 0;
}

std::optional<std::string> find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) == 0) return name;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    std::size_t colon = dirs.find(':', pos);
    if (colon == std::string::npos) colon = dirs.size();
    std::string dir = dirs.substr(pos, colon - pos);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    pos = colon + 1;
  }
  return std::nullopt;
}

std::string describe_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += shell_quote(a);
  }
  return out;
}

namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

void make_pipe(Fd& read_end, Fd& write_end) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::kInternal, std::string("pipe failed: ") + std::strerror(errno));
  }
  read_end.fd = p[0];
  write_end.fd = p[1];
}

std::vector<std::string> build_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& name : options.unset_env) env.erase(name);
  if (options.run_as) {
    env["HOME"] = options.run_as->home;
    env["USER"] = options.run_as->name;
    env["LOGNAME"] = options.run_as->name;
  }
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

// Writes a message to fd in the child after fork (async-signal-safe).
void child_fail(int err_fd, const char* what, int code) {
  const char* msg = std::strerror(errno);
  ssize_t ignored = write(err_fd, what, std::strlen(what));
  ignored = write(err_fd, ": ", 2);
  ignored = write(err_fd, msg, std::strlen(msg));
  ignored = write(err_fd, "\n", 1);
  (void)ignored;
  _exit(code);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  if (argv.empty()) throw Error(ErrorKind::kInternal, "run_process: empty command");
  auto program = find_in_path(argv[0]);
  if (!program) {
    result.exit_code = 127;
    result.err = argv[0] + ": command not found\n";
    return result;
  }

  // Everything the child needs is prepared before fork: after fork only
  // async-signal-safe calls are made.
  std::vector<std::string> env_strings = build_environment(options);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> arg_strings = argv;
  std::vector<char*> args;
  for (auto& s : arg_strings) args.push_back(s.data());
  args.push_back(nullptr);
  std::vector<gid_t> groups;
  if (options.run_as) {
    int n = 64;
    groups.resize(n);
    if (getgrouplist(options.run_as->name.c_str(), options.run_as->gid, groups.data(), &n) < 0) {
      groups.resize(n);
      getgrouplist(options.run_as->name.c_str(), options.run_as->gid, groups.data(), &n);
    }
    groups.resize(n);
  }

  Fd in_r, in_w, out_r, out_w, err_r, err_w;
  make_pipe(out_r, out_w);
  make_pipe(err_r, err_w);
  bool feed_stdin = !options.stdin_data.empty();
  if (feed_stdin) make_pipe(in_r, in_w);

  pid_t pid = fork();
  if (pid < 0) {
    throw Error(ErrorKind::kInternal, std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Child.
    int in_fd = feed_stdin ? in_r.fd : open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_w.fd, 1) < 0 || dup2(err_w.fd, 2) < 0) {
      _exit(126);
    }
    signal(SIGPIPE, SIG_DFL);
    if (options.run_as) {
      if (setgroups(groups.size(), groups.data()) != 0) child_fail(2, "setgroups", 126);
      if (setgid(options.run_as->gid) != 0) child_fail(2, "setgid", 126);
      if (setuid(options.run_as->uid) != 0) child_fail(2, "setuid", 126);
    }
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) child_fail(2, "chdir", 126);
    execve(program->c_str(), args.data(), envp.data());
    child_fail(2, "exec", 127);
  }

  // Parent.
  in_r.reset();
  out_w.reset();
  err_w.reset();
  // A child that exits without reading its input must not kill us with SIGPIPE:
  // block it on this thread while feeding stdin, and discard a pending one after.
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  if (feed_stdin) {
    fcntl(in_w.fd, F_SETFL, fcntl(in_w.fd, F_GETFL) | O_NONBLOCK);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  }
  std::size_t written = 0;
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  char buf[8192];
  while (out_r.fd >= 0 || err_r.fd >= 0 || in_w.fd >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out_r.fd >= 0) fds[n++] = {out_r.fd, POLLIN, 0};
    if (err_r.fd >= 0) fds[n++] = {err_r.fd, POLLIN, 0};
    if (in_w.fd >= 0) fds[n++] = {in_w.fd, POLLOUT, 0};
    int wait_ms = -1;
    if (options.timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        result.timed_out = true;
        kill(pid, SIGKILL);
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    int rc = poll(fds, n, wait_ms);
    if (rc < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_w.fd) {
        ssize_t w = write(in_w.fd, options.stdin_data.data() + written,
                          options.stdin_data.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = options.stdin_data.size();
        if (written >= options.stdin_data.size()) in_w.reset();
        continue;
      }
      ssize_t r = read(fds[i].fd, buf, sizeof buf);
      if (r > 0) {
        (fds[i].fd == out_r.fd ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        if (fds[i].fd == out_r.fd) {
          out_r.reset();
        } else {
          err_r.reset();
        }
      }
    }
  }
  in_w.reset();
  if (feed_stdin) {
    timespec zero{0, 0};
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) sigtimedwait(&pipe_set, nullptr, &zero);
    pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

}  // namespace reconcile::util
