#include "app/workflow/status.h"

#include <algorithm>
#include <set>

#include "app/apply/apply.h"
#include "app/check/runner.h"
#include "db/apply/connect.h"
#include "util/redact.h"

namespace reconcile::workflow {
namespace {

// Never throws.
Drift drift_of(const StatusOptions& o, const StatusResult& s, const std::string& url) {
  Drift d;
  if (s.database_skipped || !s.database_error.empty()) {
    d.why_not = "the database cannot be read";
    return d;
  }
  if (!s.unknown.empty()) {
    d.why_not = "the database has revisions no file has";
    return d;
  }
  try {
    std::set<std::string> ids;
    for (const auto& a : s.applied) ids.insert(a.id);
    for (const auto& f : check::find_drift(s.store, ids, url, o.project.config, std::nullopt,
                                           progress_to(o.observer)))
      d.objects.insert(d.objects.end(), f.objects.begin(), f.objects.end());
    std::sort(d.objects.begin(), d.objects.end());
    d.objects.erase(std::unique(d.objects.begin(), d.objects.end()), d.objects.end());
    d.checked = true;
  } catch (const std::exception& e) {
    std::string m = util::redact_url(e.what());
    d.why_not = m.substr(0, m.find('\n'));
  }
  return d;
}

}  // namespace

StatusResult run_status(const StatusOptions& o) {
  StatusResult s;
  s.store = revision::RevisionStore::load(o.project.migrations_dir);
  s.heads = s.store.heads();
  if (o.all_origins || s.heads.size() > 1) s.head_origins = apply::origins(s.store, s.heads);
  std::string url;
  if (!o.database.given()) {
    s.database_skipped = true;
  } else {
    try {
      url = o.database.get();
      s.database = util::redact_url(url);
      auto conn = apply::connect(url, "reconcile status");
      s.applied = apply::read_applied(*conn);
    } catch (const Error& e) {
      s.database_error = util::redact_url(e.what());
      s.database_hint = util::redact_url(e.hint());
    }
  }
  if (!s.database_skipped && s.database_error.empty()) {
    s.pending = s.store.pending(apply::applied_ids(s.applied));
    s.mismatches = apply::applied_checksum_mismatches(s.store, s.applied);
    for (const auto& a : s.applied)
      if (!s.store.contains(a.id)) s.unknown.push_back(a.id);
  }
  if (o.drift) s.drift = drift_of(o, s, url);
  return s;
}

}  // namespace reconcile::workflow
