#include "linkml/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace reconcile::linkml {

std::string format_location(const SourceLocation& where) {
  std::string s = where.file;
  if (s.empty()) return s;
  if (where.line > 0) {
    s.append(1, ':').append(std::to_string(where.line));
    if (where.column > 0) s.append(1, ':').append(std::to_string(where.column));
  }
  return s;
}

std::string Diagnostic::to_string() const {
  std::string out;
  std::string pos = format_location(where);
  if (!pos.empty()) out += pos + ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  if (!code.empty()) out += " [" + code + "]";
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

bool Diagnostics::has_errors(bool strict) const {
  for (const auto& d : items_) {
    if (strict || d.severity == Severity::kError) return true;
  }
  return false;
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column, a.code, a.message) <
           std::tie(b.where.file, b.where.line, b.where.column, b.code, b.message);
  });
  return out;
}

}  // namespace reconcile::linkml
