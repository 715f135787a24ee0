// The desired-catalog cache (linkml/desired/cache.h): an entry is used
// only for the same bytes of every file the loader read, the same options and
// the same version; diagnostics come back with the catalog; two processes
// filling it at once leave a valid entry.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/catalog/json.h"
#include "linkml/desired/cache.h"
#include "linkml/desired/desired.h"
#include "support/linkml_project_gen.h"
#include "support/process.h"
#include "util/source_reader.h"

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

// A root schema importing a module from a sub-folder; the module's `note`
// slot conflicts with the root's (a warning), and `Sample` has one column
// per slot.
struct Project {
  TempDir dir;
  Project() {
    write_file(root(),
               "id: https://example.org/p\nname: p\nprefixes:\n  linkml: https://w3id.org/linkml/\n"
               "imports:\n  - linkml:types\n  - parts/sample\ndefault_range: string\n"
               "slots:\n  note:\n    range: string\n");
    write_sample("weight");
  }
  std::string root() const { return dir.path() + "/main.yaml"; }
  std::string cache_dir() const { return dir.path() + "/.reconcile/cache"; }
  void write_sample(const std::string& extra_slot) const {
    write_file(dir.path() + "/parts/sample.yaml",
               "id: https://example.org/p/sample\nname: sample\n"
               "imports:\n  - linkml:types\ndefault_range: string\n"
               "slots:\n  note:\n    range: integer\n"
               "classes:\n  Sample:\n    attributes:\n      id:\n        identifier: true\n"
               "      " +
                   extra_slot + ":\n        range: float\n");
  }
  desired::DesiredOptions options(mapping::Profile profile = mapping::Profile::kNative) const {
    desired::DesiredOptions o;
    o.schema_path = root();
    o.profile = profile;
    o.cache_dir = cache_dir();
    return o;
  }
};

ino_t ino_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

std::string diagnostics_text(const linkml::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.sorted()) out += x.to_string() + "\n";
  return out;
}

// A fresh load and map, with no cache at all.
desired::DesiredResult uncached(const desired::DesiredOptions& options) {
  desired::DesiredOptions o = options;
  o.cache_dir.clear();
  return desired::load_desired(FileSourceReader("."), o);
}

void expect_same(const desired::DesiredResult& a, const desired::DesiredResult& b) {
  EXPECT_EQ(catalog::canonical_json(a.catalog), catalog::canonical_json(b.catalog));
  EXPECT_EQ(diagnostics_text(a.diagnostics), diagnostics_text(b.diagnostics));
}

TEST(DesiredCache, AFreshLoadFillsItAndTheSameFilesHitIt) {
  Project p;
  const FileSourceReader reader(".");
  const desired::DesiredCache cache(p.cache_dir(), desired::cache_version());
  EXPECT_FALSE(cache.lookup(reader, p.options()));
  const auto fresh = desired::load_desired(reader, p.options());
  EXPECT_NE(diagnostics_text(fresh.diagnostics).find("conflicting-slot"), std::string::npos);
  ASSERT_TRUE(fs::exists(cache.entry_path(reader, p.options())));
  auto hit = cache.lookup(reader, p.options());
  ASSERT_TRUE(hit);
  expect_same(*hit, fresh);  // the warnings of the load come back with the catalog
  expect_same(*hit, uncached(p.options()));
}

TEST(DesiredCache, AChangedImportedFileMisses) {
  Project p;
  const FileSourceReader reader(".");
  desired::load_desired(reader, p.options());
  p.write_sample("height");
  const desired::DesiredCache cache(p.cache_dir(), desired::cache_version());
  EXPECT_FALSE(cache.lookup(reader, p.options()));
  const auto loaded = desired::load_desired(reader, p.options());
  const catalog::Table* t = loaded.catalog.find_table("public", "sample");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->find_column("height"));
  EXPECT_FALSE(t->find_column("weight"));
  expect_same(loaded, uncached(p.options()));
}

TEST(DesiredCache, AChangedProfileMisses) {
  Project p;
  const FileSourceReader reader(".");
  desired::load_desired(reader, p.options(mapping::Profile::kNative));
  const desired::DesiredCache cache(p.cache_dir(), desired::cache_version());
  EXPECT_TRUE(cache.lookup(reader, p.options(mapping::Profile::kNative)));
  EXPECT_FALSE(cache.lookup(reader, p.options(mapping::Profile::kLinkml)));
  const auto linkml = desired::load_desired(reader, p.options(mapping::Profile::kLinkml));
  expect_same(linkml, uncached(p.options(mapping::Profile::kLinkml)));
  EXPECT_NE(catalog::canonical_json(linkml.catalog),
            catalog::canonical_json(uncached(p.options()).catalog));
}

