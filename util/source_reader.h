// SourceReader: the one way LinkML files (and other inputs) are read, so that
// the same loader works on the work tree and on any git ref without a checkout
// (gitsync/git_source_reader.h).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

namespace reconcile {

class SourceReader {
 public:
  virtual ~SourceReader() = default;
  // Contents of the file at `path` (relative to the reader's root, or
  // absolute for the filesystem reader); nullopt if it does not exist.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
  // A name for messages: "worktree", "git:main", ...
  virtual std::string describe() const = 0;
};

// Reads from the filesystem; relative paths resolve against `root`.
class FileSourceReader : public SourceReader {
 public:
  explicit FileSourceReader(std::string root = ".") : root_(std::move(root)) {}
  std::optional<std::string> read(const std::string& path) const override;
  std::string describe() const override { return "worktree"; }

 private:
  std::string root_;
};

// Files held in memory, keyed by path exactly as given (no normalization):
// schemas built on the fly, tests and benchmarks.
class MemorySourceReader : public SourceReader {
 public:
  explicit MemorySourceReader(std::map<std::string, std::string> files)
      : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }
  std::string describe() const override { return "memory"; }

 private:
  std::map<std::string, std::string> files_;
};

// Reads through another reader and remembers the files it found, as
// absolute, normalized paths (resolved against the working directory), so a
// commit can include exactly the schema files a revision was made from.
class RecordingSourceReader : public SourceReader {
 public:
  explicit RecordingSourceReader(const SourceReader& inner) : inner_(inner) {}
  std::optional<std::string> read(const std::string& path) const override;
  std::string describe() const override { return inner_.describe(); }
  // Sorted; only files that existed.
  const std::set<std::string>& files() const { return read_; }

 private:
  const SourceReader& inner_;
  mutable std::set<std::string> read_;
};

}  // namespace reconcile
