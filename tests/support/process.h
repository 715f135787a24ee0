// Process, folder and path helpers for tests.
#pragma once

#include <string>

namespace reconcile::testing {

// A fresh temporary folder (0755, so a server running as another user can
// reach it), removed recursively on destruction.
struct TempDir {
  TempDir();
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `shell_command` via /bin/sh -c (in `cwd` if given), capturing output.
CommandResult run_command(const std::string& shell_command, const std::string& cwd = "");

// Path of the built `reconcile` executable (RECONCILE_BINARY).
std::string reconcile_binary();
// The repository root (RECONCILE_SOURCE_DIR).
std::string source_dir();

// Writes `content` to `path`, creating parent folders.
void write_file(const std::string& path, const std::string& content);
// Reads a whole file; throws if it cannot.
std::string read_file(const std::string& path);

}  // namespace reconcile::testing
