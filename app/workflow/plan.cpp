#include "app/workflow/plan.h"

#include <future>

#include "app/desired/source.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"

namespace reconcile::workflow {

PlanResult run_plan(const PlanOptions& o) {
  const config::Config& cfg = o.project.config;
  const util::ProgressFn progress = progress_to(o.observer);
  auto options = o.project.desired_options();
  auto reader = desired::schema_reader(o.ref);
  // The database is read while the LinkML schema loads (the server does most
  // of that work): one more schema is read afterwards only when the LinkML
  // schema places tables outside the configured ones (sql_schema).
  introspect::IntrospectOptions io;
  io.schemas = options.target_schemas;
  io.exclude = cfg.exclude;
  const std::string url = o.database.get();
  util::report(progress, util::Task::kIntrospect, 0, 1);
  auto reading =
      std::async(std::launch::async, [url, io] { return introspect::introspect_url(url, io); });
  util::report(progress, util::Task::kLoadSchema, 0, 1);
  catalog::Catalog desired = desired::load_checked(*reader, options, o.project.strict,
                                                   diagnostics_to(o.observer), "no plan made");
  util::report(progress, util::Task::kLoadSchema, 1, 1);
  catalog::Catalog actual = reading.get();
  introspect::IntrospectOptions extra = io;
  extra.schemas.clear();
  for (const auto& [name, schema] : desired.schemas) {
    bool listed = false;
    for (const auto& s : io.schemas) listed = listed || s == name;
    if (!listed) extra.schemas.push_back(name);  // sql_schema annotations
  }
  if (!extra.schemas.empty()) {
    io.schemas.insert(io.schemas.end(), extra.schemas.begin(), extra.schemas.end());
    actual = introspect::introspect_url(url, io);
  }
  util::report(progress, util::Task::kIntrospect, 1, 1);
  plan::PlannerOptions popts;
  popts.concurrent_indexes = cfg.concurrent_indexes;
  return PlanResult{plan::make_plan(actual, desired, popts)};
}

}  // namespace reconcile::workflow
