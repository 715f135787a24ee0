// Redaction of secrets in database URLs and in any text that may contain one.
//
// Guarantees: the password of a `scheme://user:password@host/...` URL, a
// `password=` query parameter, and a `password=...` keyword of a libpq
// key=value connection string (quoted or not) never survive redaction; they
// are replaced by "***". Everything else is kept byte for byte, so a redacted
// URL still tells the reader which host, port, user and database it names.
// Use redact_url() wherever a URL or a message that may quote one is logged
// or printed.
#pragma once

#include <string>

namespace reconcile::util {

// Redacts every URL userinfo password and every `password=` keyword/parameter
// found in `text` (works on a bare URL, a conninfo string or a whole message).
std::string redact_url(const std::string& text);

}  // namespace reconcile::util
