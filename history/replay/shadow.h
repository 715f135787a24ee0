// Shadow databases: throwaway databases that replays run in, and the role
// that replayed revisions run as.
//
// Trust. Replays run the SQL of revision files, and `check` runs on branches
// nobody has reviewed yet, so replayed SQL is treated as untrusted:
//  * shadow_server_url() says which server shadow databases live on: the
//    project's embedded cluster (reconcile.yaml dev_db, started on demand),
//    unless $RECONCILE_SHADOW_URL explicitly names another server. It is never
//    taken from reconcile.yaml, which a branch can change.
//  * ShadowDatabase connects to that server with the given URL (the "server
//    role"; the embedded cluster's is the superuser postgres), creates a
//    login role of its own with no privileges (NOSUPERUSER NOCREATEDB
//    NOCREATEROLE NOREPLICATION NOBYPASSRLS, a random password, member of no
//    role) and a database owned by that role, and url() connects as that
//    role: every replayed statement runs as it. So a revision that tries
//    ALTER ROLE ... SUPERUSER, CREATE ROLE, COPY ... PROGRAM, ALTER SYSTEM,
//    CREATE DATABASE or the like fails with PostgreSQL's permission error,
//    and what it can change is the shadow database (which it owns) and
//    nothing else. Both are dropped on destruction.
//  * When the server role can create roles (superuser or CREATEROLE) this is
//    always done. Otherwise the server role itself owns the shadow database
//    and runs the revisions; it is refused (DatabaseError) if it is a
//    superuser or a member of pg_execute_server_program,
//    pg_read_server_files or pg_write_server_files.
//  * Extensions: an extension of reconcile.yaml `extensions` that the role
//    could not create itself (not marked trusted) and that a revision to be
//    replayed creates is installed by the server role, right after the
//    database is created and before any revision statement runs, into the
//    schema that revision names (a schema that does not exist yet is
//    created, owned by the replay role). The extension's own scripts thus
//    never run next to objects an untrusted revision made. Trusted
//    extensions (pg_trgm, citext, ...) are created by the revisions
//    themselves, as the replay role. See shadow_session.h for how the
//    replay then treats these pre-installed objects.
#pragma once

#include <map>
#include <set>
#include <string>

#include "config/config.h"

namespace reconcile::replay {

std::string shadow_server_url(const config::Config& config);

// Replay options for the project: shadow_server_url(config), the target
// schemas, exclude patterns and extensions of reconcile.yaml.
struct ReplayOptions;
ReplayOptions replay_options(const config::Config& config);

// `url` with its database replaced by `database`. Accepts URLs
// (postgresql://...) and key=value connection strings; other parameters are
// kept. Throws UsageError when `url` cannot be parsed.
std::string with_database(const std::string& url, const std::string& database);

// `url` (URL or key=value string, parsed by libpq) as a key=value connection
// string that logs in as `user` with `password`; other parameters are kept.
// Throws UsageError when libpq cannot parse `url`.
std::string with_login(const std::string& url, const std::string& user,
                       const std::string& password);

class ShadowDatabase {
 public:
  // Creates the role and the database on the server of `server_url`, and
  // installs `preinstall` (extension -> schema) as the server role. Throws
  // DatabaseError.
  ShadowDatabase(const std::string& server_url, const std::string& hint,
                 const std::map<std::string, std::string>& preinstall = {});
  ~ShadowDatabase();
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Connects to the shadow database as the role replays run as.
  const std::string& url() const { return url_; }
  // That role.
  const std::string& role() const { return role_; }
  // True when the role was created for this database (false: the server role).
  bool own_role() const { return own_role_; }
  // Extensions installed before the replay (extension -> schema), and the
  // schemas created for them.
  const std::map<std::string, std::string>& preinstalled() const { return preinstalled_; }
  const std::set<std::string>& precreated_schemas() const { return precreated_schemas_; }

 private:
  void create(const std::map<std::string, std::string>& preinstall);
  void drop() noexcept;

  std::string server_url_;
  std::string name_;
  std::string url_;
  std::string role_;
  bool own_role_ = false;
  bool created_ = false;
  std::map<std::string, std::string> preinstalled_;
  std::set<std::string> precreated_schemas_;
};

}  // namespace reconcile::replay
