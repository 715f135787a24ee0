#include "core/plan/plan.h"

#include <algorithm>

namespace reconcile::plan {

const char* hazard_name(Hazard h) {
  switch (h) {
    case Hazard::kDeletesData:
      return "DELETES_DATA";
    case Hazard::kRewritesTable:
      return "REWRITES_TABLE";
    case Hazard::kAccessExclusiveLock:
      return "TAKES_ACCESS_EXCLUSIVE_LOCK";
    case Hazard::kNotReversible:
      return "NOT_REVERSIBLE";
    case Hazard::kCannotRunInTransaction:
      return "CANNOT_RUN_IN_TRANSACTION";
    case Hazard::kIndexBuild:
      return "INDEX_BUILD";
    case Hazard::kValidatesConstraint:
      return "VALIDATES_CONSTRAINT";
  }
  return "UNKNOWN";
}

const std::vector<Hazard>& all_hazards() {
  static const std::vector<Hazard> all = {
      Hazard::kDeletesData,         Hazard::kRewritesTable,          Hazard::kAccessExclusiveLock,
      Hazard::kNotReversible,       Hazard::kCannotRunInTransaction, Hazard::kIndexBuild,
      Hazard::kValidatesConstraint,
  };
  return all;
}

std::optional<Hazard> hazard_from_name(std::string_view name) {
  for (Hazard h : all_hazards())
    if (name == hazard_name(h)) return h;
  return std::nullopt;
}

bool Step::has(Hazard h) const {
  return std::find(hazards.begin(), hazards.end(), h) != hazards.end();
}

bool Plan::has(Hazard h) const {
  return std::any_of(steps.begin(), steps.end(), [h](const Step& s) { return s.has(h); });
}

std::string Plan::up_sql() const {
  std::string out;
  for (const Step& s : steps)
    for (const std::string& stmt : s.up) out += stmt + ";\n";
  return out;
}

std::string Plan::down_sql() const {
  std::string out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    for (const std::string& stmt : it->down) out += stmt + ";\n";
  return out;
}

}  // namespace reconcile::plan
