// An exclusive advisory lock (flock) on a file, held for the lifetime of the
// object: processes that take the same lock run one at a time. The kernel
// releases it when the process dies, SIGKILL included, so a crash never
// leaves it taken.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace reconcile::util {

class FileLock {
 public:
  // Creates `path` (and its folder) if needed and takes the lock, waiting up
  // to `wait`; `on_wait` is told once when it has to wait. Throws
  // ConflictError when the wait runs out, InputError when the file cannot be
  // opened.
  static std::unique_ptr<FileLock> acquire(
      const std::string& path, std::chrono::milliseconds wait,
      const std::function<void(const std::string&)>& on_wait = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace reconcile::util
