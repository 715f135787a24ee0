// `reconcile dev-db start|stop|status|url|reset`: the embedded dev database
// (db/devdb/). `url` prints a URL that psql and libpq accept; `status`
// exits 0 when the server runs and 1 when it does not.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "db/devdb/dev_database.h"
#include "util/redact.h"

namespace reconcile::cli {
namespace {

nlohmann::json status_json(const devdb::Status& st, const std::string& url) {
  nlohmann::json j = {{"state", devdb::to_string(st.state)},
                      {"running", st.state == devdb::State::kRunning},
                      {"dir", st.dir},
                      {"data_dir", st.data_dir}};
  if (st.pid != 0) j["pid"] = st.pid;
  if (st.port != 0) j["port"] = st.port;
  if (!url.empty()) {
    j["url"] = url;
    j["socket_dir"] = st.socket_dir;
  }
  return j;
}

int print_status(Context& ctx, devdb::Cluster& cluster) {
  devdb::Status st = cluster.status();
  std::string url = st.state == devdb::State::kRunning ? cluster.url() : "";
  if (ctx.format() == OutputFormat::kJson) {
    ctx.print_json(status_json(st, url));
  } else {
    auto& out = ctx.out();
    out << "dev database: " << devdb::to_string(st.state) << "\n";
    out << "folder:       " << st.dir << "\n";
    if (st.state == devdb::State::kRunning) {
      out << "pid:          " << st.pid << "\n";
      out << "url:          " << util::redact_url(url) << "\n";
      out << "socket:       " << st.socket_dir << "\n";
    } else if (st.state == devdb::State::kStale) {
      out << "note:         postmaster.pid names pid " << st.pid
          << ", which no longer runs; `reconcile dev-db start` cleans it up\n";
    }
  }
  return st.state == devdb::State::kRunning ? 0 : 1;
}

}  // namespace

void register_dev_db(CLI::App& app, Context& ctx) {
  CLI::App* cmd =
      app.add_subcommand("dev-db", "The embedded dev database: start|stop|status|url|reset");
  cmd->require_subcommand(1);

  auto cluster_of = [&ctx] { return devdb::Cluster(devdb::dev_db_options(ctx.config())); };

  on_run(cmd->add_subcommand("start", "Start the dev database (initializing it if needed)"), ctx,
         [&ctx, cluster_of] {
           devdb::Cluster cluster = cluster_of();
           bool was_running = cluster.status().state == devdb::State::kRunning;
           cluster.start();
           if (!ctx.options.quiet) {
             spdlog::info("dev database {} in {}", was_running ? "already running" : "started",
                          cluster.options().dir);
           }
           ctx.out() << util::redact_url(cluster.url()) << "\n";
           return 0;
         });
  on_run(cmd->add_subcommand("stop", "Stop the dev database"), ctx, [&ctx, cluster_of] {
    devdb::Cluster cluster = cluster_of();
    bool stopped = cluster.stop();
    spdlog::info("dev database {} ({})", stopped ? "stopped" : "was not running",
                 cluster.options().dir);
    return 0;
  });
  on_run(cmd->add_subcommand("status", "Whether the dev database runs (exit 0) or not (exit 1)"),
         ctx, [&ctx, cluster_of] {
           devdb::Cluster cluster = cluster_of();
           return print_status(ctx, cluster);
         });
  on_run(cmd->add_subcommand("url", "Print the URL of the running dev database"), ctx,
         [&ctx, cluster_of] {
           devdb::Cluster cluster = cluster_of();
           ctx.out() << util::redact_url(cluster.url()) << "\n";
           return 0;
         });
  on_run(cmd->add_subcommand("reset", "Stop the dev database, delete its data, start it afresh"),
         ctx, [&ctx, cluster_of] {
           devdb::Cluster cluster = cluster_of();
           cluster.reset();
           spdlog::info("dev database reset in {}", cluster.options().dir);
           ctx.out() << util::redact_url(cluster.url()) << "\n";
           return 0;
         });
}

}  // namespace reconcile::cli
