#include "reconciler/apply/runner.h"

#include <thread>

namespace reconcile::apply {
namespace {

constexpr const char* kLockNotAvailable = "55P03";

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

std::string set_timeout_sql(bool local, std::chrono::milliseconds t) {
  return std::string(local ? "SET LOCAL" : "SET") + " lock_timeout = '" +
         std::to_string(t.count()) + "ms'";
}

// Thrown inside a segment to carry the failing statement out of the attempt loop.
struct SegmentFailure {
  const revision::Statement* statement;
  std::string message;
  std::string sqlstate;
};

int run_segment(pqxx::connection& conn, const Segment& seg, bool last, const RunOptions& options) {
  int count = 0;
  const revision::Statement* current = nullptr;
  try {
    if (seg.transactional) {
      pqxx::work tx(conn);
      if (options.lock_timeout.count() > 0) tx.exec(set_timeout_sql(true, options.lock_timeout));
      for (const auto& s : seg.statements) {
        current = &s;
        tx.exec(s.sql);
        ++count;
      }
      current = nullptr;
      if (last && options.finish) options.finish(tx);
      tx.commit();
    } else {
      pqxx::nontransaction tx(conn);
      if (options.lock_timeout.count() > 0) tx.exec(set_timeout_sql(false, options.lock_timeout));
      for (const auto& s : seg.statements) {
        current = &s;
        tx.exec(s.sql);
        ++count;
      }
      current = nullptr;
      if (options.lock_timeout.count() > 0) tx.exec("RESET lock_timeout");
    }
  } catch (const pqxx::sql_error& e) {
    if (!seg.transactional && options.lock_timeout.count() > 0) {
      try {
        pqxx::nontransaction reset(conn);
        reset.exec("RESET lock_timeout");
      } catch (const std::exception&) {
      }
    }
    throw SegmentFailure{current, clean_message(e.what()), e.sqlstate()};
  }
  return count;
}

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

RunResult run_revision(pqxx::connection& conn, const revision::Revision& r, Direction direction,
                       const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  auto segs = segments(direction == Direction::kUp ? r.up_statements() : r.down_statements());
  // The record is written in the last transaction: add an empty one when the
  // body ends outside a transaction (or is empty).
  if (segs.empty() || !segs.back().transactional) segs.push_back(Segment{true, {}});

  RunResult result;
  bool committed_before = false;
  for (size_t i = 0; i < segs.size(); ++i) {
    const bool last = i + 1 == segs.size();
    auto wait = options.backoff;
    for (int attempt = 1;; ++attempt) {
      try {
        result.statements += run_segment(conn, segs[i], last, options);
        break;
      } catch (const SegmentFailure& f) {
        const bool retry = f.sqlstate == kLockNotAvailable && attempt < options.max_attempts;
        if (retry) {
          if (options.on_retry) options.on_retry(attempt, wait, f.message);
          std::this_thread::sleep_for(wait);
          wait *= 2;
          ++result.retries;
          continue;
        }
        SourceLocation where{r.path, f.statement ? f.statement->line : 0, 0};
        std::string what = direction == Direction::kUp ? "revision " : "down body of revision ";
        std::string message = what + r.id + " failed";
        if (where.known()) message += " at " + where.to_string();
        message += ": " + f.message;
        if (f.sqlstate == kLockNotAvailable)
          message += " (gave up after " + std::to_string(attempt) + " attempts)";
        std::string hint;
        if (committed_before) {
          hint =
              "statements marked no-transaction before it stayed applied; the revision is not "
              "recorded and runs again in full next time";
        } else {
          hint = "nothing of this revision was applied (rolled back)";
        }
        if (f.sqlstate == kLockNotAvailable)
          hint += "; another session holds a lock on the table: retry later or raise lock_timeout";
        throw StatementError(message, hint, r.id, where, f.message, f.sqlstate, committed_before);
      }
    }
    if (!segs[i].transactional) committed_before = true;
    if (segs[i].transactional && !segs[i].statements.empty() && !last) committed_before = true;
  }
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
  return result;
}

}  // namespace reconcile::apply
