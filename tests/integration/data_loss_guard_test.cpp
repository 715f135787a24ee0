// The data-loss guard against hostile revision bodies, on a real PostgreSQL
// holding data: every body is classified from its parse tree and the live
// tables (DELETES or UNCLASSIFIED, as expected), and `reconcile apply` (the
// real binary) refuses each one without --allow-destructive (exit 3) with
// the data left exactly as it was. Harmless bodies are classified clean and
// apply; a reviewed opaque statement (`-- reconcile:hazard none`) applies.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "core/revision/revision.h"
#include "db/apply/destructive.h"
#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"
#include "support/revisions.h"

namespace reconcile {
namespace {

using testing::exec_sql;
using testing::query_value;

// What the guard must say about a body.
enum class Expect {
  kDeletes,       // at least one finding proven to delete data
  kUnclassified,  // findings, none proven: unclassified only
  kClean,         // no finding
};

struct Body {
  const char* name;
  const char* sql;
  Expect expect;
};

const char* const kSetup = R"sql(
CREATE TABLE public.victim (
  id integer PRIMARY KEY,
  code varchar(50) NOT NULL,
  amount numeric(10,2),
  note text,
  created timestamptz
);
INSERT INTO public.victim VALUES
  (1, 'alpha-long-code', 12.34, 'first', '2024-05-06 07:08:09+00'),
  (2, 'beta', 5.50, 'second', '2024-01-02 03:04:05+00');
CREATE TABLE public.keep (code text);
INSERT INTO public.keep VALUES ('original');
CREATE FUNCTION public.evil() RETURNS integer LANGUAGE plpgsql AS
  $$ BEGIN DELETE FROM public.victim; RETURN 1; END $$;
CREATE PROCEDURE public.wipe() LANGUAGE sql AS $$ DELETE FROM public.victim $$;
)sql";

// Everything the hostile bodies could damage, as one string.
const char* const kFingerprint = R"sql(
SELECT coalesce((SELECT string_agg(id || ':' || code || ':' || coalesce(amount::text, '-') || ':' ||
                  coalesce(note, '-') || ':' || coalesce(created::text, '-'), ',' ORDER BY id)
                 FROM public.victim), 'no rows') || ' | ' ||
       (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                          ORDER BY a.attnum)
          FROM pg_attribute a
         WHERE a.attrelid = 'public.victim'::regclass AND a.attnum > 0 AND NOT a.attisdropped)
       || ' | ' || (SELECT string_agg(code, ',' ORDER BY code) FROM public.keep)
       || ' | ' || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)
       || ' | ' || (SELECT count(*) FROM pg_rewrite WHERE rulename <> '_RETURN')
)sql";

