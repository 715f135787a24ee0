// Property test of diff + planner against real PostgreSQL.
//
// For many seeded random pairs (A, B) of catalogs (tests/support/catalog_gen.h):
//   1. build A in the database (render_catalog) and check it introspects to A;
//   2. apply plan(A -> B) with apply's statement runner, as the revision
//      `reconcile revision` would write for it (tests/support/convergence.h);
//   3. introspect: equals B;  planning again from there: empty;
//   4. when no step is NOT_REVERSIBLE, run the revision's down body: introspects to A
//      (compared without column order: PostgreSQL can only append columns).
// One case in three also has views over its first tables, and views over
// those (add_views), in A and in B; B's views are built in a shadow database
// as `plan` builds them, so table edits under views exercise dropping and
// re-creating them around the change.
// RECONCILE_PROPERTY_CASES (default 500) and RECONCILE_PROPERTY_SEED (default
// 1) choose the cases; every case is fully determined by its own seed, printed
// on failure: rerun one with RECONCILE_PROPERTY_SEED=<seed> RECONCILE_PROPERTY_CASES=1.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <pqxx/pqxx>
#include <set>
#include <sstream>

#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/catalog/names.h"
#include "core/plan/planner.h"
#include "db/introspect/introspect.h"
#include "history/replay/view_build.h"
#include "support/catalog_gen.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using catalog::Catalog;

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::strtol(v, nullptr, 10);
}

Catalog comparable(Catalog c, bool sort_columns) {
  c.renames.clear();
  c.unmanaged.clear();
  if (sort_columns)
    for (auto& [sn, s] : c.schemas)
      for (auto& [tn, t] : s.tables)
        std::sort(
            t.columns.begin(), t.columns.end(),
            [](const catalog::Column& a, const catalog::Column& b) { return a.name < b.name; });
  return c;
}

// Lines of the JSON forms that differ, for a readable failure.
std::string json_difference(const Catalog& expected, const Catalog& actual) {
  auto lines = [](const Catalog& c) {
    std::vector<std::string> v;
    std::istringstream in(catalog::to_json_string(c, 1));
    for (std::string line; std::getline(in, line);) v.push_back(line);
    return v;
  };
  const auto e = lines(expected), a = lines(actual);
  // Trim the common head and tail; show what is left of each side.
  size_t head = 0;
  while (head < e.size() && head < a.size() && e[head] == a[head]) ++head;
  size_t tail = 0;
  while (tail < e.size() - head && tail < a.size() - head &&
         e[e.size() - 1 - tail] == a[a.size() - 1 - tail])
    ++tail;
  std::string out = "  (context) " + (head ? e[head - 1] : std::string()) + "\n";
  for (size_t i = head; i < e.size() - tail && i < head + 40; ++i) out += "  - " + e[i] + "\n";
  for (size_t i = head; i < a.size() - tail && i < head + 40; ++i) out += "  + " + a[i] + "\n";
  return out;
}

// Views over the first two tables of `c` (by schema and name): pv_<i> reads
// up to two of its columns, pw_<i> reads pv_<i>. Queries only: PostgreSQL
// gives the definitions.
void add_views(Catalog& c) {
  int i = 0;
  for (auto& [sn, s] : c.schemas) {
    std::vector<std::pair<std::string, catalog::View>> made;
    for (const auto& [tn, t] : s.tables) {
      if (i >= 2 || t.columns.empty()) continue;
      catalog::View v;
      v.name = "pv_" + std::to_string(i);
      v.query = "SELECT ";
      for (size_t k = 0; k < t.columns.size() && k < 2; ++k)
        v.query += (k ? ", " : "") + catalog::quote_ident(t.columns[k].name);
      v.query += " FROM " + catalog::qualified(sn, tn);
      v.depends_on = {{sn, tn, {}}};
      catalog::View w;
      w.name = "pw_" + std::to_string(i);
      w.materialized = i % 2 == 1;
      w.query = "SELECT * FROM " + catalog::qualified(sn, v.name);
      w.depends_on = {{sn, v.name, {}}};
      made.emplace_back(v.name, v);
      made.emplace_back(w.name, w);
      ++i;
    }
    for (auto& [n, v] : made) s.views[n] = std::move(v);
  }
}

class Property : public testing::PgTest {};