TEST(DesiredCache, ANewVersionNeverTrustsAnOldEntry) {
  Project p;
  const FileSourceReader reader(".");
  const desired::DesiredCache v1(p.cache_dir(), "1.0.0");
  const desired::DesiredCache v2(p.cache_dir(), "1.0.1");
  v1.store(reader, p.options(), {{p.root(), ""}}, uncached(p.options()));
  EXPECT_FALSE(v2.lookup(reader, p.options()));
  // Even an entry of the old version at the new version's place is refused.
  fs::copy_file(v1.entry_path(reader, p.options()), v2.entry_path(reader, p.options()));
  EXPECT_FALSE(v2.lookup(reader, p.options()));
}

TEST(DesiredCache, AFileThatAppearsWhereAnImportFellBackMisses) {
  // `parts/sample.yaml` written with its suffix: the loader first looks for
  // `parts/sample.yaml.yaml`, finds none and falls back to the file meant.
  Project p;
  write_file(p.root(), read_file(p.root()) + "classes:\n  Extra:\n    attributes:\n      x:\n");
  std::string root = read_file(p.root());
  root.replace(root.find("  - parts/sample\n"), 17, "  - parts/sample.yaml\n");
  write_file(p.root(), root);
  const FileSourceReader reader(".");
  const auto before = desired::load_desired(reader, p.options());
  EXPECT_NE(diagnostics_text(before.diagnostics).find("import-with-suffix"), std::string::npos);
  const desired::DesiredCache cache(p.cache_dir(), desired::cache_version());
  EXPECT_TRUE(cache.lookup(reader, p.options()));
  write_file(p.dir.path() + "/parts/sample.yaml.yaml",
             "id: https://example.org/p/other\nname: other\nclasses:\n  Other:\n    attributes:\n"
             "      y:\n");
  EXPECT_FALSE(cache.lookup(reader, p.options()));
}

TEST(DesiredCache, AMalformedEntryIsAMissAndIsReplaced) {
  Project p;
  const FileSourceReader reader(".");
  const desired::DesiredCache cache(p.cache_dir(), desired::cache_version());
  desired::load_desired(reader, p.options());
  write_file(cache.entry_path(reader, p.options()), "{\"key\": ");
  EXPECT_FALSE(cache.lookup(reader, p.options()));
  expect_same(desired::load_desired(reader, p.options()), uncached(p.options()));
  EXPECT_TRUE(cache.lookup(reader, p.options()));
}

TEST(DesiredCache, TwoProcessesFillingItAtOnceLeaveOneValidEntry) {
  // The realistic generated project (~100 modules), so that both processes
  // are loading while the other writes.
  TempDir dir;
  generate_project(realistic_shape()).write_to(dir.path());
  write_file(dir.path() + "/reconcile.yaml", "schema: main.yaml\n");
  const std::string sql = reconcile_binary() + " -q sql";
  desired::DesiredOptions options;
  options.schema_path = dir.path() + "/main.yaml";
  const auto expected = uncached(options);
  for (int round = 0; round < 3; ++round) {
    fs::remove_all(dir.path() + "/.reconcile");
    auto both = run_command("(" + sql + " > a.sql 2> a.err & " + sql +
                                " > b.sql 2> b.err & wait) && cat a.sql && cat a.err",
                            dir.path());
    ASSERT_EQ(both.exit_code, 0) << both.err;
    EXPECT_EQ(read_file(dir.path() + "/a.sql"), read_file(dir.path() + "/b.sql"));
    EXPECT_EQ(read_file(dir.path() + "/a.err"), read_file(dir.path() + "/b.err"));
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(dir.path() + "/.reconcile/cache"))
      if (e.path().filename() != ".gitignore") entries.push_back(e.path().filename().string());
    ASSERT_EQ(entries.size(), 1u) << "a temporary file was left behind";
    EXPECT_EQ(fs::path(entries[0]).extension(), ".json");
    // The entry is whole and holds what a fresh load gives.
    const std::string entry = dir.path() + "/.reconcile/cache/" + entries[0];
    const auto j = nlohmann::json::parse(read_file(entry));
    EXPECT_EQ(catalog::canonical_json(catalog::catalog_from_json(j.at("catalog"))),
              catalog::canonical_json(expected.catalog));
    EXPECT_EQ(j.at("diagnostics").size(), expected.diagnostics.items().size());
    // A third run uses it (does not write it again) and prints the same SQL
    // and the same warnings.
    EXPECT_NE(read_file(dir.path() + "/a.err").find("warning:"), std::string::npos);
    const auto inode = fs::status(entry).type() == fs::file_type::regular ? ino_of(entry) : 0;
    auto third = run_command(sql + " > c.sql 2> c.err", dir.path());
    ASSERT_EQ(third.exit_code, 0);
    EXPECT_EQ(ino_of(entry), inode);
    EXPECT_EQ(read_file(dir.path() + "/c.sql"), read_file(dir.path() + "/a.sql"));
    EXPECT_EQ(read_file(dir.path() + "/c.err"), read_file(dir.path() + "/a.err"));
  }
}

}  // namespace
}  // namespace reconcile::testing
