// SHA-256 of a byte string (OpenSSL), as 64 lower-case hex digits: the one
// digest behind content hashes, revision checksums and cache keys.
#pragma once

#include <string>
#include <string_view>

namespace reconcile {

// Throws Error(kInternal) if OpenSSL fails.
std::string sha256_hex(std::string_view bytes);

}  // namespace reconcile
