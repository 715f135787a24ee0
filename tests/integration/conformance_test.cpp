// Conformance of the `linkml` profile with LinkML's own generator.
//
// For every fixture folder of ../shared/fixtures/linkml that holds LinkML's
// real output (expected.linkml.postgresql.sql): that DDL is loaded into one
// database, reconcile's `linkml`-profile DDL into another; both are
// introspected and the catalogs must be equal, or differ only by the named
// deviations listed below (each with its reason; docs/mapping.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/catalog/names.h"
#include "db/introspect/introspect.h"
#include "linkml/loader.h"
#include "linkml/mapping/mapping.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

fs::path fixtures_dir() {
  return fs::path(RECONCILE_SOURCE_DIR) / ".." / "shared" / "fixtures" / "linkml";
}

std::vector<std::string> fixture_names() {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(fixtures_dir(), ec)) return out;
  for (const auto& e : fs::directory_iterator(fixtures_dir(), ec))
    if (fs::exists(e.path() / "expected.linkml.postgresql.sql")) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The entry file of a fixture: <folder>.yaml, else personinfo.yaml, else meta.yaml.
fs::path entry_file(const std::string& name) {
  fs::path dir = fixtures_dir() / name;
  for (const auto& candidate :
       {name + ".yaml", std::string("personinfo.yaml"), std::string("meta.yaml")})
    if (fs::exists(dir / candidate)) return dir / candidate;
  return dir / (name + ".yaml");
}

// A named difference between LinkML's output and reconcile's (docs/mapping.md).
struct Deviation {
  std::string name;
  std::string reason;
};

const Deviation kKeyOnlyTarget{
    "q3-key-only-foreign-key-target",
    "a class with only a `key` gets a primary key of all its columns from LinkML while foreign "
    "keys reference the key alone, which PostgreSQL rejects (LinkML's DDL does not load); "
    "reconcile adds UNIQUE (key). The same UNIQUE is added to LinkML's DDL before loading it"};
std::vector<Deviation> deviations_for(const std::string& fixture) {
  if (fixture == "metamodel") return {kKeyOnlyTarget};
  return {};
}

bool has(const std::vector<Deviation>& devs, const Deviation& d) {
  for (const auto& x : devs)
    if (x.name == d.name) return true;
  return false;
}

// q3: adds `UNIQUE (key)` inside LinkML's CREATE TABLE of every table where
// the mapped catalog has a one-column UNIQUE that is not its primary key.
std::string add_key_uniques(std::string ddl, const catalog::Catalog& mapped) {
  for (const auto& [sname, schema] : mapped.schemas) {
    for (const auto& [tname, t] : schema.tables) {
      for (const auto& u : t.uniques) {
        if (u.columns.size() != 1 || !t.primary_key || t.primary_key->columns.size() < 2) continue;
        size_t at = ddl.find("CREATE TABLE " + catalog::quote_ident(tname) + " (");
        if (at == std::string::npos) continue;
        size_t pk = ddl.find("\tPRIMARY KEY", at);
        if (pk == std::string::npos) continue;
        ddl.insert(pk, "\tUNIQUE (" + catalog::quote_ident(u.columns[0]) + "),\n");
      }
    }
  }
  return ddl;
}

std::string db_name_of(const std::string& url) {
  std::string u = url.substr(0, url.find('?'));
  return u.substr(u.rfind('/') + 1);
}

// The tables (and other objects) whose JSON differs, both sides shown.
std::string describe_difference(const catalog::Catalog& a, const catalog::Catalog& b) {
  std::ostringstream out;
  for (const auto& [sname, sa] : a.schemas) {
    auto sb_it = b.schemas.find(sname);
    if (sb_it == b.schemas.end()) {
      out << "schema " << sname << " only in LinkML's\n";
      continue;
    }
    const auto& sb = sb_it->second;
    for (const auto& [tn, ta] : sa.tables) {
      auto it = sb.tables.find(tn);
      if (it == sb.tables.end()) {
        out << "table " << tn << " only in LinkML's\n";
      } else if (!(it->second == ta)) {
        catalog::Catalog ca, cb;
        ca.schemas[sname].tables[tn] = ta;
        cb.schemas[sname].tables[tn] = it->second;
        out << "table " << tn << " differs:\n  linkml:    " << catalog::canonical_json(ca)
            << "\n  reconcile: " << catalog::canonical_json(cb) << "\n";
      }
    }
    for (const auto& [tn, tb] : sb.tables)
      if (!sa.tables.count(tn)) out << "table " << tn << " only in reconcile's\n";
    if (!(sa.enums == sb.enums)) out << "enums differ\n";
    if (!(sa.sequences == sb.sequences)) {
      for (const auto& [n, s] : sa.sequences)
        if (!sb.sequences.count(n) || !(sb.sequences.at(n) == s))
          out << "sequence " << n << " differs\n";
      for (const auto& [n, s] : sb.sequences)
        if (!sa.sequences.count(n)) out << "sequence " << n << " only in reconcile's\n";
    }
  }
  return out.str();
}