TEST_F(Property, PlansTurnAIntoBAndBack) {
  const long cases = env_number("RECONCILE_PROPERTY_CASES", 500);
  const long first_seed = env_number("RECONCILE_PROPERTY_SEED", 1);
  pqxx::connection conn(url());
  introspect::IntrospectOptions options;
  options.schemas = testing::CatalogGenerator::schema_names();
  std::string reset;
  for (const std::string& s : options.schemas)
    reset += "DROP SCHEMA IF EXISTS " + catalog::quote_ident(s) + " CASCADE;";

  const auto start = std::chrono::steady_clock::now();
  int failures = 0, reversed = 0, steps = 0, with_views_cases = 0;
  std::set<std::string> hazards_seen;
  for (long i = 0; i < cases && failures < 10; ++i) {
    const uint64_t seed = static_cast<uint64_t>(first_seed + i);
    testing::CatalogGenerator gen(seed);
    Catalog a = gen.generate();
    Catalog b = gen.edit(1 + static_cast<int>(seed % 5), seed % 2 == 1);
    const bool with_views = seed % 3 == 0;
    if (with_views) {
      add_views(a);
      add_views(b);
    }
    std::string stage = "build A";
    auto fail = [&](const std::string& what) {
      ++failures;
      ADD_FAILURE() << "case seed " << seed << " (RECONCILE_PROPERTY_SEED=" << seed
                    << " RECONCILE_PROPERTY_CASES=1): " << stage << ": " << what << "\nA:\n"
                    << catalog::render_catalog_sql(a) << "plan up:\n"
                    << plan::make_plan(a, b).up_sql();
    };
    try {
      {
        pqxx::nontransaction tx(conn);
        tx.exec(reset);
        tx.commit();
      }
      {
        pqxx::work tx(conn);
        tx.exec(catalog::render_catalog_sql(a));
        tx.commit();
      }
      const Catalog actual_a = introspect::introspect(conn, options);
      if (with_views) {
        // A's views as PostgreSQL holds them; B's built as `plan` builds them.
        for (auto& [sn, sch] : a.schemas)
          for (auto& [vn, v] : sch.views)
            if (const catalog::View* got = actual_a.find_view(sn, vn)) {
              v.definition = got->definition;
              v.columns = got->columns;
              v.depends_on = got->depends_on;
            }
        replay::ReplayOptions ro;
        ro.server_url = testing::TestServer::get().admin_url();
        ro.schemas = options.schemas;
        stage = "build B's views";
        replay::build_views(ro, b);
        ++with_views_cases;
        stage = "build A";
      }
      if (!(comparable(actual_a, false) == comparable(a, false))) {
        fail("A does not introspect to itself\n" +
             json_difference(comparable(a, false), comparable(actual_a, false)));
        continue;
      }
      stage = "apply plan A -> B";
      const plan::Plan p = plan::make_plan(a, b);
      steps += static_cast<int>(p.steps.size());
      for (const plan::Step& s : p.steps)
        for (plan::Hazard h : s.hazards) hazards_seen.insert(plan::hazard_name(h));
      testing::run_plan(conn, p);
      stage = "compare with B";
      const Catalog actual_b = introspect::introspect(conn, options);
      if (!(comparable(actual_b, false) == comparable(b, false))) {
        fail("database after the plan differs from B\n" +
             json_difference(comparable(b, false), comparable(actual_b, false)));
        continue;
      }
      stage = "plan again";
      const plan::Plan again = plan::make_plan(actual_b, b);
      if (!again.empty()) {
        fail("planning again is not empty:\n" + again.up_sql());
        continue;
      }
      if (!p.has(plan::Hazard::kNotReversible)) {
        stage = "apply down";
        testing::run_plan(conn, p, apply::Direction::kDown);
        stage = "compare with A after down";
        const Catalog back = introspect::introspect(conn, options);
        if (!(comparable(back, true) == comparable(a, true))) {
          fail("down did not restore A\n" +
               json_difference(comparable(a, true), comparable(back, true)));
          continue;
        }
        ++reversed;
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string seen;
  for (const std::string& h : hazards_seen) seen += " " + h;
  std::cout << "[property] " << cases << " cases from seed " << first_seed << ": " << steps
            << " steps, " << reversed << " reversed through down SQL, " << seconds << " s; "
            << with_views_cases << " cases with views; hazards seen:" << seen << "\n";
  EXPECT_EQ(failures, 0);
  // The generator must exercise reversal and the interesting hazards.
  if (cases >= 100) {
    EXPECT_GT(reversed, cases / 5);
    EXPECT_TRUE(hazards_seen.count("DELETES_DATA"));
    EXPECT_TRUE(hazards_seen.count("CANNOT_RUN_IN_TRANSACTION"));
    EXPECT_TRUE(hazards_seen.count("VALIDATES_CONSTRAINT"));
  }
}

}  // namespace
}  // namespace reconcile
