#include "app/desired/source.h"

#include <filesystem>
#include <ostream>

#include "gitsync/git_source_reader.h"
#include "gitsync/repository.h"
#include "history/replay/shadow.h"
#include "history/replay/view_build.h"
#include "util/error.h"

namespace reconcile::desired {

std::unique_ptr<SourceReader> schema_reader(const std::string& ref) {
  if (ref.empty()) return std::make_unique<FileSourceReader>(".");
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).string();
  auto repo = gitsync::Repository::try_discover(cwd);
  if (!repo)
    throw GitError(
        "cannot read the schema at '" + ref + "': " + cwd + " is not in a git repository",
        "run the command inside the repository that holds the LinkML schema");
  const std::string base = repo->to_repo_path(cwd);
  return std::make_unique<gitsync::GitSourceReader>(*repo, ref, base);
}

void build_desired_views(catalog::Catalog& desired, const DesiredOptions& options,
                         linkml::Diagnostics& diagnostics) {
  if (diagnostics.has_errors(false)) return;
  replay::ReplayOptions ro = replay::replay_options(options.config.value_or(config::Config{}));
  for (auto& w : replay::build_views(ro, desired))
    diagnostics.warn("view-columns", w.message, w.where,
                     "make the class's slots name the columns the query returns");
}

catalog::Catalog load_checked(const SourceReader& reader, const DesiredOptions& options,
                              bool strict, std::ostream& diagnostics_out,
                              const std::string& refused) {
  return load_checked(
      reader, options, strict,
      [&](const linkml::Diagnostics& d) { print_diagnostics(d, diagnostics_out); }, refused);
}

catalog::Catalog load_checked(const SourceReader& reader, const DesiredOptions& options,
                              bool strict,
                              const std::function<void(const linkml::Diagnostics&)>& report,
                              const std::string& refused) {
  return checked(load_desired(reader, options), reader, options, strict, report, refused);
}

catalog::Catalog checked(DesiredResult result, const SourceReader& reader,
                         const DesiredOptions& options, bool strict,
                         const std::function<void(const linkml::Diagnostics&)>& report,
                         const std::string& refused) {
  linkml::Diagnostics diagnostics = std::move(result.diagnostics);
  catalog::Catalog c = std::move(result.catalog);
  build_desired_views(c, options, diagnostics);
  if (report) report(diagnostics);
  if (diagnostics.has_errors(strict)) {
    std::string what = diagnostics.has_errors(false) ? "errors" : "warnings (--strict)";
    std::string where = reader.describe() == "worktree" ? "" : " at " + reader.describe();
    throw InputError("the LinkML schema" + where + " has " + what + "; " + refused,
                     SourceLocation{options.schema_path, 0, 0});
  }
  return c;
}

}  // namespace reconcile::desired
