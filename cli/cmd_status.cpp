// `reconcile status`: applied, pending, heads and drift in one screen.
//
// Full status reads the revision files and the database's version table:
// applied revisions, pending ones, heads (with the branch and commit each
// came from), revisions edited after they were applied (CHECKSUM_MISMATCH),
// revisions recorded in the database that no file has, and problems of the
// revision files. Drift: the live schema against the state its applied
// revisions imply (replayed in a shadow database, as `reconcile check` does),
// summarized as the objects that differ; `--no-drift` skips the replay.
//
// When the database cannot be read, the rest is still printed (the database
// line says why) and the exit code is 1, with the reason on stderr.
//
// `--hook` is for git hooks: it never fails (exit 0; an error becomes one
// warning line on stderr), prints only what needs attention, and never
// starts the embedded dev database (if that is the database and it is not
// running, pending revisions are not checked).
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "app/apply/apply.h"
#include "app/check/runner.h"
#include "cli/commands.h"
#include "db/apply/connect.h"
#include "db/apply/version_table.h"
#include "db/devdb/dev_database.h"
#include "history/revision/origins.h"
#include "history/revision/store.h"
#include "util/redact.h"
#include "util/strings.h"

namespace reconcile::cli {
namespace {

struct Options {
  bool hook = false;
  bool no_drift = false;
};

using util::join;

std::string plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

struct State {
  revision::RevisionStore store;
  std::vector<std::string> heads;
  std::map<std::string, apply::Origin> head_origins;
  std::string database;  // redacted URL
  std::string database_error;
  std::string database_hint;
  std::vector<apply::AppliedRevision> applied;
  std::vector<std::string> pending;
  std::vector<std::string> mismatches;
  std::vector<std::string> unknown;
  std::string url;  // unredacted, for the drift check
};

// The drift summary: "none", the objects that differ, or why it was not
// checked. Never throws.
struct Drift {
  bool checked = false;
  std::string why_not;
  std::vector<std::string> objects;
};

Drift drift_of(Context& ctx, const State& s) {
  Drift d;
  if (!s.database_error.empty()) {
    d.why_not = "the database cannot be read";
    return d;
  }
  if (!s.unknown.empty()) {
    d.why_not = "the database has revisions no file has";
    return d;
  }
  try {
    std::set<std::string> ids;
    for (const auto& a : s.applied) ids.insert(a.id);
    for (const auto& f : check::find_drift(s.store, ids, s.url, ctx.config()))
      d.objects.insert(d.objects.end(), f.objects.begin(), f.objects.end());
    std::sort(d.objects.begin(), d.objects.end());
    d.objects.erase(std::unique(d.objects.begin(), d.objects.end()), d.objects.end());
    d.checked = true;
  } catch (const std::exception& e) {
    std::string m = util::redact_url(e.what());
    d.why_not = m.substr(0, m.find('\n'));
  }
  return d;
}

// True unless the database would be the embedded dev database and it is not
// running (a git hook must stay fast and never start a server).
bool dev_db_configured_or_running(Context& ctx) {
  auto set = [](const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
  };
  if (!ctx.options.database.empty() || set("DATABASE_URL") || set("PGHOST") || set("PGSERVICE") ||
      set("PGDATABASE") || ctx.config().database)
    return true;
  try {
    devdb::Cluster cluster(devdb::dev_db_options(ctx.config()));
    return cluster.status().state == devdb::State::kRunning;
  } catch (const std::exception&) {
    return false;
  }
}

// Reads the files and the database; a database failure is recorded in
// database_error, never thrown.
State gather(Context& ctx, bool hook) {
  State s;
  s.store = revision::RevisionStore::load(ctx.migrations_dir());
  s.heads = s.store.heads();
  if (!hook || s.heads.size() > 1) s.head_origins = apply::origins(s.store, s.heads);
  try {
    if (hook && !dev_db_configured_or_running(ctx)) {
      s.database_error = "skipped";  // a hook never starts the dev database
      return s;
    }
    std::string url = database_url(ctx);
    s.url = url;
    s.database = util::redact_url(url);
    auto conn = apply::connect(url, "reconcile status");
    s.applied = apply::read_applied(*conn);
  } catch (const Error& e) {
    s.database_error = util::redact_url(e.what());
    s.database_hint = util::redact_url(e.hint());
    if (s.database.empty() && !ctx.options.database.empty())
      s.database = util::redact_url(ctx.options.database);
    return s;
  }
  s.pending = s.store.pending(apply::applied_ids(s.applied));
  s.mismatches = apply::applied_checksum_mismatches(s.store, s.applied);
  for (const auto& a : s.applied)
    if (!s.store.contains(a.id)) s.unknown.push_back(a.id);
  return s;
}

int run_hook(Context& ctx) {
  ctx.dev_db_announced = true;  // a hook prints only what needs attention
  try {
    auto s = gather(ctx, true);
    auto& out = ctx.out();
    if (s.heads.size() > 1) {
      std::vector<std::string> items;
      for (const auto& h : s.heads) items.push_back(h + " (" + s.head_origins[h].describe() + ")");
      out << "reconcile: the merge left " << s.heads.size() << " heads: " << join(items, ", ")
          << " — run `reconcile merge`\n";
    }
    if (!s.pending.empty()) {
      out << "reconcile: " << plural(s.pending.size(), "pending revision") << ": "
          << join(s.pending, ", ") << " — run `reconcile apply`\n";
    }
    for (const auto& m : s.mismatches)
      out << "reconcile: CHECKSUM_MISMATCH: revision " << m
          << " — it was edited after it was applied\n";
    for (const auto& p : s.store.problems())
      if (p.kind != revision::ProblemKind::kChecksumMismatch)
        out << "reconcile: " << p.to_string() << "\n";
    if (!s.database_error.empty() && s.database_error != "skipped")
      std::cerr << "reconcile: warning: could not read the applied revisions: "
                << s.database_error.substr(0, s.database_error.find('\n')) << "\n";
  } catch (const std::exception& e) {
    std::string m = util::redact_url(e.what());
    m = m.substr(0, m.find('\n'));
    std::cerr << "reconcile: warning: could not check the revision status: " << m << "\n";
  }
  return 0;
}

// A status that could not read the database is an error (exit 1): the
// screen is printed, and stderr says why.
int database_failure(const State& s) {
  if (s.database_error.empty()) return 0;
  std::cerr << "reconcile: error: cannot read the database"
            << (s.database.empty() ? "" : " " + s.database) << ": "
            << s.database_error.substr(0, s.database_error.find('\n')) << "\n";
  if (!s.database_hint.empty()) std::cerr << "  hint: " << s.database_hint << "\n";
  return 1;
}

int run_full(Context& ctx, bool no_drift) {
  auto s = gather(ctx, false);
  if (ctx.format() == OutputFormat::kJson) {
    nlohmann::json j;
    j["database"] = s.database;
    if (!s.database_error.empty()) j["database_error"] = s.database_error;
    j["applied"] = nlohmann::json::array();
    for (const auto& a : s.applied)
      j["applied"].push_back({{"id", a.id},
                              {"applied_at", a.applied_at},
                              {"applied_by", a.applied_by},
                              {"checksum", a.checksum},
                              {"duration_ms", a.duration_ms}});
    j["pending"] = s.pending;
    j["heads"] = nlohmann::json::array();
    for (const auto& h : s.heads) {
      const auto& o = s.head_origins[h];
      j["heads"].push_back({{"id", h}, {"commit", o.commit}, {"branches", o.branches}});
    }
    j["checksum_mismatches"] = s.mismatches;
    j["unknown"] = s.unknown;
    j["problems"] = nlohmann::json::array();
    for (const auto& p : s.store.problems()) j["problems"].push_back(p.to_string());
    if (!no_drift) {
      Drift d = drift_of(ctx, s);
      j["drift"] = d.checked ? nlohmann::json{{"checked", true}, {"objects", d.objects}}
                             : nlohmann::json{{"checked", false}, {"reason", d.why_not}};
    }
    ctx.print_json(j);
    return database_failure(s);
  }
  if (ctx.format() != OutputFormat::kText) ctx.unsupported_format("status", "text, json");
  auto& out = ctx.out();
  out << "revisions: " << plural(s.store.size(), "revision") << " in " << ctx.migrations_dir()
      << "\n";
  out << "heads: " << s.heads.size() << (s.heads.size() > 1 ? "  (run `reconcile merge`)" : "")
      << "\n";
  for (const auto& h : s.heads) out << "  " << h << "  " << s.head_origins[h].describe() << "\n";
  out << "database: " << s.database << "\n";
  if (!s.database_error.empty()) {
    out << "  cannot read it: " << s.database_error << "\n";
  } else {
    out << "applied: " << plural(s.applied.size(), "revision") << "\n";
    for (const auto& a : s.applied)
      out << "  " << a.id << "  " << a.applied_at << "  " << a.applied_by << "\n";
    out << "pending: " << plural(s.pending.size(), "revision")
        << (s.pending.empty() ? "" : "  (run `reconcile apply`)") << "\n";
    for (const auto& p : s.pending) {
      const auto& r = s.store.get(p);
      out << "  " << p << (r.message.empty() ? "" : "  " + r.message) << "\n";
    }
    for (const auto& m : s.mismatches) out << "CHECKSUM_MISMATCH: " << m << "\n";
    for (const auto& u : s.unknown)
      out << "UNKNOWN_REVISION: " << u << " is applied but no revision file has it\n";
  }
  for (const auto& p : s.store.problems()) out << p.to_string() << "\n";
  if (no_drift) {
    out << "drift: not checked (--no-drift)\n";
  } else {
    Drift d = drift_of(ctx, s);
    if (!d.checked)
      out << "drift: not checked: " << d.why_not << "\n";
    else if (d.objects.empty())
      out << "drift: none (the database is as its applied revisions leave it)\n";
    else
      out << "drift: " << plural(d.objects.size(), "object")
          << (d.objects.size() == 1 ? " differs" : " differ") << " from the applied "
          << "revisions: " << join(d.objects, ", ")
          << "  (`reconcile check --database URL` shows the SQL that brings them back)\n";
  }
  return database_failure(s);
}

}  // namespace

void register_status(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("status", "Applied, pending, heads and drift in one screen");
  cmd->add_flag("--hook", opts->hook, "Short output for git hooks (post-merge, post-checkout)");
  cmd->add_flag("--no-drift", opts->no_drift,
                "Do not replay the applied revisions to look for drift (faster)");
  on_run(cmd, ctx,
         [opts, &ctx] { return opts->hook ? run_hook(ctx) : run_full(ctx, opts->no_drift); });
}

}  // namespace reconcile::cli
