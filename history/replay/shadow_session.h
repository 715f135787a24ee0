// ShadowSession: one shadow database (shadow.h) with a connection as its
// replay role, into which revisions are replayed and which is then
// introspected. replay() and merge analysis use it; nothing else runs
// revision SQL during a replay.
//
// Pre-installed extensions (shadow.h). An extension the server role
// installed before the replay is part of the replayed state only from the
// replayed statement that creates it on: until then the introspected catalog
// leaves it out (and a schema made only to hold it), so every state is the
// one the revisions describe, and a revision generated from it still creates
// the extension. That CREATE EXTENSION statement is not run (the extension
// is already there); when it names another schema than the one the
// extension was installed in, the replay fails (ReplayError) saying so. A
// CREATE SCHEMA of a schema made for an extension is likewise not run.
// Every other statement runs as the replay role, exactly as apply runs it
// (db/apply/runner.h, without progress tracking).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/catalog/catalog.h"
#include "core/revision/revision.h"
#include "history/replay/replay.h"
#include "history/replay/shadow.h"

namespace reconcile::replay {

// Which extensions of options.extensions to install before replaying
// `revisions`, and where: each one some revision creates, in the schema its
// first CREATE EXTENSION names ("public" without a SCHEMA clause).
std::map<std::string, std::string> preinstall_plan(
    const ReplayOptions& options, const std::vector<const revision::Revision*>& revisions);

class ShadowSession {
 public:
  // `revisions`: those that may be replayed in this session (preinstall_plan).
  ShadowSession(const ReplayOptions& options,
                const std::vector<const revision::Revision*>& revisions);
  ~ShadowSession();
  ShadowSession(const ShadowSession&) = delete;
  ShadowSession& operator=(const ShadowSession&) = delete;

  // Runs the up body of `r`. Throws ReplayError when a statement fails (the
  // failing step is rolled back), DatabaseError when the connection is lost.
  void run_up(const revision::Revision& r);
  // The catalog of the shadow database now (see above for extensions).
  catalog::Catalog introspect();

  // Revisions replayed so far (kept by the caller).
  std::set<std::string> applied;

 private:
  const ReplayOptions& options_;
  std::unique_ptr<ShadowDatabase> db_;
  std::unique_ptr<pqxx::connection> conn_;
  std::set<std::string> claimed_extensions_;
  std::set<std::string> claimed_schemas_;
};

}  // namespace reconcile::replay
