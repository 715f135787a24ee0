// For both profiles, the example project and every LinkML fixture: the
// rendered DDL loads into PostgreSQL, the introspected catalog equals the
// mapped one, and planning from the introspected catalog to the mapped one
// gives an empty plan.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/plan/plan_output.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "linkml/loader.h"
#include "linkml/mapping/mapping.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::string entry;       // LinkML entry file
  std::string import_dir;  // "linkml:" import map target, or empty
  mapping::Profile profile;
};

fs::path fixtures_dir() {
  return fs::path(RECONCILE_SOURCE_DIR) / ".." / "shared" / "fixtures" / "linkml";
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (auto p : {mapping::Profile::kNative, mapping::Profile::kLinkml}) {
    out.push_back({"example",
                   (fs::path(RECONCILE_SOURCE_DIR) / "examples" / "schema" / "main.yaml").string(),
                   "", p});
    std::error_code ec;
    if (!fs::is_directory(fixtures_dir(), ec)) continue;
    std::vector<Case> fx;
    for (const auto& e : fs::directory_iterator(fixtures_dir(), ec)) {
      if (!e.is_directory()) continue;
      const std::string n = e.path().filename();
      fs::path entry;
      for (const auto& c : {n + ".yaml", std::string("personinfo.yaml"), std::string("meta.yaml")})
        if (entry.empty() && fs::exists(e.path() / c)) entry = e.path() / c;
      if (entry.empty()) continue;
      fx.push_back({n, entry.string(), n == "metamodel" ? e.path().string() : "", p});
    }
    std::sort(fx.begin(), fx.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    out.insert(out.end(), fx.begin(), fx.end());
  }
  return out;
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << mapping::profile_name(c.profile) << " " << c.name;
}

class MappingRoundtrip : public PgTest, public ::testing::WithParamInterface<Case> {};

TEST_P(MappingRoundtrip, DdlLoadsAndPlansEmpty) {
  const Case& c = GetParam();
  FileSourceReader reader(".");
  linkml::LoadOptions lo;
  if (!c.import_dir.empty()) lo.import_map["linkml:"] = c.import_dir;
  auto loaded = linkml::load_schema(reader, c.entry, lo);
  linkml::Diagnostics diags = loaded.diagnostics;
  mapping::MappingOptions mo;
  mo.profile = c.profile;
  if (c.name == "example") mo.extensions = {"postgis"};  // examples/reconcile.yaml
  catalog::Catalog mapped = mapping::map_schema(loaded.schema, mo, diags);
  // The example's view reads the native profile's table names.
  if (c.name == "example" && c.profile == mapping::Profile::kLinkml)
    for (auto& [_, s] : mapped.schemas) s.views.clear();
  if (!diags.has_errors()) build_desired_views(mapped, diags);
  std::string messages;
  for (const auto& d : diags.sorted()) messages += d.to_string() + "\n";
  ASSERT_FALSE(diags.has_errors()) << messages;
  if (c.name == "example") {
    EXPECT_TRUE(diags.items().empty()) << messages;
  }

  const std::string ddl = catalog::render_catalog_sql(mapped);
  ASSERT_NO_THROW(exec_sql(url(), ddl)) << ddl;
  introspect::IntrospectOptions io;
  for (const auto& [name, s] : mapped.schemas) {
    if (std::find(io.schemas.begin(), io.schemas.end(), name) == io.schemas.end())
      io.schemas.push_back(name);
  }
  catalog::Catalog actual = introspect::introspect_url(url(), io);
  EXPECT_TRUE(actual == mapped) << "introspected:\n"
                                << catalog::to_json_string(actual) << "\nmapped:\n"
                                << catalog::to_json_string(mapped);
  plan::Plan p = plan::make_plan(actual, mapped);
  EXPECT_TRUE(p.empty()) << plan::render_text(p, false, true);
}

INSTANTIATE_TEST_SUITE_P(All, MappingRoundtrip, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string n = std::string(mapping::profile_name(info.param.profile)) +
                                           "_" + info.param.name;
                           for (auto& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace reconcile::testing
