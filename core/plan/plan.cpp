#include "core/plan/plan.h"

#include <algorithm>

namespace reconcile::plan {

const char* hazard_name(Hazard h) {
  return util::enum_name(h).data();
}

const std::vector<Hazard>& all_hazards() {
  static const std::vector<Hazard> all = [] {
    const auto values = util::enum_values<Hazard>();
    return std::vector<Hazard>(values.begin(), values.end());
  }();
  return all;
}

std::optional<Hazard> hazard_from_name(std::string_view name) {
  return util::enum_from_name<Hazard>(name);
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
