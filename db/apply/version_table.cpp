#include "db/apply/version_table.h"

#include <sstream>

#include "util/error.h"
#include "util/strings.h"

namespace reconcile::apply {
namespace {

// Advisory lock key that serialises creation of the version table (two first
// applies at once would otherwise race on CREATE TABLE IF NOT EXISTS).
constexpr long long kCreateLockKey = 0x7265636f6e63;  // "reconc"

using util::join;

std::vector<std::string> split_spaces(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

const char* kSelect =
    "SELECT id, coalesce(array_to_string(parents, ' '), ''), coalesce(checksum, ''), "
    "coalesce(schema_hash, ''), coalesce(message, ''), "
    "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "coalesce(applied_by, ''), coalesce(duration_ms, 0) "
    "FROM reconcile.revisions ORDER BY applied_at, id";

const char* kExists =
    "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
    "n.oid = c.relnamespace WHERE n.nspname = 'reconcile' AND c.relname = 'revisions'";

}  // namespace

bool version_table_exists(pqxx::connection& conn) {
  try {
    pqxx::nontransaction tx(conn);
    return tx.exec1(kExists)[0].as<long long>() > 0;
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("cannot read the version table: ") + e.what());
  }
}

std::vector<AppliedRevision> read_applied(pqxx::transaction_base& tx) {
  std::vector<AppliedRevision> out;
  try {
    if (tx.exec1(kExists)[0].as<long long>() == 0) return out;
    for (const auto& row : tx.exec(kSelect)) {
      AppliedRevision a;
      a.id = row[0].as<std::string>();
      a.parents = split_spaces(row[1].as<std::string>());
      a.checksum = row[2].as<std::string>();
      a.schema_hash = row[3].as<std::string>();
      a.message = row[4].as<std::string>();
      a.applied_at = row[5].is_null() ? "" : row[5].as<std::string>();
      a.applied_by = row[6].as<std::string>();
      a.duration_ms = row[7].as<long long>();
      out.push_back(std::move(a));
    }
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("cannot read the version table reconcile.revisions: ") +
                        e.what());
  }
  return out;
}

std::vector<AppliedRevision> read_applied(pqxx::connection& conn) {
  // Outside a transaction block: two round trips instead of four (BEGIN and
  // ROLLBACK). Only reconcile writes the table, and apply reads it under its lock.
  pqxx::nontransaction tx(conn);
  return read_applied(tx);
}

std::set<std::string> applied_ids(const std::vector<AppliedRevision>& applied) {
  std::set<std::string> ids;
  for (const auto& a : applied) ids.insert(a.id);
  return ids;
}

void ensure_version_table(pqxx::transaction_base& tx) {
  if (tx.exec1(kExists)[0].as<long long>() > 0) return;
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kCreateLockKey);
  tx.exec("CREATE SCHEMA IF NOT EXISTS reconcile");
  tx.exec(
      "CREATE TABLE IF NOT EXISTS reconcile.revisions ("
      "id text PRIMARY KEY, "
      "parents text[] NOT NULL DEFAULT '{}', "
      "checksum text NOT NULL, "
      "schema_hash text, "
      "message text, "
      "applied_at timestamptz NOT NULL DEFAULT now(), "
      "applied_by text NOT NULL DEFAULT current_user, "
      "duration_ms bigint)");
  tx.exec(
      "COMMENT ON TABLE reconcile.revisions IS "
      "'Revisions applied by reconcile (one row per revision)'");
}

void record_applied(pqxx::transaction_base& tx, const revision::Revision& r,
                    long long duration_ms) {
  try {
    tx.exec_params(
        "INSERT INTO reconcile.revisions (id, parents, checksum, schema_hash, message, "
        "duration_ms) "
        "VALUES ($1, coalesce(string_to_array(nullif($2, ''), ' '), '{}'), $3, nullif($4, ''), $5, "
        "$6)",
        r.id, join(r.parents, " "), r.compute_checksum(), r.schema_hash, r.message, duration_ms);
  } catch (const pqxx::unique_violation&) {
    throw DatabaseError("revision " + r.id + " is already recorded as applied",
                        "another process applied it at the same time; run `reconcile status`");
  }
}

bool remove_applied(pqxx::transaction_base& tx, const std::string& id) {
  auto res = tx.exec_params("DELETE FROM reconcile.revisions WHERE id = $1", id);
  return res.affected_rows() > 0;
}

}  // namespace reconcile::apply
