// The Mermaid ER diagrams of `sql`/`plan`/`diff --format mermaid`
// (core/catalog/mermaid.h, core/plan/plan_mermaid.h): the text follows
// Mermaid's erDiagram grammar (tests/support/mermaid_grammar.h) whatever the
// names and types; keys and foreign keys are drawn as documented; a plan's
// added, changed and dropped tables and columns are marked.
#include <gtest/gtest.h>

#include <string>

#include "core/catalog/catalog.h"
#include "core/catalog/mermaid.h"
#include "core/plan/plan_mermaid.h"
#include "core/plan/planner.h"
#include "support/mermaid_grammar.h"

namespace reconcile {
namespace {

using catalog::Column;
using catalog::Table;
using reconcile::testing::mermaid_er_errors;

Column col(const std::string& name, const std::string& type, bool not_null = true) {
  Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  return c;
}

catalog::Catalog biobank() {
  catalog::Catalog c;
  catalog::Schema& s = c.schemas["public"];
  s.name = "public";
  Table person;
  person.name = "person";
  person.columns = {col("id", "integer"), col("name", "character varying(20)", false),
                    col("born", "timestamp with time zone", false)};
  person.primary_key = catalog::PrimaryKey{"person_pkey", {"id"}};
  person.uniques.push_back({"person_name_key", {"name"}});
  s.tables["person"] = person;
  Table sample;
  sample.name = "sample";
  sample.columns = {col("id", "bigint"), col("person_id", "integer"),
                    col("donor_id", "integer", false), col("weight", "numeric(10,2)", false)};
  sample.primary_key = catalog::PrimaryKey{"sample_pkey", {"id"}};
  catalog::ForeignKey to_person;
  to_person.name = "sample_person_id_fkey";
  to_person.columns = {"person_id"};
  to_person.ref_schema = "public";
  to_person.ref_table = "person";
  to_person.ref_columns = {"id"};
  catalog::ForeignKey to_donor = to_person;
  to_donor.name = "sample_donor_id_fkey";
  to_donor.columns = {"donor_id"};
  sample.foreign_keys = {to_donor, to_person};
  s.tables["sample"] = sample;
  // One-to-one, identifying: the key is the primary key.
  Table passport;
  passport.name = "passport";
  passport.columns = {col("person_id", "integer"), col("number", "text")};
  passport.primary_key = catalog::PrimaryKey{"passport_pkey", {"person_id"}};
  catalog::ForeignKey owner = to_person;
  owner.name = "passport_person_id_fkey";
  owner.columns = {"person_id"};
  passport.foreign_keys = {owner};
  s.tables["passport"] = passport;
  c.normalize();
  return c;
}

TEST(MermaidEr, DrawsTablesKeysAndForeignKeys) {
  const std::string d = catalog::render_er_diagram(biobank());
  EXPECT_EQ(mermaid_er_errors(d), "") << d;
  EXPECT_EQ(d,
            "erDiagram\n"
            "  passport {\n"
            "    integer person_id PK, FK\n"
            "    text number\n"
            "  }\n"
            "  person {\n"
            "    integer id PK\n"
            "    character_varying(20) name UK \"null\"\n"
            "    timestamp_with_time_zone born \"null\"\n"
            "  }\n"
            "  sample {\n"
            "    bigint id PK\n"
            "    integer person_id FK\n"
            "    integer donor_id FK \"null\"\n"
            "    numeric(10_2) weight \"null\"\n"
            "  }\n"
            "  person ||--o| passport : \"person_id\"\n"
            "  person |o..o{ sample : \"donor_id\"\n"
            "  person ||..o{ sample : \"person_id\"\n");
}

TEST(MermaidEr, AnyNameGivesValidText) {
  catalog::Catalog c;
  for (const std::string schema : {"public", "Other Schema"}) {
    catalog::Schema& s = c.schemas[schema];
    s.name = schema;
    Table t;
    t.name = "2 weird \"table\".{x}";
    t.columns = {col("1st col", "public.\"GenderType\""), col("a|b\"c", "text[]", false),
                 col("é", "double precision")};
    t.primary_key = catalog::PrimaryKey{"k", {"1st col"}};
    catalog::ForeignKey fk;
    fk.name = "fk";
    fk.columns = {"a|b\"c"};
    fk.ref_schema = "elsewhere";
    fk.ref_table = "x y";
    fk.ref_columns = {"id"};
    t.foreign_keys = {fk};
    t.comment = "a \"comment\"";
    s.tables[t.name] = t;
    Table u = t;
    u.name = "2 weird table.{x}";  // the same id once reduced: made unique
    s.tables[u.name] = u;
  }
  c.normalize();
  catalog::ErMarks marks;
  for (const auto& [sn, s] : c.schemas)
    for (const auto& [tn, t] : s.tables) marks.tables[sn + "." + tn] = catalog::ErMark::kChanged;
  const std::string d = catalog::render_er_diagram(c, marks);
  EXPECT_EQ(mermaid_er_errors(d), "") << d;
  // Four tables, four distinct entities.
  size_t blocks = 0;
  for (size_t at = d.find(" {\n"); at != std::string::npos; at = d.find(" {\n", at + 1)) ++blocks;
  EXPECT_EQ(blocks, 4u) << d;
  EXPECT_NE(d.find("class "), std::string::npos) << d;
}

TEST(MermaidEr, PlanMarksAddedChangedAndDroppedObjects) {
  catalog::Catalog from = biobank();
  catalog::Catalog to = biobank();
  auto& tables = to.schemas["public"].tables;
  tables.erase("passport");  // dropped
  Table visit;
  visit.name = "visit";
  visit.columns = {col("id", "integer")};
  visit.primary_key = catalog::PrimaryKey{"visit_pkey", {"id"}};
  tables["visit"] = visit;  // added
  Table& person = tables["person"];
  person.columns.erase(person.columns.begin() + 2);       // born dropped
  person.columns.push_back(col("email", "text", false));  // added
  person.columns[1].type = "text";                        // name changed
  to.normalize();

  const plan::Plan p = plan::make_plan(from, to, {});
  ASSERT_FALSE(p.empty());
  const std::string d = plan::render_plan_mermaid(p, from, to);
  EXPECT_EQ(mermaid_er_errors(d), "") << d;
  EXPECT_EQ(d.rfind("erDiagram\n  %% plan: ", 0), 0u) << d;
  EXPECT_NE(d.find("DELETES_DATA"), std::string::npos) << d;
  EXPECT_NE(d.find("    text name UK \"changed, null\"\n"), std::string::npos) << d;
  EXPECT_NE(d.find("    text email \"added, null\"\n"), std::string::npos) << d;
  EXPECT_NE(d.find("    timestamp_with_time_zone born \"dropped, null\"\n"), std::string::npos)
      << d;
  EXPECT_NE(d.find("  passport {\n"), std::string::npos) << "dropped table still drawn\n" << d;
  EXPECT_NE(d.find("  class visit added\n"), std::string::npos) << d;
  EXPECT_NE(d.find("  class person changed\n"), std::string::npos) << d;
  EXPECT_NE(d.find("  class passport dropped\n"), std::string::npos) << d;
  EXPECT_EQ(d.find("class sample"), std::string::npos) << "sample did not change\n" << d;
}

TEST(MermaidEr, EmptyPlanHasNoMarks) {
  const catalog::Catalog c = biobank();
  const std::string d = plan::render_plan_mermaid(plan::make_plan(c, c, {}), c, c);
  EXPECT_EQ(mermaid_er_errors(d), "") << d;
  EXPECT_NE(d.find("%% plan: 0 steps\n"), std::string::npos) << d;
  EXPECT_EQ(d.find("classDef"), std::string::npos) << d;
}

TEST(MermaidGrammarCheck, RejectsWhatMermaidRejects) {
  // The checker itself: each of these is refused by Mermaid's parser.
  EXPECT_NE(mermaid_er_errors("graph TD\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a {\n    integer\n  }\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a {\n    character varying x\n  }\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a.b {\n    int x\n  }\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a ||--o{ b : has a\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a {\n    int x \"say \"hi\"\"\n  }\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  a {\n    int x\n"), "");
  EXPECT_NE(mermaid_er_errors("erDiagram\n  class z added\n"), "");
  EXPECT_EQ(mermaid_er_errors("erDiagram\n  a {\n    int x PK, FK \"c\"\n  }\n  a ||--o{ b : "
                              "\"x\"\n  classDef added fill:#fff\n  class a added\n"),
            "");
}

}  // namespace
}  // namespace reconcile
