// Findings: what `reconcile check` reports.
//
// A Finding is one problem a check found: a code (what kind of problem), a
// severity, a message for people, the file and line it is about, and a hint
// that says how to fix it. Findings may carry details: the objects concerned,
// the SQL that would fix it, and extra lines (for instance the branch and
// commit a head came from).
//
// A Report is the result of a whole `check` run: which checks ran (or were
// skipped, and why) and every finding. The output formats
// (app/check/output.h) render a Report; the command composes the checks
// (app/check/checks.h) into one.
//
// Guarantees:
//  * Codes have stable names (code_name) that are part of the JSON and
//    annotation output and never change meaning.
//  * Report::sort() orders findings deterministically: by code (the order of
//    the Code enum), then file, line, revision, message.
//  * exit_code(): 0 when there are no findings, 2 otherwise (errors are not
//    findings; they are thrown as reconcile::Error and exit 1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace reconcile::check {

// The kinds of finding. The order is the order of the checks in the output.
enum class Code {
  kInvalidRevision,   // a revision file that cannot be used: parse error, dangling parent,
                      // duplicate id, cycle
  kChecksumMismatch,  // a revision's bodies differ from its recorded checksum (or from what
                      // was applied)
  kMultipleHeads,     // the revision history has more than one head
  kReplayMismatch,    // replaying a revision does not give the schema hash it claims
  kPendingChanges,    // the LinkML schema differs from the state at head
  kUnapplied,         // revisions in the files not applied to the database
  kUnknownRevision,   // the database has applied revisions the files do not have
  kDrift,             // the live database differs from what its applied revisions imply
};

// Every code, in output order.
const std::vector<Code>& all_codes();
// "INVALID_REVISION", "CHECKSUM_MISMATCH", "MULTIPLE_HEADS", "REPLAY_MISMATCH",
// "PENDING_CHANGES", "UNAPPLIED", "UNKNOWN_REVISION", "DRIFT".
const char* code_name(Code code);
// One line saying what the check verifies (used as the description of a check).
const char* code_description(Code code);
// The code for a name; nullopt for unknown names.
std::optional<Code> code_from_name(const std::string& name);
// Whether the check needs a live database (--database).
bool needs_database(Code code);

enum class Severity { kError, kWarning };
const char* severity_name(Severity s);  // "error", "warning"

struct Finding {
  Code code = Code::kInvalidRevision;
  Severity severity = Severity::kError;
  std::string message;               // one sentence, no trailing newline
  SourceLocation where;              // file (relative to the project root when possible) and line
  std::string hint;                  // how to fix it; may be empty
  std::string revision;              // the revision id it is about, if any
  std::vector<std::string> objects;  // objects concerned, e.g. "public.person.age" (sorted)
  std::string sql;                   // SQL that would fix it (statements ending in ";\n"), if any
  std::vector<std::string> details;  // further lines for people (provenance, expected/actual)

  bool operator==(const Finding&) const = default;
};

// Whether a check ran; a check that did not run says why (e.g. "needs --database").
struct CheckStatus {
  Code code = Code::kInvalidRevision;
  bool ran = false;
  std::string skipped_reason;

  bool operator==(const CheckStatus&) const = default;
};

struct Report {
  std::vector<CheckStatus> checks;  // one per code, in all_codes() order
  std::vector<Finding> findings;

  // A report where every check is "not run" with the given reason.
  static Report with_all_skipped(const std::string& reason);

  void mark_ran(Code code);
  void mark_skipped(Code code, const std::string& reason);
  void add(Finding f);
  void add(std::vector<Finding> fs);
  // Deterministic order (see the guarantees above); also sorts objects.
  void sort();

  const CheckStatus* status(Code code) const;
  // Findings of one code, in report order.
  std::vector<const Finding*> of(Code code) const;
  int count(Severity s) const;
  bool clean() const { return findings.empty(); }
  int exit_code() const { return findings.empty() ? 0 : 2; }
};

}  // namespace reconcile::check
