#include "db/apply/runner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "core/catalog/names.h"
#include "db/apply/progress.h"
#include "db/apply/statement_info.h"
#include "util/digest.h"

namespace reconcile::apply {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kLockNotAvailable = "55P03";
constexpr const char* kActiveSqlTransaction = "25001";

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Strips libpq's "ERROR:  " prefix.
std::string clean_message(const std::string& what) {
  std::string m = first_line(what);
  for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
    if (m.rfind(prefix, 0) == 0) m = m.substr(std::string(prefix).size());
  }
  return m;
}

std::string set_timeout_sql(bool local, milliseconds t) {
  return std::string(local ? "SET LOCAL" : "SET") + " lock_timeout = '" +
         std::to_string(t.count()) + "ms'";
}

const char* direction_name(Direction d) {
  switch (d) {
    case Direction::kUp:
      return "up";
    case Direction::kDown:
      return "down";
  }
  return "up";
}

// Thrown inside a step to carry the failing statement out of the attempt loop.
struct SegmentFailure {
  const revision::Statement* statement;
  std::string message;
  std::string sqlstate;
};

// Where the runner records progress for the current revision (null: it does not).
struct Tracker {
  std::string revision;
  std::string direction;
  int step = 0;
  std::string hash;

  void mark(pqxx::transaction_base& tx, bool done) const {
    mark_step(tx, revision, direction, step, hash, done);
  }
  // In a transaction of its own, without lock_timeout: only reconcile writes
  // this table, under the apply lock.
  void mark_now(pqxx::connection& conn, bool done) const {
    pqxx::work tx(conn);
    mark(tx, done);
    tx.commit();
  }
};

enum class IndexState { kAbsent, kValid, kInvalid };

IndexState index_state(pqxx::connection& conn, const StatementInfo& info) {
  pqxx::nontransaction tx(conn);
  auto res = tx.exec_params(
      "SELECT i.indisvalid AND i.indisready FROM pg_catalog.pg_index i "
      "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relname = $1 AND n.nspname = coalesce(nullif($2, ''), current_schema())",
      info.name, info.schema);
  if (res.empty()) return IndexState::kAbsent;
  return res[0][0].as<bool>() ? IndexState::kValid : IndexState::kInvalid;
}

std::string index_path(const StatementInfo& info) {
  return info.schema.empty()
             ? catalog::quote_ident(info.name)
             : catalog::quote_ident(info.schema) + "." + catalog::quote_ident(info.name);
}

class StepRunner {
 public:
  StepRunner(pqxx::connection& conn, const RunOptions& options, std::string revision, size_t total)
      : conn_(conn), options_(options), revision_(std::move(revision)), total_(total) {}

  // The statements of the body before the step about to run (for progress).
  void set_position(size_t before) { before_ = before; }

  // Runs one attempt of `seg`; returns the number of statements executed
  // (0 when the step turned out to be done already). Throws SegmentFailure.
  int run(const Segment& seg, bool last, const Tracker* tracker, bool started) {
    current_ = nullptr;
    try {
      if (seg.transactional) return run_transaction(seg.statements, last, tracker);
      const auto& s = seg.statements.front();
      StatementInfo info = describe_statement(s.sql);
      if (!info.needs_autocommit) {
        try {
          return run_transaction(seg.statements, last, tracker);
        } catch (const SegmentFailure& f) {
          if (f.sqlstate != kActiveSqlTransaction) throw;
        }
      }
      return run_autocommit(s, info, tracker, started);
    } catch (const pqxx::sql_error& e) {
      throw SegmentFailure{current_, clean_message(e.what()), e.sqlstate()};
    }
  }

 private:
  int run_transaction(const std::vector<revision::Statement>& statements, bool last,
                      const Tracker* tracker) {
    int count = 0;
    try {
      pqxx::work tx(conn_);
      if (options_.lock_timeout.count() > 0) tx.exec(set_timeout_sql(true, options_.lock_timeout));
      for (const auto& s : statements) {
        current_ = &s;
        starting(static_cast<size_t>(count));
        tx.exec(s.sql);
        ++count;
      }
      current_ = nullptr;
      if (tracker && !last) tracker->mark(tx, true);
      if (tracker && last) clear_progress(tx, tracker->revision, tracker->direction);
      if (last && options_.finish) options_.finish(tx);
      tx.commit();
    } catch (const pqxx::sql_error& e) {
      throw SegmentFailure{current_, clean_message(e.what()), e.sqlstate()};
    }
    return count;
  }

