// The replay cache (ReplayOptions::cache_dir): a replay's result is stored
// under a key of the revisions' ids and checksums, found again by the next
// replay of the same revisions, and never found when a body changes.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/catalog/json.h"
#include "history/replay/replay.h"
#include "history/revision/store.h"
#include "support/pg_fixture.h"
#include "support/process.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

namespace fs = std::filesystem;
namespace rt = reconcile::testing;

revision::Revision rev(const std::string& id, const std::string& parent, const std::string& up) {
  return rt::make_revision(
      id, parent.empty() ? std::vector<std::string>{} : std::vector<std::string>{parent}, up);
}

std::vector<fs::path> entries(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") out.push_back(e.path());
  return out;
}

class ReplayCache : public rt::PgTest {
 protected:
  replay::ReplayOptions options() const {
    replay::ReplayOptions o;
    o.server_url = rt::TestServer::get().admin_url();
    o.cache_dir = dir_.path() + "/cache";
    return o;
  }
  rt::TempDir dir_;
};

TEST_F(ReplayCache, StoresFindsAndInvalidates) {
  auto store = revision::RevisionStore::from_revisions(
      {rev("r1", "", "CREATE TABLE a (id integer);\n"),
       rev("r2", "r1", "ALTER TABLE a ADD COLUMN b text;\n")});
  catalog::Catalog first = replay::replay(store, replay::Target::all(), options());
  ASSERT_EQ(entries(options().cache_dir).size(), 1u);
  // Local state: git is told to ignore the folder.
  EXPECT_NE(rt::read_file(options().cache_dir + "/.gitignore").find("\n*\n"), std::string::npos);
  ASSERT_TRUE(first.find_table("public", "a"));
  EXPECT_EQ(first.find_table("public", "a")->columns.size(), 2u);

  // A hit is what the file says: plant a different catalog under the key.
  const fs::path file = entries(options().cache_dir).front();
  catalog::Catalog planted;
  planted.schemas["public"].name = "public";
  rt::write_file(file.string(), catalog::to_json_string(planted));
  catalog::Catalog again = replay::replay(store, replay::Target::all(), options());
  EXPECT_EQ(catalog::content_hash(again), catalog::content_hash(planted));

  // Another selection has another key.
  catalog::Catalog only_r1 = replay::replay(store, replay::Target::revision("r1"), options());
  EXPECT_EQ(only_r1.find_table("public", "a")->columns.size(), 1u);
  EXPECT_EQ(entries(options().cache_dir).size(), 2u);

  // An edited body changes the checksum, hence the key: a real replay.
  auto edited = revision::RevisionStore::from_revisions(
      {rev("r1", "", "CREATE TABLE a (id integer);\n"),
       rev("r2", "r1", "ALTER TABLE a ADD COLUMN c text;\n")});
  catalog::Catalog changed = replay::replay(edited, replay::Target::all(), options());
  EXPECT_TRUE(changed.find_table("public", "a")->find_column("c"));
  EXPECT_EQ(entries(options().cache_dir).size(), 3u);

  // An unreadable entry is ignored and replaced.
  rt::write_file(file.string(), "{not json");
  catalog::Catalog repaired = replay::replay(store, replay::Target::all(), options());
  EXPECT_EQ(catalog::content_hash(repaired), catalog::content_hash(first));
}

TEST_F(ReplayCache, NoCacheDirWritesNothing) {
  auto store =
      revision::RevisionStore::from_revisions({rev("r1", "", "CREATE TABLE a (id int);\n")});
  auto o = options();
  o.cache_dir.clear();
  replay::replay(store, replay::Target::all(), o);
  EXPECT_FALSE(fs::exists(dir_.path() + "/cache"));
}

}  // namespace
}  // namespace reconcile
