#include "util/source_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace reconcile {

std::optional<std::string> FileSourceReader::read(const std::string& path) const {
  namespace fs = std::filesystem;
  fs::path p(path);
  if (p.is_relative()) p = fs::path(root_) / p;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::optional<std::string> RecordingSourceReader::read(const std::string& path) const {
  namespace fs = std::filesystem;
  auto text = inner_.read(path);
  if (text) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    read_.insert((ec ? fs::path(path) : abs).lexically_normal().string());
  }
  return text;
}

}  // namespace reconcile
