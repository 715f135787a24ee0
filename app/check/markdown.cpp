#include "app/check/markdown.h"

#include <sstream>

#include "core/plan/plan_markdown.h"

namespace reconcile::check {

std::string render_markdown(const Report& report) {
  using plan::markdown_cell;
  std::ostringstream s;
  s << "### reconcile check\n\n";
  const int errors = report.count(Severity::kError);
  const int warnings = report.count(Severity::kWarning);
  if (report.clean())
    s << "No findings.\n\n";
  else
    s << "**" << report.findings.size() << (report.findings.size() == 1 ? " finding" : " findings")
      << "** (" << errors << (errors == 1 ? " error, " : " errors, ") << warnings
      << (warnings == 1 ? " warning" : " warnings") << ").\n\n";

  s << "| check | result |\n|---|---|\n";
  for (const CheckStatus& c : report.checks) {
    s << "| `" << code_name(c.code) << "` | ";
    const size_t n = report.of(c.code).size();
    if (n > 0)
      s << n << (n == 1 ? " finding" : " findings");
    else if (c.ran)
      s << "passed";
    else
      s << "skipped: " << markdown_cell(c.skipped_reason);
    s << " |\n";
  }
  if (report.clean()) return s.str();

  s << "\n| severity | check | where | finding |\n|---|---|---|---|\n";
  for (const Finding& f : report.findings) {
    std::string text = f.message;
    if (!f.hint.empty()) text += " Hint: " + f.hint;
    const std::string where = f.where.to_string();
    s << "| " << severity_name(f.severity) << " | `" << code_name(f.code) << "` | "
      << (where.empty() ? "" : "`" + markdown_cell(where) + "`") << " | " << markdown_cell(text)
      << " |\n";
  }
  for (const Finding& f : report.findings) {
    if (f.sql.empty()) continue;
    s << "\n<details><summary>" << code_name(f.code) << (f.revision.empty() ? "" : " " + f.revision)
      << ": SQL</summary>\n\n"
      << plan::markdown_fence(f.sql, "sql") << "\n</details>\n";
  }
  return s.str();
}

}  // namespace reconcile::check
