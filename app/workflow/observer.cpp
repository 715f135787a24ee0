#include "app/workflow/observer.h"

#include "gitsync/repository.h"

namespace reconcile::workflow {

void note(Observer* observer, Severity severity, const std::string& line) {
  if (observer) observer->note(severity, line);
}

util::ProgressFn progress_to(Observer* observer) {
  if (!observer) return {};
  return [observer](const util::Progress& event) { observer->progress(event); };
}

std::function<void(const linkml::Diagnostics&)> diagnostics_to(Observer* observer) {
  if (!observer) return {};
  return [observer](const linkml::Diagnostics& d) { observer->diagnostics(d); };
}

std::function<void(const std::string&)> log_to(Observer* observer) {
  if (!observer) return {};
  return [observer](const std::string& line) {
    if (line.rfind("warning: ", 0) == 0)
      observer->note(Severity::kWarning, line.substr(9));
    else
      observer->note(Severity::kInfo, line);
  };
}

std::function<void(const std::string&)> warnings_to(Observer* observer) {
  if (!observer) return {};
  return [observer](const std::string& line) { observer->note(Severity::kWarning, line); };
}

Written describe_written(apply::WrittenRevision file, const std::string& migrations_dir) {
  Written w;
  w.file = std::move(file);
  if (!w.file.commit) return w;
  auto repo = gitsync::Repository::try_discover(migrations_dir);
  if (!repo) return w;
  for (const auto& f : w.file.committed) w.committed.push_back(repo->to_repo_path(f));
  w.branch = repo->current_branch();
  return w;
}

}  // namespace reconcile::workflow
