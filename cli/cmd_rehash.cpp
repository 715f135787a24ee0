// `reconcile rehash REV [--no-commit]`: accept an intended hand edit of a
// revision file explicitly.
//
// `apply` and `downgrade` refuse a revision whose bodies no longer match its
// checksum header (CHECKSUM_MISMATCH): only reviewed SQL runs. After
// reviewing an edit, `rehash` rewrites that one header line with the checksum
// of the bodies as they are now (every other byte of the file stays), logs
// the old and the new checksum, and commits the file with libgit2 on the
// current branch ("reconcile: rehash REV", the checksums in the commit body),
// so the acceptance is visible in git. --no-commit only writes the file.
//
//  * REV is a revision id (or its file name, `ID.sql`).
//  * A revision whose checksum already matches is left alone (exit 0).
//  * A file that does not parse, or an unknown id, is an error (exit 1).
//  * A revision already applied somewhere keeps the checksum it was applied
//    with there: `check --database` and `status` still report that it was
//    edited after it was applied.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "gitsync/commit.h"
#include "gitsync/repository.h"
#include "history/revision/store.h"
#include "util/error.h"

namespace reconcile::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string revision;
  bool no_commit = false;
};

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

int run(Context& ctx, const Options& opts) {
  const std::string dir = ctx.migrations_dir();
  std::string id = opts.revision;
  if (id.size() > 4 && id.compare(id.size() - 4, 4, ".sql") == 0) id = fs::path(id).stem().string();

  std::optional<gitsync::Repository> repo;
  if (!opts.no_commit) {
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
  const std::string path = r->path;
  const std::string old_checksum = r->checksum;
  const std::string new_checksum = r->compute_checksum();
  const bool json = ctx.format() == OutputFormat::kJson;
  if (!json && ctx.format() != OutputFormat::kText) ctx.unsupported_format("rehash", "text, json");
  if (old_checksum == new_checksum) {
    if (json)
      ctx.print_json({{"revision", id},
                      {"path", path},
                      {"changed", false},
                      {"checksum", new_checksum},
                      {"commit", nullptr}});
    else
      ctx.out() << "revision " << id << " already matches its checksum; nothing to do\n";
    return 0;
  }

  write_file(path, revision::with_checksum(read_file(path), new_checksum, path));
  spdlog::warn("rehash: accepted the edited bodies of revision {} ({}): checksum {} -> {}", id,
               path, old_checksum, new_checksum);

  std::optional<gitsync::CommitInfo> commit;
  if (repo) {
    commit = gitsync::commit_paths(*repo, {path},
                                   "reconcile: rehash " + id +
                                       "\n\nAccept a reviewed hand edit of " + id + ".\nchecksum " +
                                       old_checksum + "\n      -> " + new_checksum + "\n");
  }
  if (json) {
    nlohmann::json c = nullptr;
    if (commit)
      c = {{"id", commit->id}, {"short_id", commit->short_id}, {"summary", commit->summary}};
    ctx.print_json({{"revision", id},
                    {"path", path},
                    {"changed", true},
                    {"old_checksum", old_checksum},
                    {"checksum", new_checksum},
                    {"commit", c}});
    return 0;
  }
  ctx.out() << "Rehashed " << id << ": " << old_checksum << " -> " << new_checksum << "\n";
  if (commit) ctx.out() << "Committed " << commit->short_id << ": " << commit->summary << "\n";
  return 0;
}

}  // namespace

void register_rehash(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "rehash", "Accept a reviewed hand edit of a revision: rewrite its checksum and commit it");
  cmd->add_option("revision", opts->revision, "The edited revision (its id)")
      ->required()
      ->type_name("REV");
  cmd->add_flag("--no-commit", opts->no_commit, "Rewrite the checksum line but do not commit");
  on_run(cmd, ctx, [opts, &ctx] { return run(ctx, *opts); });
}

}  // namespace reconcile::cli
