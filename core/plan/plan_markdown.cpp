#include "core/plan/plan_markdown.h"

#include <algorithm>
#include <sstream>

namespace reconcile::plan {

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string markdown_fence(const std::string& body, const std::string& lang) {
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string text = body;
  if (!text.empty() && text.back() != '\n') text += '\n';
  return fence + lang + "\n" + text + fence + "\n";
}

std::string render_plan_markdown(const Plan& p, const std::string& title) {
  std::ostringstream s;
  s << "### " << title << "\n\n";
  if (p.empty()) {
    s << "No changes.\n";
  } else {
    size_t hazardous = 0;
    for (const Step& step : p.steps) hazardous += step.hazards.empty() ? 0 : 1;
    s << "**" << p.steps.size() << (p.steps.size() == 1 ? " step" : " steps") << "**, "
      << (hazardous == 0 ? "no hazards" : std::to_string(hazardous) + " with hazards") << ".\n\n";
    if (hazardous > 0) {
      s << "| hazard | step | change |\n|---|---|---|\n";
      for (Hazard h : all_hazards()) {
        size_t n = 0;
        for (const Step& step : p.steps) {
          ++n;
          if (step.has(h))
            s << "| `" << hazard_name(h) << "` | " << n << " | " << markdown_cell(step.summary)
              << " |\n";
        }
      }
      s << "\n";
    }
    size_t n = 0;
    for (const Step& step : p.steps) s << ++n << ". " << markdown_cell(step.summary) << "\n";
    s << "\n<details><summary>SQL</summary>\n\n";
    std::string sql;
    for (const Step& step : p.steps) {
      if (!step.transactional) sql += "-- run outside a transaction: " + step.summary + "\n";
      for (const std::string& stmt : step.up) sql += stmt + ";\n";
    }
    s << markdown_fence(sql, "sql") << "\n</details>\n";
  }
  if (!p.not_compared.empty()) {
    s << "\nNot compared (reconcile does not manage these kinds of object yet): ";
    for (size_t i = 0; i < p.not_compared.size(); ++i)
      s << (i ? ", " : "") << "`" << p.not_compared[i] << "`";
    s << "\n";
  }
  return s.str();
}

}  // namespace reconcile::plan