  // The lock_timeout of an autocommit statement (see runner.h).
  milliseconds autocommit_timeout(const StatementInfo& info) const {
    milliseconds t = options_.lock_timeout;
    if (info.online_index && options_.budget && t.count() > 0)
      t = std::max(t, options_.budget->left);
    return t;
  }

  void exec_autocommit(const std::string& sql, milliseconds timeout) {
    pqxx::nontransaction tx(conn_);
    if (timeout.count() > 0) tx.exec(set_timeout_sql(false, timeout));
    try {
      tx.exec(sql);
    } catch (...) {
      if (timeout.count() > 0) {
        try {
          tx.exec("RESET lock_timeout");
        } catch (const std::exception&) {
        }
      }
      throw;
    }
    if (timeout.count() > 0) tx.exec("RESET lock_timeout");
  }

  void note(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  // Progress: statement `index` of the current step starts.
  void starting(size_t index) const {
    util::report(options_.progress, util::Task::kStatements, before_ + index, total_, revision_);
  }

  int run_autocommit(const revision::Statement& s, const StatementInfo& info,
                     const Tracker* tracker, bool started) {
    const milliseconds timeout = autocommit_timeout(info);
    current_ = &s;
    using Kind = StatementInfo::Kind;
    if (info.kind == Kind::kCreateIndexConcurrently && !info.name.empty()) {
      IndexState state = index_state(conn_, info);
      if (state == IndexState::kInvalid) {
        note("dropping the invalid index " + index_path(info) +
             " left by an interrupted CREATE INDEX CONCURRENTLY, then building it again");
        exec_autocommit("DROP INDEX CONCURRENTLY IF EXISTS " + index_path(info), timeout);
      } else if (state == IndexState::kValid && started) {
        note("index " + index_path(info) + " was built by an earlier, interrupted run");
        if (tracker) tracker->mark_now(conn_, true);
        return 0;
      }
    } else if (info.kind == Kind::kDropIndexConcurrently && started &&
               index_state(conn_, info) == IndexState::kAbsent) {
      note("index " + index_path(info) + " was dropped by an earlier, interrupted run");
      if (tracker) tracker->mark_now(conn_, true);
      return 0;
    }
    if (tracker) tracker->mark_now(conn_, false);
    starting(0);
    exec_autocommit(s.sql, timeout);
    if (tracker) tracker->mark_now(conn_, true);
    current_ = nullptr;
    return 1;
  }

  pqxx::connection& conn_;
  const RunOptions& options_;
  const std::string revision_;
  const size_t total_;
  size_t before_ = 0;
  const revision::Statement* current_ = nullptr;
};

// The random part of the backoff; one generator per run, seeded once.
class Backoff {
 public:
  explicit Backoff(const RunOptions& options) : options_(options), rng_(std::random_device{}()) {}
  milliseconds wait(int attempt) {
    long long cap = static_cast<long long>(options_.backoff.count());
    const long long most = static_cast<long long>(options_.max_backoff.count());
    for (int i = 1; i < attempt && cap < most; ++i) cap *= 2;
    cap = std::max<long long>(1, std::min(cap, most));
    std::uniform_int_distribution<long long> pick(cap / 2, cap);
    return milliseconds(pick(rng_));
  }

 private:
  const RunOptions& options_;
  std::mt19937_64 rng_;
};

}  // namespace

std::vector<Segment> segments(const std::vector<revision::Statement>& statements) {
  std::vector<Segment> out;
  for (const auto& s : statements) {
    if (!s.transactional) {
      out.push_back(Segment{false, {s}});
    } else if (out.empty() || !out.back().transactional) {
      out.push_back(Segment{true, {s}});
    } else {
      out.back().statements.push_back(s);
    }
  }
  return out;
}

std::string segment_hash(const Segment& segment) {
  std::string bytes = segment.transactional ? "transaction\n" : "no-transaction\n";
  for (const auto& s : segment.statements) {
    bytes += s.sql;
    bytes.push_back('\0');
  }
  return "sha256:" + sha256_hex(bytes);
}

RunResult run_revision(pqxx::connection& conn, const revision::Revision& r, Direction direction,
                       const RunOptions& options) {
  return run_statements(conn, r,
                        direction == Direction::kUp ? r.up_statements() : r.down_statements(),
                        direction, options);
}

