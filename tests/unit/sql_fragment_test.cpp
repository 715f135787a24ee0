// core/sql: SQL fragments from a schema are exactly one construct, and the
// statement classifier reads effects from the parse tree.
#include <gtest/gtest.h>

#include "core/sql/classify.h"
#include "core/sql/fragment.h"
#include "core/sql/parse.h"

namespace reconcile::sql {
namespace {

TEST(SqlFragment, TypeNamesThatAreOneType) {
  for (const char* ok :
       {"text", "varchar(20)", "character varying(20)", "numeric(10, 2)",
        "timestamp(3) with time zone", "int[]", "int[3][4]", "public.mood", "\"My Type\"",
        "geometry(Point,4326)", "double precision", "bit varying(3)", "interval day to second(3)",
        "\"semi;colon\"", "\"dash--dash\""})
    EXPECT_FALSE(check_type_name(ok).has_value()) << ok;
}

TEST(SqlFragment, TypeNamesThatAreMoreThanAType) {
  struct Case {
    const char* text;
    const char* reason_part;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"text; UPDATE public.keep SET code=$$pwned$$; ALTER ROLE app SUPERUSER; SELECT 1",
            "syntax error"},
           {"text NOT NULL", "more than a type name"},
           {"text DEFAULT 'x'", "more than a type name"},
           {"text COLLATE \"C\"", "COLLATE"},
           {"text --", "swallows"},
           {"text /*", "unterminated"},
           {"text)", "syntax error"},
           {"text, evil int", "more than one type name"},
           {"setof int", "not a plain type name"},
           {"varchar((SELECT 1))", "syntax error"},
           {"varchar(length(current_user))", "syntax error"},
           {"geometry(\"Point\".x, 4326)", "constant or a plain name"},
           {"text\nNOT NULL", "one line"},
           {"", "empty"},
       }) {
    auto e = check_type_name(c.text);
    ASSERT_TRUE(e.has_value()) << c.text;
    EXPECT_NE(e->reason.find(c.reason_part), std::string::npos) << c.text << ": " << e->reason;
  }
  auto nul = check_type_name(std::string("text\0; DROP TABLE t", 19));
  ASSERT_TRUE(nul.has_value());
  EXPECT_NE(nul->reason.find("NUL"), std::string::npos);
  auto e = check_type_name("text; UPDATE t SET a = 1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 4);  // the ';'
}

TEST(SqlFragment, DefaultsAreOneExpressionWithoutSubqueries) {
  for (const char* ok : {"now()", "'x'::text", "0", "'-5'::integer", "nextval('s'::regclass)",
                         "CURRENT_DATE", "(1 + 2)", "'a;b'::text", "'--'::text"})
    EXPECT_FALSE(check_default_expression(ok).has_value()) << ok;
  for (const char* bad : {"1) , d int DEFAULT (2", "(SELECT max(id) FROM keep)", "1 NOT NULL",
                          "1 CHECK (false)", "now(); DROP TABLE keep", "0 --", "1 COLLATE \"C\"",
                          "ARRAY(SELECT 1)", "EXISTS (SELECT 1)", "", "1 PRIMARY KEY"})
    EXPECT_TRUE(check_default_expression(bad).has_value()) << bad;
}

TEST(SqlFragment, ChecksAndIndexKeys) {
  EXPECT_FALSE(check_check_expression("((age >= 0) AND (age <= 200))").has_value());
  EXPECT_TRUE(check_check_expression("true)) ; DROP TABLE keep; --").has_value());
  EXPECT_TRUE(check_check_expression("a > 0), CHECK (b > 0").has_value());
  EXPECT_TRUE(check_check_expression("a IN (SELECT 1)").has_value());
  EXPECT_FALSE(check_index_element("lower(name) DESC").has_value());
  EXPECT_FALSE(check_index_element("\"Name\" text_pattern_ops").has_value());
  EXPECT_TRUE(check_index_element("a), (b").has_value());
  EXPECT_TRUE(check_index_element("a) WHERE (true").has_value());
  EXPECT_TRUE(check_identifier("").has_value());
  EXPECT_TRUE(check_identifier(std::string("a\0b", 3)).has_value());
  EXPECT_FALSE(check_identifier("we\"ird; DROP TABLE x; --").has_value());
}

TEST(SqlClassify, FormatsTypeNamesAsFormatTypeDoes) {
  auto type_of = [](const std::string& t) {
    auto r = parse("CREATE TABLE x (c " + t + ")");
    return format_type_name(
        r.statements[0]["stmt"]["CreateStmt"]["tableElts"][0]["ColumnDef"]["typeName"]);
  };
  EXPECT_EQ(type_of("varchar(10)"), "character varying(10)");
  EXPECT_EQ(type_of("int"), "integer");
  EXPECT_EQ(type_of("int8[]"), "bigint[]");
  EXPECT_EQ(type_of("numeric(10)"), "numeric(10,0)");
  EXPECT_EQ(type_of("numeric(10, 2)"), "numeric(10,2)");
  EXPECT_EQ(type_of("timestamp(3) with time zone"), "timestamp(3) with time zone");
  EXPECT_EQ(type_of("timestamptz"), "timestamp with time zone");
  EXPECT_EQ(type_of("char"), "character(1)");
  EXPECT_EQ(type_of("text"), "text");
  EXPECT_EQ(type_of("public.\"Mood\""), "public.\"Mood\"");
}

TEST(SqlClassify, SplitsScriptsIntoStatementRanges) {
  const std::string script = "CREATE TABLE a (id int);\n-- c\nDO $$ BEGIN PERFORM 1; END $$;\n";
  auto r = split(script);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.parsed);
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(script.substr(r.statements[0].begin, r.statements[0].end - r.statements[0].begin),
            "CREATE TABLE a (id int)");
  EXPECT_FALSE(split("SELECT 'unterminated").ok());
  // libpg_query's scanner split drops a statement that starts with a word it
  // does not know; split() keeps it.
  const std::string odd = "SELECT 1;\nFROBNICATE victim;\nSELECT 2";
  auto o = split(odd);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o.parsed);
  ASSERT_EQ(o.statements.size(), 3u);
  EXPECT_EQ(odd.substr(o.statements[1].begin, o.statements[1].end - o.statements[1].begin),
            "FROBNICATE victim;");
  // Its leading comments stay with it (directives apply to it).
  const std::string commented = "SELECT 1;\n-- note\nFROBNICATE victim";
  auto c = split(commented);
  ASSERT_EQ(c.statements.size(), 2u);
  EXPECT_EQ(commented.substr(c.statements[1].begin), "-- note\nFROBNICATE victim");
}

