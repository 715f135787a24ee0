// The steps for views and materialized views, around the steps for
// everything else (planner.h).
//
// A view of the old catalog is dropped (dependents first, before every
// other step) when it is gone from the new one, when it changed in a way
// CREATE OR REPLACE VIEW cannot express (a materialized view, columns
// removed, renamed or retyped, materialized or not), when it reads a table
// that is dropped or a column that is dropped or changes type or collation
// (also through an enum that is recreated), or when it reads a view that is
// dropped. Views of the new catalog that are new or were dropped this way
// are created after every other step, in views_in_order; a plain view whose
// new columns only extend the old ones is replaced in place (CREATE OR
// REPLACE VIEW), provided that everything its old definition reads still
// exists in the new catalog (so that the down SQL, which runs first when
// undoing the plan, can put it back). A materialized view that is kept gets
// its index and comment changes as steps of their own.
//
// Steps carry down SQL that restores the old definitions. Creating a
// materialized view WITH DATA runs its query: such steps carry
// REFRESHES_MATERIALIZED_VIEW.
#pragma once

#include <vector>

#include "core/catalog/catalog.h"
#include "core/diff/diff.h"
#include "core/plan/plan.h"

namespace reconcile::plan {

struct ViewSteps {
  std::vector<Step> before;  // drops, dependents first
  std::vector<Step> after;   // creates, replacements, index and comment changes
};

// `from` is the old catalog with the renames of `to` applied
// (diff::apply_renames); `changes` are diff(from, to).
ViewSteps plan_views(const std::vector<diff::Change>& changes, const catalog::Catalog& from,
                     const catalog::Catalog& to);

// REFRESH MATERIALIZED VIEW of every materialized view of `c` (CONCURRENTLY
// when can_refresh_concurrently), in views_in_order, one step each.
std::vector<Step> refresh_steps(const catalog::Catalog& c);

}  // namespace reconcile::plan
