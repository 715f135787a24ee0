// Running other programs (initdb, pg_ctl, git hooks, the reconcile binary in
// tests) without a shell, capturing stdout and stderr, optionally as another
// user (the PostgreSQL server must not run as root).
//
// Guarantees: run_process() never leaves a child behind: it waits for it, and
// on timeout kills it (SIGKILL) and reaps it. Output is captured in full from
// both streams concurrently, so a chatty child cannot dead-lock on a full pipe.
// The child gets stdin from `stdin_data` (or /dev/null) and inherits no other
// descriptors of this process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/strings.h"  // shell_quote

namespace reconcile::util {

// An operating-system account to run a child process as.
struct RunAs {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string home;
};

// The account called `name`, or nullopt if there is none.
std::optional<RunAs> lookup_user(const std::string& name);
// True when this process runs with effective uid 0.
bool running_as_root();

struct ProcessOptions {
  std::string cwd;                                       // empty: inherit
  std::optional<RunAs> run_as;                           // switch user in the child
  std::vector<std::pair<std::string, std::string>> env;  // set or override
  std::vector<std::string> unset_env;                    // remove from the environment
  std::string stdin_data;                                // empty: stdin is /dev/null
  std::chrono::milliseconds timeout{0};                  // 0: wait forever
};

struct ProcessResult {
  int exit_code = -1;  // exit status; 128+N if killed by signal N; 127 if it could not start
  std::string out;
  std::string err;
  bool timed_out = false;

  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Runs argv[0] (looked up on PATH when it has no '/') with the given arguments.
// Throws reconcile::Error (internal) only when the process cannot be created
// at all; a program that is missing yields exit code 127 and a message in err.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The absolute path of executable `name` on PATH, or nullopt.
std::optional<std::string> find_in_path(const std::string& name);

// argv joined with spaces, each word shell-quoted where needed (for messages).
std::string describe_command(const std::vector<std::string>& argv);

}  // namespace reconcile::util
