// Redaction of secrets in database URLs and in any text that may contain one,
// and the check that keeps a malformed connection string away from libpq.
//
// Guarantees: the password of a `scheme://user:password@host/...` URL, of a
// URL written without its scheme (`user:password@host:5432/db`), a
// `password=` query parameter, and the `password`, `sslpassword` and
// `PGPASSWORD` keywords of a libpq key=value string or an environment-style
// assignment (quoted or not) never survive redaction; they are replaced by
// "***". Everything else is kept byte for byte, so a redacted URL still tells
// the reader which host, port, user and database it names. Use redact_url()
// wherever a URL or a message that may quote one is logged or printed (the
// log sink and the error reporter apply it to every line).
#pragma once

#include <string>

namespace reconcile::util {

// Redacts every URL userinfo password and every `password=` keyword/parameter
// found in `text` (works on a bare URL, a conninfo string or a whole message).
std::string redact_url(const std::string& text);

// Throws UsageError (the string redacted) unless `conninfo` is empty, a
// postgresql:// or postgres:// URL, or a key=value string libpq parses: a URL
// without its scheme, which libpq would read as key=value and echo back in
// its error, never reaches libpq's connection functions.
void check_connection_string(const std::string& conninfo);

}  // namespace reconcile::util
