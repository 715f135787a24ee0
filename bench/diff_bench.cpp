// diff + plan on large in-memory catalogs (no database).
//   BM_DiffPlan/500/20   500 tables x 20 columns, against an edited copy
//   BM_DiffPlan/2000/10  2,000 tables
//   BM_PlanFromEmpty     the whole catalog created from nothing
#include <benchmark/benchmark.h>

#include "core/diff/diff.h"
#include "core/plan/planner.h"
#include "support/catalog_gen.h"

namespace {

using reconcile::catalog::Catalog;

// Every 10th table gets a new column, every 25th a changed type, every 50th
// is dropped, and one table is added.
Catalog edited(const Catalog& base) {
  Catalog c = base;
  auto& tables = c.schemas.at("app").tables;
  int i = 0;
  std::vector<std::string> drop;
  for (auto& [name, t] : tables) {
    if (i % 10 == 0) {
      reconcile::catalog::Column col;
      col.name = "added";
      col.type = "text";
      t.columns.push_back(col);
    }
    if (i % 25 == 0 && t.columns.size() > 2) t.columns[2].type = "text";
    if (i % 50 == 49) drop.push_back(name);
    ++i;
  }
  for (const auto& name : drop) tables.erase(name);
  // Foreign keys into dropped tables go too.
  for (auto& [name, t] : tables)
    std::erase_if(t.foreign_keys, [&](const auto& fk) { return !tables.count(fk.ref_table); });
  c.normalize();
  return c;
}

void BM_DiffPlan(benchmark::State& state) {
  const Catalog a = reconcile::testing::big_catalog(static_cast<int>(state.range(0)),
                                                    static_cast<int>(state.range(1)), 7);
  const Catalog b = edited(a);
  size_t steps = 0;
  for (auto _ : state) {
    auto changes = reconcile::diff::diff(a, b);
    auto plan = reconcile::plan::plan_changes(changes, a, b);
    steps = plan.steps.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_DiffPlan)->Args({500, 20})->Args({2000, 10})->Unit(benchmark::kMillisecond);

void BM_DiffIdentical(benchmark::State& state) {
  const Catalog a = reconcile::testing::big_catalog(static_cast<int>(state.range(0)),
                                                    static_cast<int>(state.range(1)), 7);
  for (auto _ : state) benchmark::DoNotOptimize(reconcile::plan::make_plan(a, a));
}
BENCHMARK(BM_DiffIdentical)->Args({500, 20})->Args({2000, 10})->Unit(benchmark::kMillisecond);

void BM_PlanFromEmpty(benchmark::State& state) {
  const Catalog a = reconcile::testing::big_catalog(static_cast<int>(state.range(0)),
                                                    static_cast<int>(state.range(1)), 7);
  const Catalog empty;
  size_t steps = 0;
  for (auto _ : state) {
    auto plan = reconcile::plan::make_plan(empty, a);
    steps = plan.steps.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_PlanFromEmpty)->Args({500, 20})->Args({2000, 10})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
