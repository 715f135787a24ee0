#include "util/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "util/error.h"

namespace reconcile::util {

std::unique_ptr<FileLock> FileLock::acquire(
    const std::string& path, std::chrono::milliseconds wait,
    const std::function<void(const std::string&)>& on_wait) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError("cannot open the lock file " + path + ": " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  bool told = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      std::string why = std::strerror(errno);
      ::close(fd);
      throw InputError("cannot lock " + path + ": " + why);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      throw ConflictError("another reconcile process holds " + path,
                          "wait for it to finish, or raise --lock-wait (config: lock_wait)");
    }
    if (!told && on_wait) {
      on_wait("waiting for " + path);
      told = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace reconcile::util
