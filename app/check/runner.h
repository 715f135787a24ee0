// The `check` run: gathers what the checks need (revision files, their git
// provenance, replays in a shadow database, the desired catalog, and with a
// database URL the applied revisions and the live catalog) and composes the
// checks of app/check/checks.h into one Report.
//
// Guarantees:
//  * Offline checks never connect to the user's database; replays run in
//    throw-away shadow databases (history/replay/shadow.h).
//  * Every check appears in the report, as run or as skipped with a reason.
//  * Paths in findings are relative to `display_root` when inside it.
//  * Errors (unreadable migrations folder, LinkML errors, no connection to
//    the database, shadow server failures) are thrown as reconcile::Error;
//    they are not findings.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/check/finding.h"
#include "config/config.h"
#include "core/catalog/catalog.h"
#include "history/revision/store.h"
#include "linkml/diagnostics.h"
#include "util/progress.h"

namespace reconcile::check {

struct RunOptions {
  config::Config config;
  std::string schema_path;     // absolute LinkML entry file
  std::string profile;         // "native" or "linkml"
  std::string migrations_dir;  // absolute
  // Run the database checks against this URL (only when given explicitly).
  std::optional<std::string> database_url;
  bool replay = true;        // false (--no-replay): skip the checks that need a shadow database
  bool strict = false;       // LinkML warnings are errors
  std::string display_root;  // paths in findings are made relative to it (empty: as they are)
  // Receives the LinkML diagnostics (printed by the caller on stderr).
  std::function<void(const linkml::Diagnostics&)> on_diagnostics;
  // Progress events (util/progress.h): loading the schema, replays,
  // reading the database; may be empty.
  util::ProgressFn progress;
};

Report run_checks(const RunOptions& options);

// The DRIFT check on its own (also used by `status`): the live database at
// `url` (introspected over the configuration's schemas) against the state
// the `applied` revisions imply — `expected` when the caller already has it,
// else exactly those revisions replayed in a shadow database. Throws
// replay::ReplayError when they do not replay, reconcile::Error otherwise.
// `progress` is told about the replay and the reading of the database.
std::vector<Finding> find_drift(const revision::RevisionStore& store,
                                const std::set<std::string>& applied, const std::string& url,
                                const config::Config& config,
                                std::optional<catalog::Catalog> expected = std::nullopt,
                                const util::ProgressFn& progress = {});

// `path` relative to `root` when it lies inside it, '/'-separated; unchanged otherwise.
std::string display_path(const std::string& path, const std::string& root);

}  // namespace reconcile::check
