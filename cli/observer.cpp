#include "cli/observer.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "linkml/desired/desired.h"

namespace reconcile::cli {

CliObserver::CliObserver(Context& ctx)
    : quiet_(ctx.options.quiet), strict_(ctx.strict()), view_(ctx.progress_mode()) {}

void CliObserver::progress(const util::Progress& event) {
  view_.on(event);
}

void CliObserver::diagnostics(const linkml::Diagnostics& diagnostics) {
  if (quiet_ && !diagnostics.has_errors(strict_)) return;
  view_.interrupt([&] { desired::print_diagnostics(diagnostics, std::cerr); });
}

void CliObserver::note(workflow::Severity severity, const std::string& line) {
  view_.interrupt([&] {
    switch (severity) {
      case workflow::Severity::kDebug:
        spdlog::debug("{}", line);
        return;
      case workflow::Severity::kInfo:
        spdlog::info("{}", line);
        return;
      case workflow::Severity::kWarning:
        spdlog::warn("{}", line);
        return;
    }
  });
}

void CliObserver::revision_written(const workflow::Written& written) {
  if (on_written) view_.interrupt([&] { on_written(written); });
}

}  // namespace reconcile::cli
