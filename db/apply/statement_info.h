// What the runner and replay need to know about one SQL statement of a
// revision, read from libpg_query's parse tree (PG15 grammar), never from the
// text:
//  * whether PostgreSQL refuses to run it inside a transaction block
//    (CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, VACUUM,
//    CREATE/DROP DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE), so that it
//    runs in autocommit;
//  * whether it is an online index statement (CREATE/DROP INDEX CONCURRENTLY,
//    REINDEX CONCURRENTLY): these take no lock that conflicts with reads or
//    writes, but wait for older transactions to finish;
//  * for CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY, the index
//    (schema may be empty: the first schema of the search path), so that an
//    interrupted build can be found and finished;
//  * for CREATE EXTENSION and CREATE SCHEMA, their names and options (replay
//    installs trusted-by-configuration extensions itself, see history/replay/shadow.h).
// A statement that does not parse, or a text holding several statements, is
// kOther with `parsed` false: nothing is assumed about it.
#pragma once

#include <string>

namespace reconcile::apply {

struct StatementInfo {
  enum class Kind {
    kOther,
    kCreateIndexConcurrently,
    kDropIndexConcurrently,
    kCreateExtension,
    kCreateSchema,
  };
  Kind kind = Kind::kOther;
  bool parsed = false;
  bool needs_autocommit = false;  // PostgreSQL refuses it in a transaction block
  bool online_index = false;      // CREATE/DROP INDEX or REINDEX with CONCURRENTLY
  // kCreateIndexConcurrently / kDropIndexConcurrently: the index (name empty
  // for CREATE INDEX CONCURRENTLY without a name); kCreateExtension: the
  // extension and its SCHEMA option (schema empty when not given);
  // kCreateSchema: the schema (name).
  std::string schema;
  std::string name;
  bool if_not_exists = false;  // IF NOT EXISTS (create) / IF EXISTS (drop)
  bool has_elements = false;   // kCreateSchema: CREATE SCHEMA ... CREATE TABLE ...
  bool cascade = false;        // kCreateExtension: CASCADE
};

StatementInfo describe_statement(const std::string& sql);

}  // namespace reconcile::apply
