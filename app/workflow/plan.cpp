#include "app/workflow/plan.h"

#include <algorithm>
#include <future>
#include <vector>

#include "app/desired/source.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"

namespace reconcile::workflow {

PlanResult run_plan(const PlanOptions& o) {
  const config::Config& cfg = o.project.config;
  const util::ProgressFn progress = progress_to(o.observer);
  auto options = o.project.desired_options();
  auto reader = desired::schema_reader(o.ref);
  // One pass over the database, over exactly the schemas needed: the
  // configured ones and those the LinkML schema places tables in
  // (sql_schema). With a cached desired catalog these are known at once;
  // otherwise the database is read (every non-system schema) while the
  // LinkML schema loads, and the schemas not needed are left out after.
  introspect::IntrospectOptions io;
  io.schemas = options.target_schemas;
  io.exclude = cfg.exclude;
  const std::string url = o.database.get();
  auto needed = [&io](const catalog::Catalog& desired) {
    std::vector<std::string> schemas = io.schemas;
    for (const auto& [name, schema] : desired.schemas)
      if (std::find(schemas.begin(), schemas.end(), name) == schemas.end()) schemas.push_back(name);
    return schemas;
  };
  const std::string refused = "no plan made";
  const auto report = diagnostics_to(o.observer);
  catalog::Catalog desired, actual;
  util::report(progress, util::Task::kIntrospect, 0, 1);
  if (auto hit = desired::cached_desired(*reader, options)) {
    desired =
        desired::checked(std::move(*hit), *reader, options, o.project.strict, report, refused);
    io.schemas = needed(desired);
    actual = introspect::introspect_url(url, io);
  } else {
    introspect::IntrospectOptions every = io;
    every.all_schemas = true;
    auto reading = std::async(std::launch::async,
                              [url, every] { return introspect::introspect_url(url, every); });
    util::report(progress, util::Task::kLoadSchema, 0, 1);
    desired = desired::checked(desired::load_desired(*reader, options, false), *reader, options,
                               o.project.strict, report, refused);
    util::report(progress, util::Task::kLoadSchema, 1, 1);
    actual = reading.get();
    introspect::restrict_to_schemas(actual, needed(desired));
  }
  util::report(progress, util::Task::kIntrospect, 1, 1);
  plan::PlannerOptions popts;
  popts.concurrent_indexes = cfg.concurrent_indexes;
  PlanResult result;
  result.plan = plan::make_plan(actual, desired, popts);
  result.actual = std::move(actual);
  result.desired = std::move(desired);
  return result;
}

}  // namespace reconcile::workflow
