#include "core/plan/plan_output.h"

#include <set>

#include "util/error.h"

namespace reconcile::plan {

OutputFormat parse_output_format(const std::string& name) {
  if (name == "text" || name.empty()) return OutputFormat::kText;
  if (name == "sql") return OutputFormat::kSql;
  if (name == "json") return OutputFormat::kJson;
  throw UsageError("unknown output format '" + name + "' for a plan",
                   "use --format text, sql or json");
}

nlohmann::json plan_to_json(const Plan& p) {
  nlohmann::json steps = nlohmann::json::array();
  std::set<std::string> all;
  for (const Step& s : p.steps) {
    nlohmann::json hz = nlohmann::json::array();
    for (Hazard h : s.hazards) {
      hz.push_back(hazard_name(h));
      all.insert(hazard_name(h));
    }
    steps.push_back({{"summary", s.summary},
                     {"up", s.up},
                     {"down", s.down},
                     {"hazards", hz},
                     {"objects", s.objects},
                     {"transactional", s.transactional}});
  }
  return {{"changes", p.steps.size()},
          {"hazards", std::vector<std::string>(all.begin(), all.end())},
          {"steps", steps},
          {"not_compared", p.not_compared}};
}

// "Not compared (...): view public.v, ..." or nothing.
std::string not_compared_note(const Plan& p) {
  if (p.not_compared.empty()) return "";
  std::string out = "Not compared (reconcile does not manage these kinds of object yet): ";
  for (size_t i = 0; i < p.not_compared.size(); ++i) out += (i ? ", " : "") + p.not_compared[i];
  return out + "\n";
}

std::string render_text(const Plan& p, bool color, bool show_sql) {
  if (p.empty()) return "No changes.\n" + not_compared_note(p);
  const std::string red = color ? "\033[31m" : "", yellow = color ? "\033[33m" : "",
                    reset = color ? "\033[0m" : "";
  std::string out;
  size_t n = 0;
  for (const Step& s : p.steps) {
    out += std::to_string(++n) + ". " + s.summary;
    if (!s.hazards.empty()) {
      const bool bad = s.has(Hazard::kDeletesData);
      out += "  " + (bad ? red : yellow) + "[";
      for (size_t i = 0; i < s.hazards.size(); ++i)
        out += std::string(i ? ", " : "") + hazard_name(s.hazards[i]);
      out += "]" + reset;
    }
    out += "\n";
    if (show_sql)
      for (const std::string& stmt : s.up) out += "     " + stmt + ";\n";
  }
  return out + not_compared_note(p);
}

std::string render_sql(const Plan& p) {
  std::string out;
  for (const Step& s : p.steps) {
    if (!s.transactional) out += "-- run outside a transaction: " + s.summary + "\n";
    for (const std::string& stmt : s.up) out += stmt + ";\n";
  }
  return out;
}

std::string render_plan(const Plan& p, OutputFormat f, bool color, bool show_sql) {
  switch (f) {
    case OutputFormat::kText:
      return render_text(p, color, show_sql);
    case OutputFormat::kSql:
      return render_sql(p);
    case OutputFormat::kJson:
      return plan_to_json(p).dump(2) + "\n";
  }
  return "";
}

}  // namespace reconcile::plan
