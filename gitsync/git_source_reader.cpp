#include "gitsync/git_source_reader.h"

#include <filesystem>

namespace reconcile::gitsync {

GitSourceReader::GitSourceReader(Repository repo, const std::string& ref, std::string base)
    : repo_(std::move(repo)), ref_(ref), base_(std::move(base)), commit_(repo_.resolve(ref)) {
  base_ = repo_.to_repo_path(base_);
}

std::string GitSourceReader::describe() const {
  return "git:" + ref_;
}

std::optional<std::string> GitSourceReader::repo_path(const std::string& path) const {
  namespace fs = std::filesystem;
  fs::path p(path);
  std::string joined =
      p.is_absolute() || base_.empty() ? path : (fs::path(base_) / p).generic_string();
  try {
    return repo_.to_repo_path(joined);
  } catch (const GitError&) {
    return std::nullopt;
  }
}

std::optional<std::string> GitSourceReader::read(const std::string& path) const {
  auto rp = repo_path(path);
  if (!rp || rp->empty()) return std::nullopt;
  return repo_.read_file(commit_.id, *rp);
}

std::vector<TreeEntry> GitSourceReader::list(const std::string& dir) const {
  auto rp = dir.empty() ? std::optional<std::string>(base_) : repo_path(dir);
  if (!rp) return {};
  return repo_.list_directory(commit_.id, *rp);
}

}  // namespace reconcile::gitsync
