// A plan drawn as a Mermaid ER diagram (`plan`/`diff --format mermaid`): the
// schema after the plan, with the tables the plan adds, changes or drops
// marked (core/catalog/mermaid.h), and dropped tables and columns still drawn
// so the picture shows what goes away. The plan's step count and hazards are
// `%%` comment lines at the top.
//
// Guarantees: deterministic; an empty plan draws the unchanged schema with no
// marks.
#pragma once

#include <string>

#include "core/catalog/catalog.h"
#include "core/catalog/mermaid.h"
#include "core/plan/plan.h"

namespace reconcile::plan {

// The marks of every table and column that differs between `from` and `to`.
catalog::ErMarks change_marks(const catalog::Catalog& from, const catalog::Catalog& to);

// `to`, plus the tables and columns only `from` has (marked dropped).
catalog::Catalog with_dropped(const catalog::Catalog& from, const catalog::Catalog& to);

std::string render_plan_mermaid(const Plan& p, const catalog::Catalog& from,
                                const catalog::Catalog& to);

}  // namespace reconcile::plan