class Conformance : public PgTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(Conformance, LinkmlProfileMatchesGenSqltables) {
  const std::string name = GetParam();
  const fs::path dir = fixtures_dir() / name;
  const auto devs = deviations_for(name);
  for (const auto& d : devs) RecordProperty("deviation:" + d.name, d.reason);

  // reconcile's side.
  FileSourceReader reader(".");
  linkml::LoadOptions lo;
  if (name == "metamodel") lo.import_map["linkml:"] = dir.string();
  auto loaded = linkml::load_schema(reader, entry_file(name).string(), lo);
  linkml::Diagnostics diags = loaded.diagnostics;
  mapping::MappingOptions mo;
  mo.profile = mapping::Profile::kLinkml;
  catalog::Catalog mapped = mapping::map_schema(loaded.schema, mo, diags);
  ASSERT_FALSE(diags.has_errors()) << [&] {
    std::string s;
    for (const auto& d : diags.sorted()) s += d.to_string() + "\n";
    return s;
  }();
  // LinkML's side.
  std::string expected = read_file(dir / "expected.linkml.postgresql.sql");
  if (has(devs, kKeyOnlyTarget)) expected = add_key_uniques(expected, mapped);
  ASSERT_NO_THROW(exec_sql(url(), expected)) << "LinkML's DDL of " << name << " does not load";

  const std::string ours_url = TestServer::get().create_database("conf_" + name);
  ASSERT_NO_THROW(exec_sql(ours_url, catalog::render_catalog_sql(mapped)))
      << "reconcile's DDL of " << name << " does not load";

  introspect::IntrospectOptions io;
  catalog::Catalog theirs = introspect::introspect_url(url(), io);
  catalog::Catalog ours = introspect::introspect_url(ours_url, io);
  TestServer::get().drop_database(db_name_of(ours_url));
  EXPECT_TRUE(theirs == ours) << describe_difference(theirs, ours);
  // And the mapped catalog itself is what PostgreSQL reports (canonical form).
  EXPECT_TRUE(mapped == ours) << describe_difference(mapped, ours);
}

INSTANTIATE_TEST_SUITE_P(LinkmlFixtures, Conformance, ::testing::ValuesIn(fixture_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Conformance);

TEST(ConformanceFixtures, Present) {
  if (!fs::is_directory(fixtures_dir()))
    GTEST_SKIP() << "the LinkML fixtures (" << fixtures_dir().string()
                 << ") are not here; conformance tests skipped";
  EXPECT_FALSE(fixture_names().empty());
}

// Issue #3501: LinkML's generator crashes on this schema; the linkml profile
// gives DDL that loads, with the child's own identifier as its key.
class Issue3501 : public PgTest {};

TEST_F(Issue3501, LinkmlProfileLoadsWithTheChildsIdentifier) {
  const fs::path file = fixtures_dir() / "i3501" / "i3501.yaml";
  if (!fs::exists(file)) GTEST_SKIP() << "fixture i3501 not present";
  FileSourceReader reader(".");
  auto loaded = linkml::load_schema(reader, file.string());
  linkml::Diagnostics diags = loaded.diagnostics;
  mapping::MappingOptions mo;
  mo.profile = mapping::Profile::kLinkml;
  catalog::Catalog mapped = mapping::map_schema(loaded.schema, mo, diags);
  ASSERT_FALSE(diags.has_errors());
  ASSERT_NO_THROW(exec_sql(url(), catalog::render_catalog_sql(mapped)));
  catalog::Catalog ours = introspect::introspect_url(url(), {});
  EXPECT_TRUE(mapped == ours) << describe_difference(mapped, ours);
}

}  // namespace
}  // namespace reconcile::testing