const std::vector<Body>& hostile_bodies() {
  static const std::vector<Body> bodies = {
      {"delete", "DELETE FROM victim;\n", Expect::kDeletes},
      {"delete_in_cte", "WITH d AS (DELETE FROM victim RETURNING *) SELECT count(*) FROM d;\n",
       Expect::kDeletes},
      {"do_execute_drop_then_recreate",
       "DO $$ BEGIN EXECUTE 'DROP ' || 'TABLE victim'; END $$;\n"
       "CREATE TABLE victim (id integer PRIMARY KEY, code varchar(50) NOT NULL,\n"
       "  amount numeric(10,2), note text, created timestamptz);\n",
       Expect::kUnclassified},
      {"narrow_with_using_then_widen_back",
       "ALTER TABLE victim ALTER COLUMN code TYPE varchar(2) USING left(code, 2);\n"
       "ALTER TABLE victim ALTER COLUMN code TYPE varchar(50);\n",
       Expect::kDeletes},
      {"narrow_varchar", "ALTER TABLE victim ALTER COLUMN code TYPE varchar(2);\n",
       Expect::kDeletes},
      {"narrow_with_cast_using",
       "ALTER TABLE public.victim ALTER COLUMN code SET DATA TYPE varchar(2) USING "
       "code::varchar(2);\n",
       Expect::kDeletes},
      {"narrow_numeric", "ALTER TABLE victim ALTER COLUMN amount TYPE numeric(5,1);\n",
       Expect::kDeletes},
      {"timestamp_to_date", "ALTER TABLE victim ALTER COLUMN created TYPE date;\n",
       Expect::kDeletes},
      {"integer_to_smallint", "ALTER TABLE victim ALTER COLUMN id TYPE smallint;\n",
       Expect::kDeletes},
      {"text_to_varchar1", "ALTER TABLE victim ALTER COLUMN note TYPE varchar(1);\n",
       Expect::kDeletes},
      {"string_to_integer_using_length",
       "ALTER TABLE victim ALTER COLUMN code TYPE integer USING length(code);\n", Expect::kDeletes},
      {"narrow_after_rename",
       "ALTER TABLE victim RENAME COLUMN code TO code_old;\n"
       "ALTER TABLE victim ALTER COLUMN code_old TYPE varchar(3);\n",
       Expect::kDeletes},
      {"update", "UPDATE victim SET code = 'x';\n", Expect::kDeletes},
      {"update_in_cte_feeding_insert",
       "WITH x AS (UPDATE victim SET note = NULL RETURNING 1)\n"
       "INSERT INTO keep SELECT 'y' FROM x;\n",
       Expect::kDeletes},
      {"truncate", "TRUNCATE victim;\n", Expect::kDeletes},
      {"truncate_cascade", "TRUNCATE keep, victim CASCADE;\n", Expect::kDeletes},
      {"upsert_overwrites",
       "INSERT INTO victim (id, code) VALUES (1, 'x')\n"
       "  ON CONFLICT (id) DO UPDATE SET code = excluded.code;\n",
       Expect::kDeletes},
      {"merge_delete",
       "MERGE INTO victim v USING (SELECT 1 AS id) s ON v.id = s.id WHEN MATCHED THEN DELETE;\n",
       Expect::kDeletes},
      {"prepare_and_execute", "PREPARE p AS DELETE FROM victim;\nEXECUTE p;\n", Expect::kDeletes},
      {"explain_analyze_delete", "EXPLAIN ANALYZE DELETE FROM victim;\n", Expect::kDeletes},
      {"drop_column", "ALTER TABLE victim DROP COLUMN note;\n", Expect::kDeletes},
      {"drop_table", "DROP TABLE victim;\n", Expect::kDeletes},
      {"drop_schema_cascade", "DROP SCHEMA public CASCADE;\n", Expect::kDeletes},
      {"rename_recreate_drop",
       "ALTER TABLE victim RENAME TO victim_old;\n"
       "CREATE TABLE victim (id integer);\n"
       "DROP TABLE victim_old;\n",
       Expect::kDeletes},
      {"copy_aside_drop_rename_back",
       "CREATE TABLE victim_copy AS SELECT id, code FROM victim;\n"
       "DROP TABLE victim;\n"
       "ALTER TABLE victim_copy RENAME TO victim;\n",
       Expect::kDeletes},
      {"transaction_control_around_delete", "BEGIN;\nDELETE FROM victim;\nCOMMIT;\n",
       Expect::kDeletes},
      {"commit_then_drop", "COMMIT;\nDROP TABLE victim;\n", Expect::kDeletes},
      {"two_statements_on_one_line", "SELECT 1; DELETE FROM victim WHERE id = 1;\n",
       Expect::kDeletes},
      {"comments_around_delete", "/* harmless */ DELETE /* really */ FROM -- x\n victim;\n",
       Expect::kDeletes},
      {"directive_cannot_clear_a_delete", "-- reconcile:hazard none\nDELETE FROM victim;\n",
       Expect::kDeletes},
      {"lock_then_delete", "LOCK TABLE victim;\nDELETE FROM victim WHERE id = 1;\n",
       Expect::kDeletes},
      {"select_evil_function", "SELECT evil();\n", Expect::kUnclassified},
      {"where_clause_calls_evil", "SELECT * FROM victim WHERE evil() > 0;\n",
       Expect::kUnclassified},
      {"call_procedure", "CALL wipe();\n", Expect::kUnclassified},
      {"set_config_search_path", "SELECT pg_catalog.set_config('search_path', 'public', false);\n",
       Expect::kUnclassified},
      {"set_search_path", "SET search_path TO public;\nSELECT lower('x');\n",
       Expect::kUnclassified},
      {"shadow_a_builtin",
       "CREATE OR REPLACE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS\n"
       "  $$ DELETE FROM victim RETURNING 'x' $$;\n",
       Expect::kUnclassified},
      {"trigger_deletes_on_insert",
       "CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS\n"
       "  $$ BEGIN DELETE FROM victim; RETURN NEW; END $$;\n"
       "CREATE TRIGGER t AFTER INSERT ON keep FOR EACH ROW EXECUTE FUNCTION f();\n"
       "INSERT INTO keep VALUES ('x');\n",
       Expect::kUnclassified},
      {"rule_deletes_on_insert",
       "CREATE RULE r AS ON INSERT TO keep DO ALSO DELETE FROM victim;\n"
       "INSERT INTO keep VALUES ('x');\n",
       Expect::kUnclassified},
      {"default_evaluated_over_rows", "ALTER TABLE victim ADD COLUMN z integer DEFAULT evil();\n",
       Expect::kUnclassified},
      {"check_validated_over_rows",
       "ALTER TABLE victim ADD CONSTRAINT c CHECK (evil() > 0) NOT VALID;\n"
       "ALTER TABLE victim VALIDATE CONSTRAINT c;\n",
       Expect::kUnclassified},
      {"using_expression_same_type",
       "ALTER TABLE victim ALTER COLUMN code TYPE varchar(50) USING upper(code);\n",
       Expect::kUnclassified},
      {"copy_from_program", "COPY keep FROM PROGRAM 'true';\n", Expect::kUnclassified},
      {"do_block_that_looks_harmless", "DO $$ BEGIN PERFORM 1; END $$;\n", Expect::kUnclassified},
      {"set_unlogged", "ALTER TABLE victim SET UNLOGGED;\n", Expect::kUnclassified},
      {"not_postgres_15_sql", "FROBNICATE victim;\n", Expect::kUnclassified},
  };
  return bodies;
}

