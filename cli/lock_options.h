// The lock options apply and downgrade share: --lock-wait, --lock-timeout,
// --lock-retries and --lock-retry-for, each falling back to its
// reconcile.yaml key (lock_wait, lock_timeout, lock_retries, lock_retry_for).
// Bad values are UsageErrors naming the option.
#pragma once

#include <chrono>
#include <string>

#include <CLI/CLI.hpp>

#include "app/apply/apply.h"
#include "config/config.h"

namespace reconcile::cli {

struct LockCliOptions {
  std::string lock_wait;  // empty: not given
  std::string lock_timeout;
  std::string lock_retries;
  std::string lock_retry_for;
};

void add_lock_options(CLI::App* cmd, LockCliOptions& options);

// Fills `out` and returns the lock wait.
std::chrono::milliseconds resolve_lock_options(const config::Config& config,
                                               const LockCliOptions& options,
                                               apply::LockRetryOptions& out);

}  // namespace reconcile::cli