RunResult run_statements(pqxx::connection& conn, const revision::Revision& r,
                         const std::vector<revision::Statement>& statements, Direction direction,
                         const RunOptions& options) {
  auto start = Clock::now();
  auto segs = segments(statements);
  // The record is written in the last transaction: add an empty one when the
  // body ends outside a transaction (or is empty).
  if (segs.empty() || !segs.back().transactional) segs.push_back(Segment{true, {}});
  const std::string what = direction == Direction::kUp ? "revision " : "down body of revision ";

  const bool tracked = options.track_progress && segs.size() > 1;
  std::map<int, StepProgress> progress;
  if (tracked) progress = read_progress(conn, r.id, direction_name(direction));
  for (const auto& [step, p] : progress) {
    const bool fits = step >= 0 && static_cast<size_t>(step) + 1 < segs.size() &&
                      segment_hash(segs[static_cast<size_t>(step)]) == p.step_hash;
    if (!fits) {
      SourceLocation where{r.path, 0, 0};
      if (step >= 0 && static_cast<size_t>(step) < segs.size() &&
          !segs[static_cast<size_t>(step)].statements.empty())
        where.line = segs[static_cast<size_t>(step)].statements.front().line;
      throw StatementError(
          what + r.id + " was partly applied by an interrupted run from a different version of " +
              "its file (step " + std::to_string(step + 1) + " differs)",
          "restore the version of " + (r.path.empty() ? std::string("the file") : r.path) +
              " that ran, and apply again; or undo what that run did by hand and delete its rows "
              "from reconcile.revision_progress",
          r.id, where, "", "", true);
    }
  }

  RunResult result;
  StepRunner runner(conn, options, r.id, statements.size());
  Backoff backoff(options);
  bool committed_before = false;
  size_t before = 0;  // statements of the steps before this one
  for (size_t i = 0; i < segs.size(); ++i) {
    const bool last = i + 1 == segs.size();
    const int step = static_cast<int>(i);
    runner.set_position(before);
    before += segs[i].statements.size();
    auto found = progress.find(step);
    if (found != progress.end() && found->second.done) {
      ++result.resumed;
      committed_before = true;
      continue;
    }
    const bool started = found != progress.end();
    std::optional<Tracker> tracker;
    if (tracked) tracker = Tracker{r.id, direction_name(direction), step, segment_hash(segs[i])};
    for (int attempt = 1;; ++attempt) {
      auto attempt_start = Clock::now();
      try {
        result.statements += runner.run(segs[i], last, tracker ? &*tracker : nullptr, started);
        break;
      } catch (const SegmentFailure& f) {
        const bool lock_timeout = f.sqlstate == kLockNotAvailable;
        bool retry = lock_timeout && attempt < options.max_attempts;
        milliseconds wait{0};
        if (retry) {
          wait = backoff.wait(attempt);
          if (options.budget) {
            // The last wait is shortened so that the next attempt still ends
            // within the budget; no attempt starts that could not.
            auto spent = std::chrono::duration_cast<milliseconds>(Clock::now() - attempt_start);
            options.budget->left -= std::min(spent, options.budget->left);
            const milliseconds room = options.budget->left - options.lock_timeout;
            retry = room.count() > 0;
            wait = std::min(wait, std::max(room, milliseconds(0)));
          }
        }
        if (retry) {
          if (options.on_retry) options.on_retry(attempt, wait, f.message);
          std::this_thread::sleep_for(wait);
          if (options.budget) options.budget->left -= std::min(wait, options.budget->left);
          ++result.retries;
          continue;
        }
        SourceLocation where{r.path, f.statement ? f.statement->line : 0, 0};
        std::string message = what + r.id + " failed";
        if (where.known()) message += " at " + where.to_string();
        message += ": " + f.message;
        if (lock_timeout) {
          message +=
              " (gave up after " + std::to_string(attempt) + " attempt" + (attempt == 1 ? "" : "s");
          if (options.budget && attempt < options.max_attempts)
            message += ": the retry time (lock_retry_for) is used up";
          message += ")";
        }
        const bool partial = committed_before || (!segs[i].transactional && started);
        std::string hint;
        if (partial && tracked) {
          hint =
              "the steps before it are committed and recorded in reconcile.revision_progress; "
              "the next run continues from this statement";
        } else if (partial) {
          hint = "statements marked no-transaction before it stayed applied";
        } else {
          hint = "nothing of this revision was applied (rolled back)";
        }
        if (lock_timeout)
          hint +=
              "; another session holds a lock on the table: retry later, or raise lock_timeout, "
              "lock_retries or lock_retry_for";
        throw StatementError(message, hint, r.id, where, f.message, f.sqlstate, partial);
      }
    }
    if (!last) committed_before = true;
  }
  util::report(options.progress, util::Task::kStatements, statements.size(), statements.size(),
               r.id);
  result.duration_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
  return result;
}

}  // namespace reconcile::apply
