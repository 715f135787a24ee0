// Opening connections for apply, downgrade and status: a libpqxx connection
// with an application_name, and errors that never show a password.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace reconcile::apply {

// Connects to `url`, setting application_name to `application`. Throws
// UsageError for a string that is not a URL or key=value pairs (before
// libpq sees it, util::check_connection_string) and DatabaseError (password
// redacted) when the connection fails.
std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application);

}  // namespace reconcile::apply