const std::vector<Body>& harmless_bodies() {
  static const std::vector<Body> bodies = {
      {"create_table",
       "CREATE TABLE extra (id integer PRIMARY KEY, label text DEFAULT lower('X'));\n",
       Expect::kClean},
      {"add_column", "ALTER TABLE victim ADD COLUMN extra text DEFAULT 'x' NOT NULL;\n",
       Expect::kClean},
      {"widen_varchar", "ALTER TABLE victim ALTER COLUMN code TYPE varchar(100);\n",
       Expect::kClean},
      {"varchar_to_text", "ALTER TABLE victim ALTER COLUMN code TYPE text;\n", Expect::kClean},
      {"widen_numeric", "ALTER TABLE victim ALTER COLUMN amount TYPE numeric(12,2);\n",
       Expect::kClean},
      {"expression_index", "CREATE INDEX victim_code_idx ON victim (lower(code));\n",
       Expect::kClean},
      {"comment_and_insert", "COMMENT ON TABLE victim IS 'x';\nINSERT INTO keep VALUES ('more');\n",
       Expect::kClean},
      {"check_on_new_table_calls_anything",
       "CREATE TABLE fresh (n integer);\n"
       "ALTER TABLE fresh ADD CONSTRAINT fresh_n CHECK (public.evil() > n);\n",
       Expect::kClean},
      {"reviewed_do_block", "-- reconcile:hazard none\nDO $$ BEGIN PERFORM 1; END $$;\n",
       Expect::kClean},
      {"select", "SELECT count(*) FROM victim WHERE lower(code) LIKE 'a%';\n", Expect::kClean},
  };
  return bodies;
}

const char* expect_name(Expect e) {
  switch (e) {
    case Expect::kDeletes:
      return "DELETES";
    case Expect::kUnclassified:
      return "UNCLASSIFIED";
    case Expect::kClean:
      return "CLEAN";
  }
  return "?";
}

// What the guard says about `body` against the tables of `url`.
Expect classify(const std::string& url, const std::string& body, std::string& findings) {
  auto r = testing::make_revision("20260101T000000Z_hostile", {}, body);
  r.path = "hostile.sql";
  r.up_line = 1;
  pqxx::connection conn(url);
  auto live = apply::live_tables(conn);
  apply::DataLossGuard guard(live.get());
  auto found = guard.check(r, apply::Direction::kUp);
  bool deletes = false;
  for (const auto& f : found) {
    deletes = deletes || f.kind == apply::DataLoss::kDeletes;
    findings += "\n    " + f.where.to_string() + " " + f.what +
                (f.kind == apply::DataLoss::kDeletes ? " [deletes]" : " [unclassified]");
  }
  if (deletes) return Expect::kDeletes;
  return found.empty() ? Expect::kClean : Expect::kUnclassified;
}

class DataLossGuardTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    exec_sql(url(), kSetup);
  }
};

TEST_F(DataLossGuardTest, ClassifiesEveryHostileBodyFromItsParseTree) {
  int tried = 0, correct = 0;
  for (const auto& b : hostile_bodies()) {
    ++tried;
    std::string findings;
    Expect got = classify(url(), b.sql, findings);
    if (got == b.expect) ++correct;
    EXPECT_EQ(expect_name(got), std::string(expect_name(b.expect)))
        << b.name << ":\n"
        << b.sql << "findings:" << findings;
  }
  int clean = 0;
  for (const auto& b : harmless_bodies()) {
    std::string findings;
    Expect got = classify(url(), b.sql, findings);
    if (got == Expect::kClean) ++clean;
    EXPECT_EQ(expect_name(got), std::string("CLEAN")) << b.name << ":\n" << b.sql << findings;
  }
  EXPECT_GE(tried, 30);
  std::cout << "[ figures ] hostile revision bodies: " << tried << " tried, " << correct
            << " classified correctly; harmless bodies: " << harmless_bodies().size() << " tried, "
            << clean << " classified clean\n";
}

