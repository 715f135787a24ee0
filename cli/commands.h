// One registration function per command; each lives in cmd_<name>.cpp
// (dashes become underscores) and adds the command, its options and its
// action to the app. register_all() adds every command in help order.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace reconcile::cli {

void register_init(CLI::App& app, Context& ctx);
void register_sql(CLI::App& app, Context& ctx);
void register_inspect(CLI::App& app, Context& ctx);
void register_diff(CLI::App& app, Context& ctx);
void register_plan(CLI::App& app, Context& ctx);
void register_revision(CLI::App& app, Context& ctx);
void register_rehash(CLI::App& app, Context& ctx);
void register_apply(CLI::App& app, Context& ctx);
void register_downgrade(CLI::App& app, Context& ctx);
void register_status(CLI::App& app, Context& ctx);
void register_history(CLI::App& app, Context& ctx);
void register_heads(CLI::App& app, Context& ctx);
void register_merge(CLI::App& app, Context& ctx);
void register_check(CLI::App& app, Context& ctx);
void register_baseline(CLI::App& app, Context& ctx);
void register_hooks(CLI::App& app, Context& ctx);
void register_dev_db(CLI::App& app, Context& ctx);
void register_version(CLI::App& app, Context& ctx);
// `completion`, and the hidden `__complete` and `__man` (cmd_completion.cpp).
void register_completion(CLI::App& app, Context& ctx);

void register_all(CLI::App& app, Context& ctx);

}  // namespace reconcile::cli
