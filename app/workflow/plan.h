// The `plan` workflow: the migration from the live database to the LinkML
// schema (in the work tree, or at a git ref without a checkout).
//
// The database is read while the LinkML schema loads; a schema the LinkML
// schema places tables in (sql_schema) beyond the configured ones is read
// afterwards. Throws InputError when the LinkML schema has errors (warnings
// too with `strict`; the diagnostics go to the observer first), GitError for
// an unknown ref, DatabaseError when the database cannot be read.
#pragma once

#include <string>

#include "app/workflow/observer.h"
#include "app/workflow/project.h"
#include "core/catalog/catalog.h"
#include "core/plan/plan.h"

namespace reconcile::workflow {

struct PlanOptions {
  Project project;
  DatabaseUrl database;
  std::string ref;  // read the LinkML schema at this git ref; empty: the work tree
  Observer* observer = nullptr;
};

struct PlanResult {
  plan::Plan plan;           // empty when the database is as the LinkML schema describes
  catalog::Catalog actual;   // the database, over the schemas the plan covers
  catalog::Catalog desired;  // the LinkML schema, mapped
};

PlanResult run_plan(const PlanOptions& options);

}  // namespace reconcile::workflow
