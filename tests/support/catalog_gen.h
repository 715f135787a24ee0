// A seeded generator of random catalogs and random edits, for property tests
// and benchmarks of diff and planning.
//
// The generator keeps its own symbolic model (constraints and indexes refer to
// columns by name) and renders it to a catalog in PostgreSQL's canonical form
// (format_type names, pg_get_expr defaults and checks, pg_get_indexdef keys),
// so that render_catalog(c) in an empty database introspects back to c.
// It covers: tables with columns of many types (integer, bigint, smallint,
// numeric(p,s), varchar(n), text, boolean, timestamptz, date, uuid, jsonb,
// double precision, text[], enums and enum arrays), defaults, nullability,
// identity and generated columns, primary keys, foreign keys with actions
// (self references and cycles), unique constraints (multi-column, NULLS NOT
// DISTINCT), checks, indexes (plain, DESC, expression lower(col), partial,
// unique), enums, sequences used by defaults, comments, and hostile names
// (upper case, spaces, quotes, reserved words, 63-byte names).
//
// Edits: add/drop/rename tables and columns, type changes (widening, to
// text, narrowing), defaults, nullability, keys, checks, indexes, enum values
// added/renamed/removed, comments. Renames come with RenameHints.
// The same seed always gives the same catalogs.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace reconcile::testing {

struct GenOptions {
  int min_tables = 1;
  int max_tables = 5;
  int max_columns = 7;
  bool hostile_names = true;  // mix in quoted, reserved and 63-byte names
  bool second_schema = true;  // sometimes put tables in a second schema
};

// The symbolic model; opaque to users, copied by value.
struct GenModel;

class CatalogGenerator {
 public:
  explicit CatalogGenerator(uint64_t seed, GenOptions options = {});
  ~CatalogGenerator();
  CatalogGenerator(const CatalogGenerator&) = delete;
  CatalogGenerator& operator=(const CatalogGenerator&) = delete;

  // A new random catalog (also remembered as the current state).
  catalog::Catalog generate();
  // Applies `count` random edits to the current state and returns the result
  // (with rename hints); the edited state becomes current. With
  // `destructive` false, edits never drop data (no drops, no narrowing, no
  // enum value removal).
  catalog::Catalog edit(int count, bool destructive);
  // Schemas every generated catalog may use (to reset a database between cases).
  static std::vector<std::string> schema_names();

 private:
  std::mt19937_64 rng_;
  GenOptions opt_;
  GenModel* model_;
};

// A large, deterministic catalog for benchmarks: `tables` tables of `columns`
// columns each, with keys, foreign keys, indexes and an enum.
catalog::Catalog big_catalog(int tables, int columns, uint64_t seed);

}  // namespace reconcile::testing
