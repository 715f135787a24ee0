#include "util/local_state.h"

#include <fstream>

namespace reconcile::util {

void mark_local_state(const std::filesystem::path& dir) {
  std::error_code ec;
  const auto file = dir / ".gitignore";
  if (std::filesystem::exists(file, ec)) return;
  std::ofstream out(file, std::ios::binary);
  out << "# Local state of reconcile (dev database, replay cache): never committed.\n*\n";
}

}  // namespace reconcile::util
