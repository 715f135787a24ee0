#include "support/convergence.h"

#include <pqxx/pqxx>

#include "app/apply/generate.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "history/replay/view_build.h"
#include "linkml/loader.h"
#include "support/pg_fixture.h"
#include "util/source_reader.h"

namespace reconcile::testing {

std::string MappedProject::messages() const {
  std::string out;
  for (const auto& d : diagnostics.sorted()) out += d.to_string() + "\n";
  return out;
}

bool MappedProject::has(const std::string& code) const {
  for (const auto& d : diagnostics.items())
    if (d.code == code) return true;
  return false;
}

MappedProject map_project(const std::map<std::string, std::string>& files, const std::string& entry,
                          mapping::Profile profile, std::vector<std::string> extensions) {
  MemorySourceReader reader(files);
  auto loaded = linkml::load_schema(reader, entry);
  MappedProject out;
  out.diagnostics = loaded.diagnostics;
  mapping::MappingOptions o;
  o.profile = profile;
  o.extensions = std::move(extensions);
  out.catalog = mapping::map_schema(loaded.schema, o, out.diagnostics);
  if (!out.diagnostics.has_errors()) build_desired_views(out.catalog, out.diagnostics);
  return out;
}

void build_desired_views(catalog::Catalog& desired, linkml::Diagnostics& diagnostics) {
  bool any = false;
  for (const auto& [_, s] : desired.schemas) any = any || !s.views.empty();
  if (!any) return;
  replay::ReplayOptions ro;
  ro.server_url = TestServer::get().admin_url();
  ro.schemas = schemas_of(desired);
  for (auto& w : replay::build_views(ro, desired))
    diagnostics.warn("view-columns", w.message, w.where);
}

std::vector<std::string> schemas_of(const catalog::Catalog& c) {
  std::vector<std::string> out;
  for (const auto& [name, s] : c.schemas) out.push_back(name);
  return out;
}

catalog::Catalog read_database(const std::string& url, const catalog::Catalog& desired) {
  introspect::IntrospectOptions o;
  o.schemas = schemas_of(desired);
  return introspect::introspect_url(url, o);
}

revision::Revision plan_revision(const plan::Plan& p) {
  const apply::Body body = apply::render_body(p);
  revision::Revision r;
  r.id = "plan";
  r.up = body.up;
  r.down = body.down;
  r.checksum = r.compute_checksum();
  return r;
}

apply::RunResult run_plan(const std::string& url, const plan::Plan& p, apply::Direction direction) {
  pqxx::connection conn(url);
  return run_plan(conn, p, direction);
}

apply::RunResult run_plan(pqxx::connection& conn, const plan::Plan& p, apply::Direction direction) {
  return apply::run_revision(conn, plan_revision(p), direction);
}

Convergence apply_to_database(const std::string& url, const catalog::Catalog& desired) {
  Convergence out;
  out.applied = plan::make_plan(read_database(url, desired), desired);
  run_plan(url, out.applied);
  out.again = plan::make_plan(read_database(url, desired), desired);
  return out;
}

}  // namespace reconcile::testing
