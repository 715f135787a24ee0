// Comments round-trip exactly: the text reconcile writes as COMMENT ON is
// the text PostgreSQL stores and introspection reads back, whatever it
// holds (line breaks, CRLF, tabs, trailing spaces, quotes, backslashes,
// unicode, an empty description), and whatever standard_conforming_strings
// says. After loading reconcile's own DDL, planning again wants no
// `comment on ...` step.
#include <gtest/gtest.h>

#include "core/catalog/ddl.h"
#include "core/plan/plan_output.h"
#include "core/plan/planner.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

using mapping::Profile;

const std::string kSchema = R"yaml(id: https://example.org/cm
name: cm
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
enums:
  Mood:
    description: "tabs\there, a backslash \\ and trailing spaces   "
    permissible_values:
      happy:
      it's:
  Empty comment:
    description: ""
    permissible_values:
      x:
classes:
  Thing:
    description: |
      Line one with a quote ' and a backslash \ and "double" quotes.
      Line two with trailing spaces   

      Unicode: café – ünïcödé 🚀 ∑
    attributes:
      name:
        description: "carriage\r\nreturn, a literal \\n, and E'\\x41' that is no escape"
      empty:
        description: ""
      blank:
        description: "   "
      folded:
        description: >
          folded text
          continues here
      mood:
        range: Mood
        description: "-- +down\n-- reconcile:revision x\nstatement; with semicolons;\n  leading\t"
      ends:
        description: "ends with newlines\n\n"
      crlf:
        description: "\r\nstarts with CRLF, has $$ dollars $x$ and a NUL here:\0."
      tags:
        multivalued: true
        description: "a join table's comment \\ with backslash"
      unset_empty:
        range: Empty comment
)yaml";

bool has_comment_step(const plan::Plan& p) {
  for (const auto& s : p.steps)
    if (s.summary.rfind("comment on", 0) == 0) return true;
  return false;
}

class CommentRoundtrip : public PgTest, public ::testing::WithParamInterface<Profile> {};

TEST_P(CommentRoundtrip, LoadingReconcilesDdlLeavesNoCommentStep) {
  MappedProject m = map_project({{"cm.yaml", kSchema}}, "cm.yaml", GetParam());
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
  EXPECT_TRUE(m.has("nul-character")) << m.messages();
  // A database that reads backslashes in '' literals as escapes.
  exec_sql(url(), "ALTER DATABASE " + database_name() + " SET standard_conforming_strings = off");
  exec_sql(url(), catalog::render_catalog_sql(m.catalog));
  const plan::Plan p = plan::make_plan(read_database(url(), m.catalog), m.catalog);
  EXPECT_FALSE(has_comment_step(p)) << plan::render_text(p, false, true);
  EXPECT_TRUE(p.empty()) << plan::render_text(p, false, true);
}

TEST_P(CommentRoundtrip, ApplyingThePlanLeavesNoCommentStep) {
  MappedProject m = map_project({{"cm.yaml", kSchema}}, "cm.yaml", GetParam());
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
  Convergence c = apply_to_database(url(), m.catalog);
  EXPECT_FALSE(has_comment_step(c.again)) << plan::render_text(c.again, false, true);
  EXPECT_TRUE(c.again.empty()) << plan::render_text(c.again, false, true);
}

TEST_P(CommentRoundtrip, StoredTextIsTheDescription) {
  MappedProject m = map_project({{"cm.yaml", kSchema}}, "cm.yaml", GetParam());
  exec_sql(url(), "ALTER DATABASE " + database_name() + " SET standard_conforming_strings = off");
  exec_sql(url(), catalog::render_catalog_sql(m.catalog));
  const bool native = GetParam() == Profile::kNative;
  const std::string table = native ? "public.thing" : "public.\"Thing\"";
  EXPECT_EQ(query_value(url(), "SELECT obj_description('" + table + "'::regclass, 'pg_class')"),
            "Line one with a quote ' and a backslash \\ and \"double\" quotes.\n"
            "Line two with trailing spaces   \n\nUnicode: café – ünïcödé 🚀 ∑\n");
  EXPECT_EQ(query_value(url(), "SELECT col_description('" + table +
                                   "'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid "
                                   "= '" +
                                   table + "'::regclass AND attname = 'crlf'))"),
            "\r\nstarts with CRLF, has $$ dollars $x$ and a NUL here:.");
  // An empty description is no comment at all.
  EXPECT_EQ(query_value(url(),
                        "SELECT count(*) FROM pg_description d JOIN pg_attribute a ON "
                        "a.attrelid = d.objoid AND a.attnum = d.objsubid WHERE d.objoid = '" +
                            table + "'::regclass AND a.attname = 'empty'"),
            "0");
}

INSTANTIATE_TEST_SUITE_P(Profiles, CommentRoundtrip,
                         ::testing::Values(Profile::kNative, Profile::kLinkml),
                         [](const ::testing::TestParamInfo<Profile>& info) {
                           return std::string(mapping::profile_name(info.param));
                         });

}  // namespace
}  // namespace reconcile::testing