// One hostile body applied through the real binary, in its own database.
class HostileApply : public testing::PgTest, public ::testing::WithParamInterface<Body> {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    exec_sql(url(), kSetup);
  }
};

// A project folder holding one revision with `body`.
std::string write_project(const testing::GitRepo& g, const std::string& body) {
  auto r = testing::make_revision("20260101T000000Z_hostile", {}, body);
  g.write("generated-migrations/" + r.id + ".sql", revision::format_revision(r));
  return g.path();
}

TEST_P(HostileApply, ApplyRefusesWithoutTheFlagAndTheDataSurvives) {
  const Body& b = GetParam();
  testing::GitRepo g;
  write_project(g, b.sql);
  const std::string before = query_value(url(), kFingerprint);
  auto res = testing::reconcile_in(g.path(), "apply", url());
  EXPECT_EQ(res.exit_code, 3) << res.out << res.err;
  EXPECT_NE(res.err.find("--allow-destructive"), std::string::npos) << res.err;
  EXPECT_NE(res.err.find("generated-migrations/20260101T000000Z_hostile.sql:"), std::string::npos)
      << res.err;
  EXPECT_EQ(query_value(url(), kFingerprint), before);
  EXPECT_EQ(query_value(url(), "SELECT to_regclass('reconcile.revisions') IS NULL"), "t");
}

INSTANTIATE_TEST_SUITE_P(Bodies, HostileApply, ::testing::ValuesIn(hostile_bodies()),
                         [](const ::testing::TestParamInfo<Body>& info) {
                           return std::string(info.param.name);
                         });

class HarmlessApply : public HostileApply {};

TEST_P(HarmlessApply, ApplyRunsItWithoutTheFlag) {
  const Body& b = GetParam();
  testing::GitRepo g;
  write_project(g, b.sql);
  auto res = testing::reconcile_in(g.path(), "apply", url());
  EXPECT_EQ(res.exit_code, 0) << res.out << res.err;
  EXPECT_EQ(query_value(url(), "SELECT count(*) FROM reconcile.revisions"), "1");
}

INSTANTIATE_TEST_SUITE_P(Bodies, HarmlessApply, ::testing::ValuesIn(harmless_bodies()),
                         [](const ::testing::TestParamInfo<Body>& info) {
                           return std::string(info.param.name);
                         });

TEST_F(DataLossGuardTest, WithTheFlagAHostileBodyRunsAsReviewed) {
  testing::GitRepo g;
  write_project(g, "UPDATE victim SET note = 'reviewed' WHERE id = 2;\n");
  auto res = testing::reconcile_in(g.path(), "apply --allow-destructive", url());
  EXPECT_EQ(res.exit_code, 0) << res.out << res.err;
  EXPECT_EQ(query_value(url(), "SELECT note FROM victim WHERE id = 2"), "reviewed");
}

TEST_F(DataLossGuardTest, TheGuardFollowsColumnsThroughEarlierRevisionsOfTheRun) {
  // The first revision widens the column; the second narrows it back to its
  // old size: against the live type alone that looks harmless, against the
  // type at that point of the run it narrows.
  testing::GitRepo g;
  auto a = testing::make_revision("20260101T000000Z_a", {},
                                  "ALTER TABLE victim ALTER COLUMN code TYPE varchar(200);\n");
  auto b = testing::make_revision("20260102T000000Z_b", {a.id},
                                  "ALTER TABLE victim ALTER COLUMN code TYPE varchar(50);\n");
  g.write("generated-migrations/" + a.id + ".sql", revision::format_revision(a));
  g.write("generated-migrations/" + b.id + ".sql", revision::format_revision(b));
  auto res = testing::reconcile_in(g.path(), "apply", url());
  EXPECT_EQ(res.exit_code, 3) << res.out << res.err;
  EXPECT_NE(res.err.find("narrows column victim.code from character varying(200) to character "
                         "varying(50)"),
            std::string::npos)
      << res.err;
  EXPECT_EQ(query_value(url(),
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                        "attrelid = 'victim'::regclass AND attname = 'code'"),
            "character varying(50)");
}

}  // namespace
}  // namespace reconcile
