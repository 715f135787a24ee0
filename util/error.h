// Errors as types. Every failure a user can see is one of these; each carries
// a message that says what went wrong, and where possible a hint that says what
// to do about it. The CLI maps the kind to the process exit code (docs/design.md,
// "Checks and exit codes"): usage/input/database/git/internal errors exit 1,
// refusals of hazards exit 3.
#pragma once

#include <stdexcept>
#include <string>

namespace reconcile {

// A position in a source file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  // "file:line:col", "file:line" or "file" depending on what is known.
  std::string to_string() const {
    if (file.empty()) return "";
    std::string s = file;
    if (line > 0) {
      s += ':';
      s += std::to_string(line);
      if (column > 0) {
        s += ':';
        s += std::to_string(column);
      }
    }
    return s;
  }
  auto operator<=>(const SourceLocation&) const = default;
};

enum class ErrorKind {
  kUsage,     // bad command line or configuration
  kInput,     // bad schema, revision or other input file
  kDatabase,  // connection failed, statement failed
  kGit,       // repository problems
  kConflict,  // several heads, merge conflicts: the user must decide
  kRefused,   // a hazard was refused (exit 3)
  kInternal,  // a bug in reconcile
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, std::string hint = {},
        SourceLocation where = {})
      : std::runtime_error(message),
        kind_(kind),
        hint_(std::move(hint)),
        where_(std::move(where)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& hint() const { return hint_; }
  const SourceLocation& where() const { return where_; }

  // Process exit code for this error (1, or 3 for refusals).
  int exit_code() const { return kind_ == ErrorKind::kRefused ? 3 : 1; }

 private:
  ErrorKind kind_;
  std::string hint_;
  SourceLocation where_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m, std::string hint = {})
      : Error(ErrorKind::kUsage, m, std::move(hint)) {}
};
struct InputError : Error {
  InputError(const std::string& m, SourceLocation where = {}, std::string hint = {})
      : Error(ErrorKind::kInput, m, std::move(hint), std::move(where)) {}
};
struct DatabaseError : Error {
  explicit DatabaseError(const std::string& m, std::string hint = {})
      : Error(ErrorKind::kDatabase, m, std::move(hint)) {}
};
struct GitError : Error {
  explicit GitError(const std::string& m, std::string hint = {})
      : Error(ErrorKind::kGit, m, std::move(hint)) {}
};
struct ConflictError : Error {
  explicit ConflictError(const std::string& m, std::string hint = {})
      : Error(ErrorKind::kConflict, m, std::move(hint)) {}
};
struct RefusedError : Error {
  explicit RefusedError(const std::string& m, std::string hint = {})
      : Error(ErrorKind::kRefused, m, std::move(hint)) {}
};

}  // namespace reconcile
