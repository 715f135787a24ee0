#include "app/check/runner.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>
#include <set>

#include "app/check/checks.h"
#include "app/desired/source.h"
#include "core/catalog/json.h"
#include "db/apply/connect.h"
#include "db/apply/version_table.h"
#include "db/introspect/introspect.h"
#include "gitsync/provenance.h"
#include "gitsync/repository.h"
#include "history/replay/replay.h"
#include "history/replay/shadow.h"
#include "history/revision/store.h"
#include "linkml/desired/desired.h"
#include "util/error.h"
#include "util/redact.h"
#include "util/source_reader.h"

namespace reconcile::check {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNeedsDatabase = "needs --database";
constexpr const char* kNoReplay = "--no-replay";

// Where each head came from in git ("a1b2c3d4e5 (feature-x) Add sample"),
// or an empty map outside a repository.
std::map<std::string, std::string> head_origins(const revision::RevisionStore& store,
                                                const std::string& migrations_dir) {
  std::map<std::string, std::string> out;
  auto heads = store.heads();
  if (heads.size() < 2) return out;
  try {
    auto repo = gitsync::Repository::try_discover(migrations_dir);
    if (!repo) return out;
    std::vector<std::string> paths;
    for (const auto& id : heads) paths.push_back(fs::absolute(store.get(id).path).string());
    auto prov = gitsync::provenance(*repo, paths);
    for (size_t i = 0; i < heads.size(); ++i) {
      auto it = prov.find(paths[i]);
      if (it == prov.end() || !it->second.added_by) continue;
      out[heads[i]] = gitsync::describe(it->second);
    }
  } catch (const Error& e) {
    spdlog::warn("cannot tell where the heads came from: {}", e.what());
  }
  return out;
}

bool depends_on_failure(const replay::RevisionState& s) {
  return s.error.rfind("depends on revision ", 0) == 0;
}

catalog::Catalog desired_catalog(const RunOptions& o) {
  auto options = desired::options_from_config(o.config, o.schema_path, o.profile);
  FileSourceReader reader(".");
  linkml::Diagnostics diags;
  util::report(o.progress, util::Task::kLoadSchema, 0, 1);
  catalog::Catalog desired = desired::desired_catalog(reader, options, diags);
  desired::build_desired_views(desired, options, diags);
  util::report(o.progress, util::Task::kLoadSchema, 1, 1);
  if (o.on_diagnostics) o.on_diagnostics(diags);
  if (diags.has_errors(o.strict)) {
    throw InputError(std::string("the LinkML schema has ") +
                         (diags.has_errors(false) ? "errors" : "warnings (--strict)") +
                         "; cannot check it against the revisions",
                     SourceLocation{options.schema_path, 0, 0});
  }
  return desired;
}

void relativize(Report& report, const std::string& root) {
  if (root.empty()) return;
  for (auto& f : report.findings) {
    if (f.where.known()) f.where.file = display_path(f.where.file, root);
  }
}

}  // namespace

std::string display_path(const std::string& path, const std::string& root) {
  if (root.empty() || path.empty()) return path;
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(path), ec);
  if (ec) return path;
  fs::path base = fs::weakly_canonical(fs::absolute(root), ec);
  if (ec) return path;
  fs::path rel = abs.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.generic_string();
}

