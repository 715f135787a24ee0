#include "support/git_repo.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

std::string make_temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/reconcile-git-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("cannot create a temporary folder");
  return fs::canonical(buf.data()).string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

GitResult run_shell(const std::string& command, const std::string& cwd) {
  std::string dir = make_temp_dir();
  std::string out_file = dir + "/out";
  std::string err_file = dir + "/err";
  std::string full = "cd " + sh_quote(cwd) + " && { " + command + "\n} >" + sh_quote(out_file) +
                     " 2>" + sh_quote(err_file) + " </dev/null";
  int status = std::system(full.c_str());
  GitResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  r.out = slurp(out_file);
  r.err = slurp(err_file);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return r;
}

GitRepo::GitRepo() : path_(make_temp_dir()) {
  git("init -q -b main");
  git("config user.name 'Test User'");
  git("config user.email test@example.com");
  git("config commit.gpgsign false");
}

GitRepo::GitRepo(std::string path) : path_(std::move(path)) {}

GitRepo::GitRepo(GitRepo&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

GitRepo GitRepo::clone_of(const GitRepo& origin) {
  std::string parent = make_temp_dir();
  GitResult r = run_shell("git clone -q " + sh_quote(origin.path()) + " work", parent);
  if (r.exit_code != 0) throw std::runtime_error("git clone failed: " + r.err);
  // The clone lives in parent/work; removing the GitRepo removes `parent` too.
  GitRepo clone(fs::canonical(parent + "/work").string());
  clone.git("config user.name 'Test User'");
  clone.git("config user.email test@example.com");
  clone.git("config commit.gpgsign false");
  return clone;
}

GitRepo::~GitRepo() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::path p(path_);
  // Clones live one level down in their own temporary folder.
  if (p.filename() == "work" && p.parent_path().filename().string().rfind("reconcile-git-", 0) == 0)
    p = p.parent_path();
  fs::remove_all(p, ec);
}

GitResult GitRepo::try_git(const std::string& args) const {
  return run_shell("git " + args, path_);
}

std::string GitRepo::git(const std::string& args) const {
  GitResult r = try_git(args);
  if (r.exit_code != 0) {
    throw std::runtime_error("git " + args + " failed (exit " + std::to_string(r.exit_code) +
                             "):\n" + r.out + r.err);
  }
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void GitRepo::write(const std::string& rel, const std::string& content) const {
  fs::path p = fs::path(path_) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::string GitRepo::read(const std::string& rel) const {
  fs::path p = fs::path(path_) / rel;
  if (!fs::exists(p)) throw std::runtime_error("no file " + p.string());
  return slurp(p.string());
}

void GitRepo::remove(const std::string& rel) const {
  fs::remove(fs::path(path_) / rel);
}

bool GitRepo::exists(const std::string& rel) const {
  return fs::exists(fs::path(path_) / rel);
}

std::string GitRepo::commit_all(const std::string& message) const {
  git("add -A");
  git("commit -q -m " + sh_quote(message));
  return rev("HEAD");
}

std::string GitRepo::rev(const std::string& ref) const {
  return git("rev-parse " + sh_quote(ref));
}

void GitRepo::new_branch(const std::string& name) const {
  git("checkout -q -b " + sh_quote(name));
}

void GitRepo::checkout(const std::string& name) const {
  git("checkout -q " + sh_quote(name));
}

std::string GitRepo::merge(const std::string& name, const std::string& message) const {
  git("merge -q --no-ff -m " + sh_quote(message) + " " + sh_quote(name));
  return rev("HEAD");
}

}  // namespace reconcile::testing
