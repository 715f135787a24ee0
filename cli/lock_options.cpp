#include "cli/lock_options.h"

namespace reconcile::cli {
namespace {

template <class F>
auto option_value(const std::string& option, F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const InputError& e) {
    throw UsageError(option + ": " + e.what(), e.hint());
  }
}

}  // namespace

void add_lock_options(CLI::App* cmd, LockCliOptions& o) {
  cmd->add_option("--lock-wait", o.lock_wait,
                  "How long to wait for another apply's lock (e.g. 60s; config: lock_wait)")
      ->type_name("DURATION");
  cmd->add_option("--lock-timeout", o.lock_timeout,
                  "PostgreSQL lock_timeout of each step (e.g. 500ms; config: lock_timeout)")
      ->type_name("DURATION");
  cmd->add_option("--lock-retries", o.lock_retries,
                  "Retries of a step after a lock timeout (config: lock_retries)")
      ->type_name("N");
  cmd->add_option("--lock-retry-for", o.lock_retry_for,
                  "Time all lock-timeout retries may take together (e.g. 2m; config: "
                  "lock_retry_for)")
      ->type_name("DURATION");
}

std::chrono::milliseconds resolve_lock_options(const config::Config& config,
                                               const LockCliOptions& o,
                                               apply::LockRetryOptions& out) {
  out.lock_timeout =
      o.lock_timeout.empty() ? config.lock_timeout : option_value("--lock-timeout", [&] {
        return config::parse_duration(o.lock_timeout, {}, true);
      });
  int retries = o.lock_retries.empty() ? config.lock_retries : option_value("--lock-retries", [&] {
    return config::parse_count(o.lock_retries, 0, 10000);
  });
  out.max_lock_attempts = retries + 1;
  out.lock_retry_for =
      o.lock_retry_for.empty() ? config.lock_retry_for : option_value("--lock-retry-for", [&] {
        return config::parse_duration(o.lock_retry_for);
      });
  return o.lock_wait.empty()
             ? config.lock_wait
             : option_value("--lock-wait", [&] { return config::parse_duration(o.lock_wait); });
}

}  // namespace reconcile::cli