Report run_checks(const RunOptions& o) {
  Report report = Report::with_all_skipped(kNeedsDatabase);

  // Revision files.
  revision::RevisionStore store = revision::RevisionStore::load(o.migrations_dir);
  report.add(check_invalid_revisions(store));
  report.mark_ran(Code::kInvalidRevision);
  report.add(check_file_checksums(store));
  report.mark_ran(Code::kChecksumMismatch);
  report.add(check_heads(store, head_origins(store, o.migrations_dir)));
  report.mark_ran(Code::kMultipleHeads);
  const std::vector<std::string> heads = store.heads();

  // Replays (shadow database).
  std::map<std::string, catalog::Catalog> state_of;  // revision -> replayed state
  bool history_replays = true;
  replay::ReplayOptions ropts;
  if (o.replay) {
    ropts = replay::replay_options(o.config);
    ropts.progress = o.progress;
    spdlog::debug("replaying {} revisions in a shadow database", store.size());
    auto states = replay::replay_each(store, ropts);
    std::vector<ReplayOutcome> outcomes;
    for (auto& s : states) {
      if (!s.catalog) {
        history_replays = false;
        if (depends_on_failure(s)) continue;  // reported once, at the revision that fails
        outcomes.push_back({s.revision, std::nullopt, s.error, s.where.line});
        continue;
      }
      outcomes.push_back({s.revision, catalog::content_hash(*s.catalog), "", 0});
      state_of.emplace(s.revision, std::move(*s.catalog));
    }
    report.add(check_replay_claims(store, outcomes));
    report.mark_ran(Code::kReplayMismatch);

    // PENDING_CHANGES: the state at head (every revision when there are several heads).
    if (!history_replays) {
      report.mark_skipped(Code::kPendingChanges, "the revision history does not replay");
    } else {
      catalog::Catalog desired = desired_catalog(o);
      std::optional<catalog::Catalog> head_state;
      if (heads.size() == 1 && state_of.count(heads[0])) {
        head_state = state_of.at(heads[0]);
      } else {
        try {
          head_state = replay::replay(store, replay::Target::all(), ropts);
        } catch (const replay::ReplayError& e) {
          report.mark_skipped(Code::kPendingChanges, "the heads do not replay together (" +
                                                         e.database_message +
                                                         "); run `reconcile merge`");
        }
      }
      if (head_state) {
        report.add(check_pending(*head_state, desired, o.schema_path, heads));
        report.mark_ran(Code::kPendingChanges);
      }
    }
  } else {
    report.mark_skipped(Code::kReplayMismatch, kNoReplay);
    report.mark_skipped(Code::kPendingChanges, kNoReplay);
  }

  // Database checks.
  if (o.database_url) {
    const std::string& url = *o.database_url;
    const std::string shown = util::redact_url(url);
    std::vector<apply::AppliedRevision> rows;
    {
      auto conn = apply::connect(url, "reconcile check");
      rows = apply::read_applied(*conn);
    }
    std::vector<AppliedRecord> applied;
    for (const auto& r : rows) applied.push_back({r.id, r.checksum, r.schema_hash});

    report.add(check_unapplied(store, applied, shown));
    report.mark_ran(Code::kUnapplied);
    auto unknown = check_unknown_revisions(store, applied, shown);
    bool has_unknown = !unknown.empty();
    report.add(std::move(unknown));
    report.mark_ran(Code::kUnknownRevision);
    report.add(check_applied_checksums(store, applied, shown));

    if (!o.replay) {
      report.mark_skipped(Code::kDrift, kNoReplay);
    } else if (has_unknown) {
      report.mark_skipped(Code::kDrift,
                          "the database has revisions the files do not have; cannot rebuild the "
                          "state it should be in");
    } else {
      std::set<std::string> ids;
      for (const auto& a : applied) ids.insert(a.id);
      // The state of exactly the applied set: reuse a replayed revision state
      // when the applied set is exactly one revision's history.
      std::optional<catalog::Catalog> expected;
      for (const auto& [id, cat] : state_of) {
        auto path = store.path_to(id);
        if (std::set<std::string>(path.begin(), path.end()) == ids) {
          expected = cat;
          break;
        }
      }
      try {
        report.add(find_drift(store, ids, url, o.config, expected, o.progress));
        report.mark_ran(Code::kDrift);
      } catch (const replay::ReplayError& e) {
        report.mark_skipped(Code::kDrift, std::string("the applied revisions do not replay: ") +
                                              e.database_message);
      }
    }
  }

  relativize(report, o.display_root);
  report.sort();
  return report;
}

std::vector<Finding> find_drift(const revision::RevisionStore& store,
                                const std::set<std::string>& applied, const std::string& url,
                                const config::Config& config,
                                std::optional<catalog::Catalog> expected,
                                const util::ProgressFn& progress) {
  if (!expected) {
    replay::ReplayOptions ropts = replay::replay_options(config);
    ropts.progress = progress;
    expected = replay::replay(store, replay::Target::set(applied), ropts);
  }
  introspect::IntrospectOptions iopts;
  iopts.schemas = config.schemas;
  iopts.exclude = config.exclude;
  util::report(progress, util::Task::kIntrospect, 0, 1);
  catalog::Catalog live = introspect::introspect_url(url, iopts);
  util::report(progress, util::Task::kIntrospect, 1, 1);
  return check_drift(*expected, live, util::redact_url(url));
}

}  // namespace reconcile::check