TEST(SqlClassify, ANulByteIsAnErrorNotTheEndOfTheScript) {
  // libpg_query reads C strings: without this check the text after the NUL
  // would be neither parsed nor reported.
  const std::string script = std::string("SELECT 1;\0DROP TABLE victim;", 29);
  auto r = split(script);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->offset, 9);
  EXPECT_FALSE(parse(script).ok());
}

TEST(SqlClassify, EventsFollowTablesAndColumns) {
  auto e = analyze(
      "ALTER TABLE s.t ALTER COLUMN c TYPE varchar(2) USING left(c, 2), ADD COLUMN d int "
      "DEFAULT evil(), DROP COLUMN x");
  ASSERT_EQ(e.events.size(), 4u);
  EXPECT_EQ(e.events[0].kind, TableEvent::Kind::kAlterColumnType);
  EXPECT_EQ(e.events[0].table.to_string(), "s.t");
  EXPECT_EQ(e.events[0].type, "character varying(2)");
  EXPECT_EQ(e.events[0].using_kind, UsingKind::kExpression);
  EXPECT_EQ(e.events[1].kind, TableEvent::Kind::kAddColumn);
  EXPECT_EQ(e.events[2].kind, TableEvent::Kind::kEvaluates);
  EXPECT_EQ(e.events[2].call, "evil()");
  EXPECT_EQ(e.events[3].kind, TableEvent::Kind::kDropColumn);
  EXPECT_EQ(e.deletes, std::vector<std::string>{"drops column s.t.x"});
  EXPECT_EQ(analyze("ALTER TABLE t ALTER COLUMN c TYPE text USING c::text").events[0].using_kind,
            UsingKind::kCastOfColumn);
}

TEST(SqlClassify, FunctionsKnownToBeFreeOfSideEffects) {
  EXPECT_TRUE(side_effect_free_function({"lower"}));
  EXPECT_TRUE(side_effect_free_function({"pg_catalog", "now"}));
  EXPECT_FALSE(side_effect_free_function({"public", "lower"}));
  EXPECT_FALSE(side_effect_free_function({"pg_terminate_backend"}));
  EXPECT_FALSE(side_effect_free_function({"lo_unlink"}));
  EXPECT_FALSE(side_effect_free_function({"set_config"}));
  EXPECT_FALSE(side_effect_free_function({"dblink_exec"}));
}

TEST(SqlClassify, NothingUnknownIsSafe) {
  EXPECT_FALSE(analyze("this is not SQL").opaque.empty());
  EXPECT_FALSE(analyze("ALTER SYSTEM SET fsync = off").opaque.empty());
  EXPECT_FALSE(analyze("LOAD 'evil'").opaque.empty());
  EXPECT_FALSE(analyze("CREATE ROLE r SUPERUSER").opaque.empty());
  EXPECT_TRUE(analyze("CREATE TABLE t (id int DEFAULT evil())").opaque.empty());
  EXPECT_TRUE(analyze("COMMENT ON TABLE t IS 'x'").opaque.empty());
}

}  // namespace
}  // namespace reconcile::sql
