#include "core/plan/plan_mermaid.h"

#include <set>
#include <sstream>

namespace reconcile::plan {
namespace {

std::string key(const std::string& schema, const std::string& table) {
  return schema + "." + table;
}

}  // namespace

catalog::ErMarks change_marks(const catalog::Catalog& from, const catalog::Catalog& to) {
  catalog::ErMarks marks;
  for (const auto& [sn, s] : to.schemas) {
    for (const auto& [tn, t] : s.tables) {
      const catalog::Table* old = from.find_table(sn, tn);
      if (!old) {
        marks.tables[key(sn, tn)] = catalog::ErMark::kAdded;
        continue;
      }
      if (*old == t) continue;
      marks.tables[key(sn, tn)] = catalog::ErMark::kChanged;
      for (const auto& col : t.columns) {
        const catalog::Column* before = old->find_column(col.name);
        if (!before)
          marks.columns[key(sn, tn) + "." + col.name] = catalog::ErMark::kAdded;
        else if (!(*before == col))
          marks.columns[key(sn, tn) + "." + col.name] = catalog::ErMark::kChanged;
      }
      for (const auto& col : old->columns)
        if (!t.find_column(col.name))
          marks.columns[key(sn, tn) + "." + col.name] = catalog::ErMark::kDropped;
    }
  }
  for (const auto& [sn, s] : from.schemas)
    for (const auto& [tn, t] : s.tables)
      if (!to.find_table(sn, tn)) marks.tables[key(sn, tn)] = catalog::ErMark::kDropped;
  return marks;
}

catalog::Catalog with_dropped(const catalog::Catalog& from, const catalog::Catalog& to) {
  catalog::Catalog out = to;
  for (const auto& [sn, s] : from.schemas) {
    for (const auto& [tn, t] : s.tables) {
      catalog::Schema& target = out.schemas[sn];
      target.name = sn;
      auto it = target.tables.find(tn);
      if (it == target.tables.end()) {
        target.tables[tn] = t;
        continue;
      }
      for (const auto& col : t.columns)
        if (!it->second.find_column(col.name)) it->second.columns.push_back(col);
    }
  }
  return out;
}

std::string render_plan_mermaid(const Plan& p, const catalog::Catalog& from,
                                const catalog::Catalog& to) {
  std::ostringstream s;
  std::set<std::string> hazards;
  for (const Step& step : p.steps)
    for (Hazard h : step.hazards) hazards.insert(hazard_name(h));
  std::string diagram = catalog::render_er_diagram(with_dropped(from, to), change_marks(from, to));
  // "erDiagram\n" first, then the plan as comments.
  const size_t first = diagram.find('\n') + 1;
  s << diagram.substr(0, first) << "  %% plan: " << p.steps.size()
    << (p.steps.size() == 1 ? " step" : " steps");
  if (!hazards.empty()) {
    s << "; hazards:";
    for (const auto& h : hazards) s << " " << h;
  }
  s << "\n" << diagram.substr(first);
  return s.str();
}

}  // namespace reconcile::plan
