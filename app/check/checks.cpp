#include "app/check/checks.h"

#include <algorithm>

#include "core/plan/planner.h"
#include "util/strings.h"

namespace reconcile::check {
namespace {

using util::join;

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

const char* problem_label(revision::ProblemKind k) {
  switch (k) {
    case revision::ProblemKind::kParseError:
      return "does not parse";
    case revision::ProblemKind::kDuplicateId:
      return "duplicate id";
    case revision::ProblemKind::kIdMismatch:
      return "id is not the file name";
    case revision::ProblemKind::kDanglingParent:
      return "unknown parent";
    case revision::ProblemKind::kCycle:
      return "cycle";
    case revision::ProblemKind::kChecksumMismatch:
      return "checksum mismatch";
  }
  return "problem";
}

std::string default_hint(revision::ProblemKind k) {
  switch (k) {
    case revision::ProblemKind::kParseError:
      return "fix the file so that it has the reconcile:revision header lines and the -- +up / "
             "-- +down markers, or restore it from git";
    case revision::ProblemKind::kDuplicateId:
      return "two files claim the same revision id; remove or rename the copy";
    case revision::ProblemKind::kIdMismatch:
      return "rename the file to <id>.sql, or restore the reconcile:revision line";
    case revision::ProblemKind::kDanglingParent:
      return "the parent revision file is missing: fetch the branch that added it, or fix the "
             "reconcile:parents line";
    case revision::ProblemKind::kCycle:
      return "fix the reconcile:parents lines so that no revision is its own ancestor";
    case revision::ProblemKind::kChecksumMismatch:
      return "restore the file from git; to change the schema, write a new revision";
  }
  return {};
}

Finding from_problem(Code code, const revision::Problem& p) {
  Finding f;
  f.code = code;
  f.message = p.message;
  f.where = p.where;
  f.revision = p.revision;
  f.hint = p.hint.empty() ? default_hint(p.kind) : p.hint;
  f.details.push_back(std::string("problem: ") + revision::problem_code(p.kind) + " (" +
                      problem_label(p.kind) + ")");
  return f;
}

// Objects and SQL of a plan, for PENDING_CHANGES and DRIFT.
void describe_plan(const plan::Plan& p, Finding& f) {
  for (const auto& step : p.steps) {
    for (const auto& o : step.objects) f.objects.push_back(o);
    std::string line = "- " + step.summary;
    if (!step.hazards.empty()) {
      std::vector<std::string> names;
      for (auto h : step.hazards) names.push_back(plan::hazard_name(h));
      line += " [" + join(names, ", ") + "]";
    }
    f.details.push_back(line);
  }
  std::sort(f.objects.begin(), f.objects.end());
  f.objects.erase(std::unique(f.objects.begin(), f.objects.end()), f.objects.end());
  f.sql = p.up_sql();
}

std::map<std::string, const AppliedRecord*> by_id(const std::vector<AppliedRecord>& applied) {
  std::map<std::string, const AppliedRecord*> m;
  for (const auto& a : applied) m[a.id] = &a;
  return m;
}

}  // namespace

std::vector<Finding> check_invalid_revisions(const revision::RevisionStore& store) {
  std::vector<Finding> out;
  for (const auto& p : store.problems()) {
    if (p.kind == revision::ProblemKind::kChecksumMismatch) continue;
    out.push_back(from_problem(Code::kInvalidRevision, p));
  }
  return out;
}

std::vector<Finding> check_file_checksums(const revision::RevisionStore& store) {
  std::vector<Finding> out;
  for (const auto& p : store.problems()) {
    if (p.kind != revision::ProblemKind::kChecksumMismatch) continue;
    Finding f = from_problem(Code::kChecksumMismatch, p);
    f.details.clear();
    if (const auto* r = store.find(p.revision)) {
      f.details.push_back("recorded: " + r->checksum);
      f.details.push_back("actual:   " + r->compute_checksum());
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> check_heads(const revision::RevisionStore& store,
                                 const std::map<std::string, std::string>& origins) {
  std::vector<Finding> out;
  std::vector<std::string> heads = store.heads();
  if (heads.size() < 2) return out;
  for (const auto& id : heads) {
    const revision::Revision& r = store.get(id);
    Finding f;
    f.code = Code::kMultipleHeads;
    f.message = "revision " + id + " is one of " + std::to_string(heads.size()) +
                " heads of the revision history (" + join(heads, ", ") + ")";
    f.where = {r.path, 1, 0};
    f.revision = id;
    auto it = origins.find(id);
    f.details.push_back(
        "from: " + (it != origins.end() && !it->second.empty() ? it->second : "not committed yet"));
    if (!r.message.empty()) f.details.push_back("message: " + r.message);
    f.hint = "run `reconcile merge` to write a merge revision whose parents are all heads";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> check_replay_claims(const revision::RevisionStore& store,
                                         const std::vector<ReplayOutcome>& outcomes) {
  std::vector<Finding> out;
  for (const auto& o : outcomes) {
    const revision::Revision* r = store.find(o.revision);
    if (r == nullptr) continue;
    Finding f;
    f.code = Code::kReplayMismatch;
    f.revision = r->id;
    if (!o.hash) {
      f.message = "revision " + r->id + " does not replay: " + o.error;
      f.where = {r->path, o.error_line, 0};
      f.hint =
          "the revision fails on the state its parents leave; fix its SQL (in a new revision if "
          "it was applied anywhere)";
      out.push_back(std::move(f));
      continue;
    }
    if (*o.hash == r->schema_hash) continue;
    f.message = "replaying the history up to revision " + r->id +
                " does not give the schema hash it claims";
    f.where = {r->path, 0, 0};
    f.details.push_back("claimed:  " + (r->schema_hash.empty() ? "(none)" : r->schema_hash));
    f.details.push_back("replayed: " + *o.hash);
    f.hint =
        "the revision or one of its ancestors was changed, or the revision was written by hand; "
        "restore it from git, or write a new revision with `reconcile revision`";
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const Finding& a, const Finding& b) { return a.revision < b.revision; });
  return out;
}

std::vector<Finding> check_pending(const catalog::Catalog& head_state,
                                   const catalog::Catalog& desired, const std::string& schema_file,
                                   const std::vector<std::string>& heads) {
  plan::Plan p = plan::make_plan(head_state, desired);
  if (p.empty()) return {};
  Finding f;
  f.code = Code::kPendingChanges;
  std::string at = heads.empty() ? "an empty revision history"
                                 : (heads.size() == 1 ? "head revision " + heads[0]
                                                      : "the heads " + join(heads, ", "));
  f.message = "the LinkML schema differs from the state at " + at + " (" +
              plural(p.steps.size(), "change", "changes") + " without a revision)";
  f.where = {schema_file, 0, 0};
  describe_plan(p, f);
  f.hint = "run `reconcile revision -m \"<message>\"` to write a revision for these changes";
  return {f};
}

std::vector<Finding> check_unapplied(const revision::RevisionStore& store,
                                     const std::vector<AppliedRecord>& applied,
                                     const std::string& database) {
  std::set<std::string> ids;
  for (const auto& a : applied) ids.insert(a.id);
  std::vector<Finding> out;
  for (const auto& id : store.pending(ids)) {
    const revision::Revision& r = store.get(id);
    Finding f;
    f.code = Code::kUnapplied;
    f.severity = Severity::kWarning;
    f.message = "revision " + id + " is not applied to the database " + database;
    f.where = {r.path, 1, 0};
    f.revision = id;
    if (!r.message.empty()) f.details.push_back("message: " + r.message);
    f.hint = "run `reconcile apply` against this database";
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const Finding& a, const Finding& b) { return a.revision < b.revision; });
  return out;
}

std::vector<Finding> check_unknown_revisions(const revision::RevisionStore& store,
                                             const std::vector<AppliedRecord>& applied,
                                             const std::string& database) {
  std::vector<Finding> out;
  for (const auto& [id, rec] : by_id(applied)) {
    if (store.contains(id)) continue;
    Finding f;
    f.code = Code::kUnknownRevision;
    f.message =
        "the database " + database + " has applied revision " + id + ", which no revision file has";
    f.revision = id;
    f.details.push_back("schema hash as applied: " + rec->schema_hash);
    f.hint =
        "fetch and merge the branch that added it; if it was removed on purpose, run "
        "`reconcile downgrade` with the files that still have it";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> check_applied_checksums(const revision::RevisionStore& store,
                                             const std::vector<AppliedRecord>& applied,
                                             const std::string& database) {
  std::vector<Finding> out;
  for (const auto& [id, rec] : by_id(applied)) {
    const revision::Revision* r = store.find(id);
    if (r == nullptr) continue;
    std::string now = r->compute_checksum();
    if (now == rec->checksum) continue;
    Finding f;
    f.code = Code::kChecksumMismatch;
    f.message = "revision " + id + " was changed after it was applied to the database " + database;
    f.where = {r->path, 1, 0};
    f.revision = id;
    f.details.push_back("applied: " + rec->checksum);
    f.details.push_back("file:    " + now);
    f.hint =
        "restore the file to what was applied (see git history); to change the schema, write a "
        "new revision";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> check_drift(const catalog::Catalog& expected, const catalog::Catalog& live,
                                 const std::string& database) {
  plan::Plan p = plan::make_plan(live, expected);
  if (p.empty()) return {};
  Finding f;
  f.code = Code::kDrift;
  f.message = "the database " + database + " differs from the state its applied revisions imply (" +
              plural(p.steps.size(), "difference", "differences") + ")";
  describe_plan(p, f);
  f.hint =
      "someone changed the database by hand: run the SQL shown to bring it back, or capture the "
      "change in the LinkML schema and a new revision";
  return {f};
}

}  // namespace reconcile::check
