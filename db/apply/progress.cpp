#include "db/apply/progress.h"

#include "util/error.h"

namespace reconcile::apply {
namespace {

// Serialises creation of the table between two first uses at once.
constexpr long long kCreateLockKey = 0x7265636f6e70;  // "reconp"

const char* kExists =
    "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
    "n.oid = c.relnamespace WHERE n.nspname = 'reconcile' AND c.relname = 'revision_progress'";

bool table_exists(pqxx::transaction_base& tx) {
  return tx.exec1(kExists)[0].as<long long>() > 0;
}

}  // namespace

void ensure_progress_table(pqxx::transaction_base& tx) {
  if (table_exists(tx)) return;
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kCreateLockKey);
  tx.exec("CREATE SCHEMA IF NOT EXISTS reconcile");
  tx.exec(
      "CREATE TABLE IF NOT EXISTS reconcile.revision_progress ("
      "revision text NOT NULL, "
      "direction text NOT NULL CHECK (direction IN ('up', 'down')), "
      "step integer NOT NULL, "
      "step_hash text NOT NULL, "
      "state text NOT NULL CHECK (state IN ('started', 'done')), "
      "at timestamptz NOT NULL DEFAULT now(), "
      "PRIMARY KEY (revision, direction, step))");
  tx.exec(
      "COMMENT ON TABLE reconcile.revision_progress IS "
      "'Committed steps of revisions reconcile has not finished applying'");
}

std::map<int, StepProgress> read_progress(pqxx::connection& conn, const std::string& revision,
                                          const std::string& direction) {
  std::map<int, StepProgress> out;
  try {
    pqxx::read_transaction tx(conn);
    if (!table_exists(tx)) return out;
    for (const auto& row :
         tx.exec_params("SELECT step, step_hash, state FROM reconcile.revision_progress "
                        "WHERE revision = $1 AND direction = $2 ORDER BY step",
                        revision, direction)) {
      out[row[0].as<int>()] =
          StepProgress{row[1].as<std::string>(), row[2].as<std::string>() == "done"};
    }
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("cannot read reconcile.revision_progress: ") + e.what());
  }
  return out;
}

void mark_step(pqxx::transaction_base& tx, const std::string& revision,
               const std::string& direction, int step, const std::string& step_hash, bool done) {
  ensure_progress_table(tx);
  tx.exec_params(
      "INSERT INTO reconcile.revision_progress (revision, direction, step, step_hash, state) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (revision, direction, step) DO UPDATE "
      "SET step_hash = EXCLUDED.step_hash, state = EXCLUDED.state, at = now()",
      revision, direction, step, step_hash, done ? "done" : "started");
}

void clear_progress(pqxx::transaction_base& tx, const std::string& revision,
                    const std::string& direction) {
  if (!table_exists(tx)) return;
  tx.exec_params("DELETE FROM reconcile.revision_progress WHERE revision = $1 AND direction = $2",
                 revision, direction);
}

}  // namespace reconcile::apply
