// Load, map, apply and plan again: the round trip every schema must pass.
//
// map_project loads a LinkML project held in memory (path -> text) and maps
// it with a profile. apply_to_database plans from what the database holds to
// the mapped catalog, runs the plan's statements as `apply` does (each step
// in its own transaction, or outside one when the step says so), reads the
// database back and returns the plan that is still needed: empty when the
// schema converged.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/plan/plan.h"
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
                          mapping::Profile profile);

// The PostgreSQL schemas a catalog uses (to introspect them).
std::vector<std::string> schemas_of(const catalog::Catalog& c);

// Reads the database (the schemas of `desired`).
catalog::Catalog read_database(const std::string& url, const catalog::Catalog& desired);

// Runs every step of `p` (up statements) on the database.
void run_plan(const std::string& url, const plan::Plan& p);

struct Convergence {
  plan::Plan applied;  // what was run
  plan::Plan again;    // planned after applying: empty when converged
};

// Plans database -> desired, runs it, and plans again.
Convergence apply_to_database(const std::string& url, const catalog::Catalog& desired);

}  // namespace reconcile::testing
