#include "history/revision/revision_writer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "gitsync/commit.h"
#include "util/error.h"

namespace reconcile::apply {

namespace fs = std::filesystem;

revision::Revision make_revision(const std::string& migrations_dir, const NewRevision& r,
                                 long long unix_seconds) {
  revision::Revision rev;
  rev.parents = r.parents;
  std::sort(rev.parents.begin(), rev.parents.end());
  // The tag keeps ids written in the same second with the same message on two
  // branches apart (they would otherwise collide when the branches merge).
  const std::string tag = revision::content_tag(rev.parents, r.up, r.down);
  auto id_at = [&](long long t) { return revision::make_revision_id(t, r.message) + "_" + tag; };
  rev.id = id_at(unix_seconds);
  while (fs::exists(fs::path(migrations_dir) / (rev.id + ".sql"))) rev.id = id_at(++unix_seconds);
  rev.message = r.message;
  rev.schema_hash = r.schema_hash;
  rev.up = r.up;
  rev.down = r.down;
  rev.checksum = rev.compute_checksum();
  return rev;
}

WrittenRevision write_revision(const std::string& migrations_dir, const NewRevision& r, bool commit,
                               const std::set<std::string>& sources) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::error_code ec;
  fs::create_directories(migrations_dir, ec);
  if (ec)
    throw InputError("cannot create the migrations folder " + migrations_dir + ": " + ec.message());
  auto rev = make_revision(migrations_dir, r, now);
  std::string path = fs::absolute(fs::path(migrations_dir) / (rev.id + ".sql")).string();
  std::string text = revision::format_revision(rev);
  {
    std::string tmp = path + ".tmp";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + tmp);
    fs::rename(tmp, path, ec);
    if (ec) throw InputError("cannot write " + path + ": " + ec.message());
  }
  WrittenRevision w;
  w.revision = revision::parse_revision(text, path);
  w.path = path;
  if (commit) {
    auto repo = gitsync::Repository::try_discover(migrations_dir);
    if (!repo)
      throw GitError("cannot commit " + path + ": the migrations folder is not in a git repository",
                     "run with --no-commit, or `git init` first");
    w.committed.push_back(path);
    for (const auto& f : sources) {
      try {
        repo->to_repo_path(f);  // throws when outside the repository
      } catch (const GitError&) {
        continue;
      }
      if (gitsync::differs_from_head(*repo, f)) w.committed.push_back(f);
    }
    w.commit = gitsync::commit_paths(*repo, w.committed, "reconcile: " + r.message);
  }
  return w;
}

}  // namespace reconcile::apply
