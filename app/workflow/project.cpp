#include "app/workflow/project.h"

#include "util/error.h"

namespace reconcile::workflow {

Project Project::of(config::Config config) {
  Project p;
  p.schema_path = config.resolve(config.schema);
  p.migrations_dir = config.resolve(config.migrations);
  p.profile = config.profile;
  p.config = std::move(config);
  return p;
}

desired::DesiredOptions Project::desired_options() const {
  return desired::options_from_config(config, schema_path, profile);
}

DatabaseUrl::DatabaseUrl(std::string url) : resolve_([url = std::move(url)] { return url; }) {}

DatabaseUrl DatabaseUrl::resolved_by(std::function<std::string()> resolve) {
  DatabaseUrl d;
  d.resolve_ = std::move(resolve);
  return d;
}

std::string DatabaseUrl::get() const {
  if (!resolve_) throw UsageError("no database given");
  return resolve_();
}

}  // namespace reconcile::workflow
