// Load, map, apply and plan again: the round trip every schema must pass.
//
// map_project loads a LinkML project held in memory (path -> text) and maps
// it with a profile. apply_to_database plans from what the database holds to
// the mapped catalog, runs the plan through apply's statement runner (as a
// revision: plan_revision), reads the database back and returns the plan that
// is still needed: empty when the schema converged.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/plan/plan.h"
#include "core/revision/revision.h"
#include "db/apply/runner.h"
#include "linkml/diagnostics.h"
#include "linkml/mapping/mapping.h"

namespace reconcile::testing {

struct MappedProject {
  catalog::Catalog catalog;
  linkml::Diagnostics diagnostics;  // loading and mapping
  // Every diagnostic, one per line (file:line:col: severity: message [code]).
  std::string messages() const;
  // True if a diagnostic has this code.
  bool has(const std::string& code) const;
};

MappedProject map_project(const std::map<std::string, std::string>& files, const std::string& entry,
                          mapping::Profile profile, std::vector<std::string> extensions = {});

// Builds the views of `desired` in a shadow database on the test server
// (history/replay/view_build.h), as `plan` does; map_project calls it when
// the mapping had no errors. Column warnings become "view-columns" warnings.
void build_desired_views(catalog::Catalog& desired, linkml::Diagnostics& diagnostics);

// The PostgreSQL schemas a catalog uses (to introspect them).
std::vector<std::string> schemas_of(const catalog::Catalog& c);

// Reads the database (the schemas of `desired`).
catalog::Catalog read_database(const std::string& url, const catalog::Catalog& desired);

// The revision `apply` would run for `p`: its bodies are those a revision
// file gets (apply::render_body: the up statements in step order, the down
// statements in reverse step order, no-transaction and hazard lines), id
// "plan", checksum set.
revision::Revision plan_revision(const plan::Plan& p);

// Runs the up body of plan_revision(p) (or with kDown its down body) on the
// database with apply's statement runner (db/apply/runner.h): transactional
// statements together in one transaction, each no-transaction statement on
// its own. Throws apply::StatementError when a statement fails.
apply::RunResult run_plan(const std::string& url, const plan::Plan& p,
                          apply::Direction direction = apply::Direction::kUp);
// The same on an open connection.
apply::RunResult run_plan(pqxx::connection& conn, const plan::Plan& p,
                          apply::Direction direction = apply::Direction::kUp);

struct Convergence {
  plan::Plan applied;  // what was run
  plan::Plan again;    // planned after applying: empty when converged
};

// Plans database -> desired, runs it, and plans again.
Convergence apply_to_database(const std::string& url, const catalog::Catalog& desired);

}  // namespace reconcile::testing
