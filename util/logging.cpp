#include "util/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "util/redact.h"

namespace reconcile::util {
namespace {

// Passes every message through redact_url() before the inner sink formats it.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text = redact_url(std::string(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level,
                                  spdlog::string_view_t(text.data(), text.size()));
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> f) override {
    inner_->set_formatter(std::move(f));
  }

 private:
  spdlog::sink_ptr inner_;
};

}  // namespace

bool terminal_supports_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return isatty(fd) == 1;
}

void setup_logging(const LogOptions& options) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      options.color ? spdlog::color_mode::automatic : spdlog::color_mode::never);
  auto sink = std::make_shared<RedactingSink>(stderr_sink);
  auto logger = std::make_shared<spdlog::logger>("reconcile", sink);
  logger->set_pattern("reconcile: %^%l%$: %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (options.quiet) level = spdlog::level::err;
  if (options.verbosity == 1) level = spdlog::level::debug;
  if (options.verbosity >= 2) level = spdlog::level::trace;
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

}  // namespace reconcile::util
