// What a workflow tells its caller while it runs, besides the result it
// returns: progress of long work, the LinkML diagnostics, lines for the log,
// and revision files written on the way. Workflows never print; the CLI's
// Observer (cli/observer.h) writes the log and the progress to stderr, a
// test may record the calls, and a null Observer* ignores all.
//
// Every call is made on the workflow's own thread, in order, and must not
// throw.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "history/revision/revision_writer.h"
#include "linkml/diagnostics.h"
#include "util/progress.h"

namespace reconcile::workflow {

enum class Severity { kDebug, kInfo, kWarning };

// A revision file a workflow wrote, and committed when `file.commit` is set.
struct Written {
  apply::WrittenRevision file;  // the revision as written, its path and the commit
  // The committed files as paths in the repository ("migrations/x.sql",
  // '/'-separated from its root): the revision first, then the LinkML
  // files committed with it. Empty when nothing was committed.
  std::vector<std::string> committed;
  // The branch the commit was made on; nullopt when HEAD is detached or
  // nothing was committed.
  std::optional<std::string> branch;
};

class Observer {
 public:
  virtual ~Observer() = default;
  // Long work advancing (util/progress.h).
  virtual void progress(const util::Progress& /*event*/) {}
  // The diagnostics of loading the LinkML schema (plan, revision, check):
  // warnings, or the errors the workflow then throws for.
  virtual void diagnostics(const linkml::Diagnostics& /*diagnostics*/) {}
  // A line for the log: what is happening, or a warning that does not stop
  // the workflow.
  virtual void note(Severity /*severity*/, const std::string& /*line*/) {}
  // A revision file was written (and committed) before the rest of the
  // workflow, which may still fail (apply's generated revision, baseline's
  // revision): told at once, so that it is known even then.
  virtual void revision_written(const Written& /*written*/) {}
};

// For workflows: calls to a possibly null observer.
void note(Observer* observer, Severity severity, const std::string& line);
// Forwards progress events to `observer` (empty when it is null).
util::ProgressFn progress_to(Observer* observer);
// Forwards diagnostics to `observer` (empty when it is null).
std::function<void(const linkml::Diagnostics&)> diagnostics_to(Observer* observer);
// Forwards log lines in the convention of the apply options' `log` (a line
// starting "warning: " is a warning, without that prefix; any other is
// information).
std::function<void(const std::string&)> log_to(Observer* observer);
// Forwards each line as a warning.
std::function<void(const std::string&)> warnings_to(Observer* observer);

// `file` described for its caller: the committed files as repository paths
// and the branch (looked up in the repository around `migrations_dir`).
Written describe_written(apply::WrittenRevision file, const std::string& migrations_dir);

}  // namespace reconcile::workflow
