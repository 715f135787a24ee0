// The observer the commands give their workflows (app/workflow/observer.h):
// LinkML diagnostics are printed on stderr (with -q only when they hold
// errors), notes go to the log (spdlog: debug, info, warning), a revision
// written on the way is handed to `on_written` (the command prints it), and
// progress goes to a ProgressView chosen by Context::progress_mode() (a line
// on a terminal, JSON lines, or nothing). Before anything else is written to
// stderr the progress line is erased.
#pragma once

#include <functional>

#include "app/workflow/observer.h"
#include "cli/context.h"
#include "cli/progress_view.h"

namespace reconcile::cli {

class CliObserver : public workflow::Observer {
 public:
  explicit CliObserver(Context& ctx);

  void progress(const util::Progress& event) override;
  void diagnostics(const linkml::Diagnostics& diagnostics) override;
  void note(workflow::Severity severity, const std::string& line) override;
  void revision_written(const workflow::Written& written) override;

  // The work is over: erases the progress line before the results are printed.
  void finish() { view_.finish(); }

  std::function<void(const workflow::Written&)> on_written;

 private:
  bool quiet_;
  bool strict_;
  ProgressView view_;
};

}  // namespace reconcile::cli
