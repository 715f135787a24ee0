// Logging setup: spdlog to stderr (results go to stdout, never logs).
//
// Levels: default info; --quiet shows only errors; -v adds debug,
// -vv adds trace. Every message is printed as "reconcile: <level>: <text>".
// Colour only when asked for and stderr is a terminal. Every message is
// redacted (util/redact.h) before it is written.
#pragma once

namespace reconcile::util {

struct LogOptions {
  int verbosity = 0;  // number of -v
  bool quiet = false;
  bool color = false;
};

// Installs the stderr logger as spdlog's default logger.
void setup_logging(const LogOptions& options);

// True when stream `fd` is a terminal and colour is not disabled by NO_COLOR.
bool terminal_supports_color(int fd);

}  // namespace reconcile::util
