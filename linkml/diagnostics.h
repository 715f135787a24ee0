// Diagnostics: warnings and errors about LinkML input, each with a position,
// a severity, a stable code, a message and a hint.
//
// Loading never stops at the first warning: everything LinkML's own tools
// accept loads, and every guess reconcile makes is reported here. `--strict`
// turns warnings into errors (Diagnostics::has_errors(strict)).
#pragma once

#include <string>
#include <vector>

#include "util/error.h"

namespace reconcile::linkml {

enum class Severity { kWarning, kError };

// "file:line:col", "file:line" or "file" (same text as SourceLocation::to_string).
std::string format_location(const SourceLocation& where);

struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string code;  // stable, e.g. "unresolved-import", "unknown-range", "duplicate-class"
  std::string message;
  std::string hint;
  SourceLocation where;

  // "file:line:col: warning: message [code]\n  hint: ..."
  std::string to_string() const;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void warn(std::string code, std::string message, SourceLocation where, std::string hint = {}) {
    add({Severity::kWarning, std::move(code), std::move(message), std::move(hint),
         std::move(where)});
  }
  void error(std::string code, std::string message, SourceLocation where, std::string hint = {}) {
    add({Severity::kError, std::move(code), std::move(message), std::move(hint), std::move(where)});
  }
  const std::vector<Diagnostic>& items() const { return items_; }
  // True if there is an error, or (strict) any diagnostic at all.
  bool has_errors(bool strict = false) const;
  // Sorted by file, line, column, code; deterministic.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace reconcile::linkml
