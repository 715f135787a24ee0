#include "app/workflow/rehash.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gitsync/commit.h"
#include "history/revision/store.h"
#include "util/error.h"

namespace reconcile::workflow {
namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw InputError("cannot write " + path + ": " + ec.message());
}

}  // namespace

RehashResult run_rehash(const RehashOptions& o) {
  const std::string& dir = o.project.migrations_dir;
  std::string id = o.revision;
  if (id.size() > 4 && id.compare(id.size() - 4, 4, ".sql") == 0) id = fs::path(id).stem().string();

  std::optional<gitsync::Repository> repo;
  if (o.commit) {
    repo = gitsync::Repository::try_discover(dir);
    if (!repo)
      throw GitError("the migrations folder " + dir + " is not in a git repository",
                     "run `git init` first, or use --no-commit to only rewrite the file");
    gitsync::resolve_signature(*repo, gitsync::Role::kAuthor);
    gitsync::resolve_signature(*repo, gitsync::Role::kCommitter);
  }

  auto store = revision::RevisionStore::load(dir);
  const revision::Revision* r = store.find(id);
  if (!r) {
    for (const auto& p : store.problems())
      if (p.kind == revision::ProblemKind::kParseError && fs::path(p.where.file).stem() == id)
        throw InputError("cannot rehash " + id + ": " + p.message, p.where,
                         "fix the file so that it parses first (`reconcile check` lists problems)");
    throw UsageError("no revision " + id + " in " + dir, "`reconcile history` lists the revisions");
  }
  RehashResult result;
  result.id = id;
  result.path = r->path;
  result.old_checksum = r->checksum;
  result.checksum = r->compute_checksum();
  if (result.old_checksum == result.checksum) return result;

  write_file(result.path,
             revision::with_checksum(read_file(result.path), result.checksum, result.path));
  result.changed = true;
  note(o.observer, Severity::kWarning,
       "rehash: accepted the edited bodies of revision " + id + " (" + result.path +
           "): checksum " + result.old_checksum + " -> " + result.checksum);
  if (repo) {
    result.commit = gitsync::commit_paths(
        *repo, {result.path},
        "reconcile: rehash " + id + "\n\nAccept a reviewed hand edit of " + id + ".\nchecksum " +
            result.old_checksum + "\n      -> " + result.checksum + "\n");
  }
  return result;
}

}  // namespace reconcile::workflow
