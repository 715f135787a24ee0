#include "support/process.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "util/process.h"

namespace reconcile::testing {
namespace fs = std::filesystem;

TempDir::TempDir() : TempDir("reconcile-tmp") {}

TempDir::TempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = (tmp && *tmp) ? tmp : "/tmp";
  std::string pattern = base + "/" + prefix + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern);
  }
  path_ = buf.data();
  chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

CommandResult run_command(const std::string& shell_command, const std::string& cwd) {
  util::ProcessOptions po;
  po.cwd = cwd;
  auto r = util::run_process({"/bin/sh", "-c", shell_command}, po);
  return {r.exit_code, r.out, r.err};
}

std::string reconcile_binary() {
  if (const char* env = std::getenv("RECONCILE_BINARY"); env && *env) return env;
  return RECONCILE_BINARY;
}

std::string source_dir() {
  return RECONCILE_SOURCE_DIR;
}

void write_file(const std::string& path, const std::string& content) {
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace reconcile::testing
