#include "app/check/finding.h"

#include <algorithm>
#include <tuple>

namespace reconcile::check {

const std::vector<Code>& all_codes() {
  static const std::vector<Code> codes = {
      Code::kInvalidRevision, Code::kChecksumMismatch,
      Code::kMultipleHeads,   Code::kReplayMismatch,
      Code::kPendingChanges,  Code::kUnapplied,
      Code::kUnknownRevision, Code::kDrift,
  };
  return codes;
}

const char* code_name(Code code) {
  switch (code) {
    case Code::kInvalidRevision:
      return "INVALID_REVISION";
    case Code::kChecksumMismatch:
      return "CHECKSUM_MISMATCH";
    case Code::kMultipleHeads:
      return "MULTIPLE_HEADS";
    case Code::kReplayMismatch:
      return "REPLAY_MISMATCH";
    case Code::kPendingChanges:
      return "PENDING_CHANGES";
    case Code::kUnapplied:
      return "UNAPPLIED";
    case Code::kUnknownRevision:
      return "UNKNOWN_REVISION";
    case Code::kDrift:
      return "DRIFT";
  }
  return "UNKNOWN";
}

const char* code_description(Code code) {
  switch (code) {
    case Code::kInvalidRevision:
      return "every revision file parses, has a unique id and known parents, and the history "
             "has no cycle";
    case Code::kChecksumMismatch:
      return "no revision was edited after it was generated or applied";
    case Code::kMultipleHeads:
      return "the revision history has exactly one head";
    case Code::kReplayMismatch:
      return "replaying the revisions gives the schema hash each revision claims";
    case Code::kPendingChanges:
      return "the LinkML schema has no changes without a revision";
    case Code::kUnapplied:
      return "every revision is applied to the database";
    case Code::kUnknownRevision:
      return "every revision applied to the database exists in the files";
    case Code::kDrift:
      return "the database matches the state its applied revisions imply";
  }
  return "";
}

std::optional<Code> code_from_name(const std::string& name) {
  for (Code c : all_codes()) {
    if (name == code_name(c)) return c;
  }
  return std::nullopt;
}

bool needs_database(Code code) {
  return code == Code::kUnapplied || code == Code::kUnknownRevision || code == Code::kDrift;
}

const char* severity_name(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

Report Report::with_all_skipped(const std::string& reason) {
  Report r;
  for (Code c : all_codes()) r.checks.push_back({c, false, reason});
  return r;
}

void Report::mark_ran(Code code) {
  for (auto& c : checks) {
    if (c.code == code) {
      c.ran = true;
      c.skipped_reason.clear();
      return;
    }
  }
  checks.push_back({code, true, {}});
}

void Report::mark_skipped(Code code, const std::string& reason) {
  for (auto& c : checks) {
    if (c.code == code) {
      c.ran = false;
      c.skipped_reason = reason;
      return;
    }
  }
  checks.push_back({code, false, reason});
}

void Report::add(Finding f) {
  findings.push_back(std::move(f));
}

void Report::add(std::vector<Finding> fs) {
  for (auto& f : fs) findings.push_back(std::move(f));
}

namespace {
int code_rank(Code c) {
  const auto& codes = all_codes();
  return static_cast<int>(std::find(codes.begin(), codes.end(), c) - codes.begin());
}
}  // namespace

void Report::sort() {
  for (auto& f : findings) {
    std::sort(f.objects.begin(), f.objects.end());
    f.objects.erase(std::unique(f.objects.begin(), f.objects.end()), f.objects.end());
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tuple(code_rank(a.code), a.where.file, a.where.line, a.revision, a.message) <
           std::tuple(code_rank(b.code), b.where.file, b.where.line, b.revision, b.message);
  });
  std::stable_sort(checks.begin(), checks.end(), [](const CheckStatus& a, const CheckStatus& b) {
    return code_rank(a.code) < code_rank(b.code);
  });
}

const CheckStatus* Report::status(Code code) const {
  for (const auto& c : checks) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::vector<const Finding*> Report::of(Code code) const {
  std::vector<const Finding*> out;
  for (const auto& f : findings) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

int Report::count(Severity s) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const Finding& f) { return f.severity == s; }));
}

}  // namespace reconcile::check
