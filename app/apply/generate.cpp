#include "app/apply/generate.h"

#include <sstream>

#include "app/desired/source.h"
#include "core/catalog/json.h"
#include "db/apply/destructive.h"
#include "util/error.h"

namespace reconcile::apply {

namespace {

// The `-- reconcile:hazard` line for an up statement of `step`: the step's
// hazards; for a step without hazards, `none` when the statement on its own
// cannot be classified (so that apply knows the planner decided it), else
// nothing.
std::string hazard_directive(const plan::Step& step, const std::string& sql) {
  std::string names;
  for (plan::Hazard h : step.hazards) names += std::string(" ") + plan::hazard_name(h);
  if (!names.empty()) return "-- reconcile:hazard" + names + "\n";
  revision::Statement st;
  st.sql = sql;
  DataLossGuard guard(nullptr);
  return guard.check(st).empty() ? std::string() : "-- reconcile:hazard none\n";
}

}  // namespace

Body render_body(const plan::Plan& plan) {
  Body b;
  for (const auto& step : plan.steps) {
    for (const auto& sql : step.up) {
      b.up += hazard_directive(step, sql);
      if (!step.transactional) b.up += "-- reconcile:no-transaction\n";
      b.up += sql + ";\n";
    }
  }
  for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it) {
    for (const auto& sql : it->down) {
      if (!it->transactional) b.down += "-- reconcile:no-transaction\n";
      b.down += sql + ";\n";
    }
  }
  return b;
}

catalog::Catalog load_desired(const desired::DesiredOptions& options, bool strict,
                              const SourceReader* reader,
                              const std::function<void(const std::string&)>& warn) {
  FileSourceReader files;
  linkml::Diagnostics diagnostics;
  auto c = desired::desired_catalog(reader ? *reader : files, options, diagnostics);
  desired::build_desired_views(c, options, diagnostics);
  if (diagnostics.has_errors(strict)) {
    std::ostringstream out;
    desired::print_diagnostics(diagnostics, out);
    throw InputError("the LinkML schema " + options.schema_path + " has errors:\n" + out.str(), {},
                     "fix them, then run again");
  }
  if (!warn) return c;
  std::ostringstream out;
  desired::print_diagnostics(diagnostics, out);
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) warn(line);
  return c;
}

std::string schema_hash_after(const revision::RevisionStore& store, const NewRevision& r,
                              const replay::ReplayOptions& options) {
  std::vector<revision::Revision> all;
  for (const auto& [_, rev] : store.revisions()) all.push_back(rev);
  revision::Revision next;
  next.id = "zzzzzzzzzzzzzzzzT000000Z_new";
  next.parents = r.parents;
  next.up = r.up;
  next.down = r.down;
  next.checksum = next.compute_checksum();
  all.push_back(next);
  auto with_new = revision::RevisionStore::from_revisions(std::move(all));
  replay::ReplayOptions o = options;
  if (options.progress) {
    o.progress = [&options, &next](util::Progress event) {
      if (event.item == next.id) event.item = "new revision";
      options.progress(event);
    };
  }
  return catalog::content_hash(replay::replay(with_new, replay::Target::revision(next.id), o));
}

}  // namespace reconcile::apply
