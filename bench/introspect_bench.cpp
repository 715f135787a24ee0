// Introspection time at 500 tables x 20 columns and at 2,000 tables.
// Each size is built once in its own database of the test-support cluster.
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "db/introspect/introspect.h"
#include "support/pg_fixture.h"

namespace {

using reconcile::testing::TestServer;

// A database with `tables` tables of `columns` columns (a key, a unique, a
// check, an FK to the first table and an index each). Built once per size.
const std::string& database(int tables, int columns) {
  static std::map<std::pair<int, int>, std::string> urls;
  auto key = std::make_pair(tables, columns);
  auto it = urls.find(key);
  if (it != urls.end()) return it->second;
  std::string url = TestServer::get().create_database("bench_introspect");
  std::string cols;
  for (int c = 4; c < columns; ++c) cols += ", c" + std::to_string(c) + " text default ''x''";
  reconcile::testing::exec_sql(url, "create table t1 (id int primary key)");
  reconcile::testing::exec_sql(
      url, "do $$ begin for i in 2.." + std::to_string(tables) +
               " loop execute format('create table t%s (id serial primary key, a int unique, "
               "b int check (b > 0), r int references t1" +
               cols + ")', i); execute format('create index on t%s (b, a)', i); end loop; end $$;");
  return urls[key] = url;
}

void run(benchmark::State& state, int tables, int columns) {
  const std::string& url = database(tables, columns);
  pqxx::connection conn(url);
  reconcile::introspect::IntrospectStats stats;
  for (auto _ : state) {
    auto c = reconcile::introspect::introspect(conn, {}, &stats);
    benchmark::DoNotOptimize(c);
  }
  state.counters["tables"] = static_cast<double>(stats.tables);
  state.counters["columns"] = static_cast<double>(stats.columns);
  state.counters["queries"] = stats.queries;
}

void BM_Introspect_500x20(benchmark::State& state) {
  run(state, 500, 20);
}
void BM_Introspect_2000x5(benchmark::State& state) {
  run(state, 2000, 5);
}

BENCHMARK(BM_Introspect_500x20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Introspect_2000x5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
