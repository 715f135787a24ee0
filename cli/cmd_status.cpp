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
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "app/workflow/status.h"
#include "cli/commands.h"
#include "cli/observer.h"
#include "db/devdb/dev_database.h"
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

// The status; a database failure is in database_error, never thrown.
workflow::StatusResult gather(Context& ctx, bool hook, bool drift, workflow::Observer* observer) {
  workflow::StatusOptions o;
  o.project = project(ctx);
  // A hook never starts the dev database.
  if (!hook || dev_db_configured_or_running(ctx)) o.database = database(ctx);
  o.all_origins = !hook;
  o.drift = drift;
  o.observer = observer;
  workflow::StatusResult s = workflow::run_status(o);
  if (s.database.empty() && !ctx.options.database.empty())
    s.database = util::redact_url(ctx.options.database);
  return s;
}

int run_hook(Context& ctx) {
  ctx.dev_db_announced = true;  // a hook prints only what needs attention
  try {
    auto s = gather(ctx, true, false, nullptr);
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
    if (!s.database_error.empty())
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
int database_failure(const workflow::StatusResult& s) {
  if (s.database_error.empty()) return 0;
  std::cerr << "reconcile: error: cannot read the database"
            << (s.database.empty() ? "" : " " + s.database) << ": "
            << s.database_error.substr(0, s.database_error.find('\n')) << "\n";
  if (!s.database_hint.empty()) std::cerr << "  hint: " << s.database_hint << "\n";
  return 1;
}

int run_full(Context& ctx, bool no_drift) {
  CliObserver observer(ctx);
  auto s = gather(ctx, false, !no_drift, &observer);
  observer.finish();
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
    if (s.drift) {
      const workflow::Drift& d = *s.drift;
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
  if (!s.drift) {
    out << "drift: not checked (--no-drift)\n";
  } else {
    const workflow::Drift& d = *s.drift;
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
