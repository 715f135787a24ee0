// Introspection against a real PostgreSQL: canonical texts, default names
// (ground truth: what PostgreSQL itself chose), unmanaged objects, exclusions
// and the constant number of queries.
#include "db/introspect/introspect.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "core/catalog/json.h"
#include "core/catalog/names.h"
#include "support/pg_fixture.h"

namespace reconcile::introspect {
namespace {

using reconcile::testing::exec_sql;
using reconcile::testing::query_value;

class IntrospectTest : public reconcile::testing::PgTest {
 protected:
  catalog::Catalog read(IntrospectOptions opts = {}, IntrospectStats* stats = nullptr) {
    return introspect_url(url(), opts, stats);
  }
  const catalog::Table& table(const catalog::Catalog& c, const std::string& name,
                              const std::string& schema = "public") {
    const catalog::Table* t = c.find_table(schema, name);
    if (!t) throw std::runtime_error("no table " + schema + "." + name);
    return *t;
  }
};

TEST_F(IntrospectTest, UnnamedObjectsGetPostgresDefaultNamesAndCanonicalTexts) {
  exec_sql(url(),
           "create table u (id int primary key);"
           "create table t (id serial primary key, a int references u, b text unique,"
           "  c int check (c > 0), d varchar(20) default 'x', e timestamptz not null default now(),"
           "  f numeric(10,2), g int[], h int, i int, check (h > i), unique (h, i));"
           "create index on t (lower(b));"
           "create index on t (h, i);");
  auto c = read();
  const auto& t = table(c, "t");
  ASSERT_TRUE(t.primary_key);
  EXPECT_EQ(t.primary_key->name, "t_pkey");
  EXPECT_EQ(t.primary_key->columns, std::vector<std::string>{"id"});
  ASSERT_EQ(t.foreign_keys.size(), 1u);
  EXPECT_EQ(t.foreign_keys[0].name, "t_a_fkey");
  EXPECT_EQ(t.foreign_keys[0].ref_schema, "public");
  EXPECT_EQ(t.foreign_keys[0].ref_table, "u");
  EXPECT_EQ(t.foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
  ASSERT_EQ(t.uniques.size(), 2u);
  EXPECT_EQ(t.uniques[0].name, "t_b_key");
  EXPECT_EQ(t.uniques[1].name, "t_h_i_key");
  EXPECT_EQ(t.uniques[1].columns, (std::vector<std::string>{"h", "i"}));
  ASSERT_EQ(t.checks.size(), 2u);
  EXPECT_EQ(t.checks[0].name, "t_c_check");
  EXPECT_EQ(t.checks[0].expression, "(c > 0)");
  EXPECT_EQ(t.checks[1].name, "t_check");
  EXPECT_EQ(t.checks[1].expression, "(h > i)");
  ASSERT_EQ(t.indexes.size(), 2u);
  EXPECT_EQ(t.indexes[0].name, "t_h_i_idx");
  EXPECT_EQ(t.indexes[0].keys, (std::vector<std::string>{"h", "i"}));
  EXPECT_EQ(t.indexes[1].name, "t_lower_idx");
  EXPECT_EQ(t.indexes[1].keys, std::vector<std::string>{"lower(b)"});
  // Our default-name functions agree with what PostgreSQL chose.
  EXPECT_EQ(catalog::default_pkey_name("t"), "t_pkey");
  EXPECT_EQ(catalog::default_fkey_name("t", {"a"}), t.foreign_keys[0].name);
  EXPECT_EQ(catalog::default_unique_name("t", {"h", "i"}), t.uniques[1].name);
  EXPECT_EQ(catalog::default_check_name("t", "c"), t.checks[0].name);
  EXPECT_EQ(catalog::default_check_name("t", ""), t.checks[1].name);
  EXPECT_EQ(catalog::default_index_name("t", {"h", "i"}), t.indexes[0].name);

  ASSERT_EQ(t.columns.size(), 10u);
  EXPECT_EQ(t.columns[0].type, "integer");
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_EQ(t.columns[0].default_expr, "nextval('public.t_id_seq'::regclass)");
  EXPECT_EQ(t.columns[2].type, "text");
  EXPECT_EQ(t.columns[4].type, "character varying(20)");
  EXPECT_EQ(t.columns[4].default_expr, "'x'::character varying");
  EXPECT_EQ(t.columns[5].type, "timestamp with time zone");
  EXPECT_EQ(t.columns[5].default_expr, "now()");
  EXPECT_TRUE(t.columns[5].not_null);
  EXPECT_EQ(t.columns[6].type, "numeric(10,2)");
  EXPECT_EQ(t.columns[7].type, "integer[]");

  const auto& seqs = c.schemas.at("public").sequences;
  ASSERT_EQ(seqs.size(), 1u);
  const auto& s = seqs.at(catalog::default_serial_sequence_name("t", "id"));
  EXPECT_EQ(s.type, "integer");
  EXPECT_EQ(s.max_value, 2147483647);
  EXPECT_EQ(s.owned_by_table, "t");
  EXPECT_EQ(s.owned_by_column, "id");
}

TEST_F(IntrospectTest, LongAndMultibyteNamesMatchMakeObjectName) {
  const std::string long_table(60, 't');
  const std::string long_col = std::string(50, 'c');
  std::string mb_table;
  for (int i = 0; i < 30; ++i) mb_table += "é";  // 60 bytes
  const std::string mb_col = "ä" + std::string(40, 'x');
  exec_sql(url(), "create table " + catalog::quote_ident(long_table) + " (" +
                      catalog::quote_ident(long_col) + " serial primary key, b int unique, " +
                      "c int check (c > 0));"
                      "create table " +
                      catalog::quote_ident(mb_table) + " (" + catalog::quote_ident(mb_col) +
                      " int unique, z int references " + catalog::quote_ident(long_table) +
                      ");"
                      "create index on " +
                      catalog::quote_ident(mb_table) + " (" + catalog::quote_ident(mb_col) +
                      ", z);");
  auto c = read();
  const auto& a = table(c, long_table);
  EXPECT_EQ(a.primary_key->name, catalog::default_pkey_name(long_table));
  EXPECT_EQ(a.uniques.at(0).name, catalog::default_unique_name(long_table, {"b"}));
  EXPECT_EQ(a.checks.at(0).name, catalog::default_check_name(long_table, "c"));
  EXPECT_EQ(a.primary_key->name.size(), 63u);
  EXPECT_EQ(c.schemas.at("public").sequences.count(
                catalog::default_serial_sequence_name(long_table, long_col)),
            1u);
  const auto& b = table(c, mb_table);
  EXPECT_EQ(b.uniques.at(0).name, catalog::default_unique_name(mb_table, {mb_col}));
  EXPECT_EQ(b.foreign_keys.at(0).name, catalog::default_fkey_name(mb_table, {"z"}));
  EXPECT_EQ(b.indexes.at(0).name, catalog::default_index_name(mb_table, {mb_col, "z"}));
  // Names longer than 63 bytes are truncated by the server like truncate_identifier.
  const std::string too_long = std::string(61, 'a') + "éé";
  exec_sql(url(), "create table " + catalog::quote_ident(too_long) + " (x int)");
  auto c2 = read();
  EXPECT_NE(c2.find_table("public", catalog::truncate_identifier(too_long)), nullptr);
}

TEST_F(IntrospectTest, QuoteIdentMatchesTheServer) {
  pqxx::connection conn(url());
  pqxx::work tx(conn);
  auto words = tx.exec("select word from pg_get_keywords() order by word");
  ASSERT_GT(words.size(), 400u);
  for (const auto& row : words) {
    std::string w = row[0].c_str();
    EXPECT_EQ(catalog::quote_ident(w), tx.exec_params1("select quote_ident($1)", w)[0].c_str())
        << w;
  }
  for (std::string s : {"plain", "Upper", "with space", "1digit", "a$b", "q\"uote", "_x9", "é", "",
                        "user", "order", "select", "name"}) {
    EXPECT_EQ(catalog::quote_ident(s), tx.exec_params1("select quote_ident($1)", s)[0].c_str())
        << s;
  }
}

TEST_F(IntrospectTest, IndexKeysAreTheColumnListOfPgGetIndexdef) {
  exec_sql(url(),
           "create table ix (a int, \"B c\" text, d text collate \"C\", e int, f int);"
           "create index i1 on ix (a desc, lower(\"B c\"), (a+e), d collate \"POSIX\" "
           "text_pattern_ops nulls first) include (e, f) where a > 0;"
           "create unique index i2 on ix using btree (e) nulls not distinct;"
           "create index i3 on ix using hash (f);"
           "create index \"Odd, (name)\" on ix (\"B c\");");
  auto c = read();
  const auto& t = table(c, "ix");
  ASSERT_EQ(t.indexes.size(), 4u);
  const auto& odd = t.indexes[0];
  EXPECT_EQ(odd.name, "Odd, (name)");
  EXPECT_EQ(odd.keys, std::vector<std::string>{"\"B c\""});
  const auto& i1 = t.indexes[1];
  EXPECT_EQ(i1.keys,
            (std::vector<std::string>{"a DESC", "lower(\"B c\")", "(a + e)",
                                      "d COLLATE \"POSIX\" text_pattern_ops NULLS FIRST"}));
  EXPECT_EQ(i1.include, (std::vector<std::string>{"e", "f"}));
  EXPECT_EQ(i1.predicate, "(a > 0)");
  EXPECT_FALSE(i1.unique);
  // Each key starts with what pg_get_indexdef(oid, k, true) prints for that column.
  for (int k = 1; k <= 4; ++k) {
    std::string col = query_value(
        url(), "select pg_get_indexdef('i1'::regclass, " + std::to_string(k) + ", true)");
    EXPECT_EQ(i1.keys[k - 1].rfind(col, 0), 0u) << col;
  }
  EXPECT_TRUE(t.indexes[2].unique);
  EXPECT_TRUE(t.indexes[2].nulls_not_distinct);
  EXPECT_EQ(t.indexes[3].method, "hash");
  // The collation differs from text's default only on d.
  EXPECT_EQ(t.columns[2].collation, "C");
  EXPECT_FALSE(t.columns[1].collation);
}

TEST_F(IntrospectTest, IdentityGeneratedCommentsEnumsAndConstraintOptions) {
  exec_sql(url(),
           "create type \"Mood\" as enum ('sad', 'ok');"
           "alter type \"Mood\" add value 'meh' before 'ok';"
           "comment on type \"Mood\" is 'feelings';"
           "create table p (id bigint generated always as identity primary key,"
           "  n int generated by default as identity, m \"Mood\" default 'ok',"
           "  g int generated always as (id * 2) stored, r int, s int);"
           "alter table p add constraint p_r_s_key unique nulls not distinct (r, s) deferrable "
           "initially deferred;"
           "create table q (id int primary key, p_id bigint, constraint q_fk foreign key (p_id) "
           "references p on delete cascade on update set null deferrable,"
           "  constraint ck check (id > 0) no inherit);"
           "comment on table p is 'people';"
           "comment on column p.m is 'it''s mood';"
           "create schema other; comment on schema other is 'another';");
  auto c = read({{"public", "other"}, {}});
  const auto& p = table(c, "p");
  EXPECT_EQ(p.columns[0].identity, catalog::Identity::kAlways);
  EXPECT_FALSE(p.columns[0].default_expr);
  EXPECT_TRUE(p.columns[0].not_null);
  EXPECT_EQ(p.columns[1].identity, catalog::Identity::kByDefault);
  EXPECT_EQ(p.columns[2].type, "public.\"Mood\"");
  EXPECT_EQ(p.columns[2].default_expr, "'ok'::public.\"Mood\"");
  EXPECT_EQ(p.columns[2].comment, "it's mood");
  EXPECT_EQ(p.columns[3].generated, "(id * 2)");
  EXPECT_FALSE(p.columns[3].default_expr);
  EXPECT_EQ(p.comment, "people");
  ASSERT_EQ(p.uniques.size(), 1u);
  EXPECT_TRUE(p.uniques[0].nulls_not_distinct);
  EXPECT_TRUE(p.uniques[0].deferrable);
  EXPECT_TRUE(p.uniques[0].initially_deferred);
  // Identity sequences are implied by the column.
  EXPECT_TRUE(c.schemas.at("public").sequences.empty());
  const auto& q = table(c, "q");
  ASSERT_EQ(q.foreign_keys.size(), 1u);
  EXPECT_EQ(q.foreign_keys[0].on_delete, catalog::FkAction::kCascade);
  EXPECT_EQ(q.foreign_keys[0].on_update, catalog::FkAction::kSetNull);
  EXPECT_TRUE(q.foreign_keys[0].deferrable);
  EXPECT_FALSE(q.foreign_keys[0].initially_deferred);
  EXPECT_EQ(q.foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(q.checks.at(0).no_inherit);
  const auto* mood = c.find_enum("public", "Mood");
  ASSERT_NE(mood, nullptr);
  EXPECT_EQ(mood->values, (std::vector<std::string>{"sad", "meh", "ok"}));
  EXPECT_EQ(mood->comment, "feelings");
  EXPECT_EQ(c.schemas.at("other").comment, "another");
  EXPECT_FALSE(c.schemas.at("public").comment);  // "standard public schema" is no comment
}

TEST_F(IntrospectTest, UnmanagedObjectsAreListedExtensionObjectsLeftOut) {
  exec_sql(url(),
           "create extension citext;"
           "create table t (id int primary key, c citext);"
           "create view v as select id from t;"
           "create materialized view mv as select id from t;"
           "create function f(a int) returns int language sql as 'select a';"
           "create procedure pr() language sql as 'select 1';"
           "create function tf() returns trigger language plpgsql as 'begin return new; end';"
           "create trigger trg before insert on t for each row execute function tf();"
           "alter table t enable row level security;"
           "create policy pol on t using (true);"
           "create domain posint as int check (value > 0);"
           "create rule r as on update to t do also notify t;"
           "create schema reconcile; create table reconcile.revisions (id int);");
  auto c = read({{"public", "reconcile"}, {}});
  EXPECT_EQ(c.extensions.count("citext"), 1u);
  EXPECT_EQ(c.extensions.at("citext").schema, "public");
  EXPECT_EQ(table(c, "t").columns[1].type, "public.citext");
  // citext's functions and types belong to the extension: not listed.
  std::vector<catalog::UnmanagedObject> expected = {
      {"domain", "public", "posint"},  {"function", "public", "f(a integer)"},
      {"function", "public", "tf()"},  {"policy", "public", "t.pol"},
      {"procedure", "public", "pr()"}, {"rule", "public", "t.r"},
      {"trigger", "public", "t.trg"},
  };
  EXPECT_EQ(c.unmanaged, expected);
  // Views and materialized views are managed: PostgreSQL's own text of
  // them, their columns and what they read.
  const catalog::View* v = c.find_view("public", "v");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->materialized);
  EXPECT_EQ(v->definition, " SELECT t.id\n   FROM public.t;");
  EXPECT_EQ(v->columns, (std::vector<catalog::ViewColumn>{{"id", "integer"}}));
  EXPECT_EQ(v->depends_on, (std::vector<catalog::ViewDependency>{{"public", "t", {"id"}}}));
  const catalog::View* mv = c.find_view("public", "mv");
  ASSERT_TRUE(mv);
  EXPECT_TRUE(mv->materialized);
  EXPECT_EQ(c.schemas.count("reconcile"), 0u);
  EXPECT_EQ(c.schemas.at("public").tables.size(), 1u);
}

TEST_F(IntrospectTest, ExcludePatternsRemoveObjectsCompletely) {
  exec_sql(url(),
           "create table keep (id int); create table tmp_a (id int); create table tmp_b (id int);"
           "create view tmp_v as select 1; create type tmp_e as enum ('x');"
           "create sequence tmp_s; create table audit (id int);");
  auto c = read({{"public"}, {"tmp_*", "public.audit"}});
  EXPECT_EQ(c.schemas.at("public").tables.size(), 1u);
  EXPECT_NE(c.find_table("public", "keep"), nullptr);
  EXPECT_TRUE(c.schemas.at("public").enums.empty());
  EXPECT_TRUE(c.schemas.at("public").sequences.empty());
  EXPECT_TRUE(c.unmanaged.empty());
  EXPECT_TRUE(c.schemas.at("public").views.empty());
  EXPECT_TRUE(is_excluded({"public.*"}, "public", "x"));
  EXPECT_FALSE(is_excluded({"other.*"}, "public", "x"));
}

TEST_F(IntrospectTest, QueryCountDoesNotDependOnTableCount) {
  auto make_tables = [&](int from, int to) {
    exec_sql(url(), "do $$ begin for i in " + std::to_string(from) + ".." + std::to_string(to) +
                        " loop execute format('create table t%s (id serial primary key, a int "
                        "unique, b text check (b <> ''''), c int references t1)', i); "
                        "execute format('create index on t%s (a, b)', i); end loop; end $$;");
  };
  exec_sql(url(), "create table t1 (id int primary key)");
  make_tables(2, 10);
  IntrospectStats small;
  auto c10 = read({}, &small);
  EXPECT_EQ(small.tables, 10u);
  make_tables(11, 1000);
  IntrospectStats large;
  auto c1000 = read({}, &large);
  EXPECT_EQ(large.tables, 1000u);
  EXPECT_EQ(c1000.schemas.at("public").tables.size(), 1000u);
  EXPECT_EQ(small.queries, large.queries);
  EXPECT_LE(large.queries, 12);
  EXPECT_LT(large.seconds, 5.0);  // well under a second on an idle machine
  std::cerr << "introspection: 10 tables " << small.seconds << " s, 1000 tables " << large.seconds
            << " s, " << large.queries << " queries\n";
}

TEST_F(IntrospectTest, ConnectionFailureIsADatabaseErrorWithoutPassword) {
  try {
    introspect_url("postgresql://me:s3cret@127.0.0.1:1/none", {});
    FAIL() << "expected an error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(SplitIndexColumns, HonoursQuotesAndParentheses) {
  EXPECT_EQ(split_index_columns("CREATE INDEX \"a (b\" ON public.t USING btree (x, lower(y), "
                                "(a + b), \"c, d\" DESC) INCLUDE (z) WHERE (x > ')')"),
            (std::vector<std::string>{"x", "lower(y)", "(a + b)", "\"c, d\" DESC"}));
  EXPECT_EQ(split_index_columns("CREATE INDEX i ON t USING btree (coalesce(a, ','::text))"),
            std::vector<std::string>{"coalesce(a, ','::text)"});
}

}  // namespace
}  // namespace reconcile::introspect
