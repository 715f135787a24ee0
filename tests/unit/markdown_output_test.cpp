// `--format markdown` of plan/diff (core/plan/plan_markdown.h) and check
// (app/check/markdown.h): the pieces of a pull-request comment (summary,
// hazards table, steps, SQL in a fence) and the escaping that keeps hostile
// text inside its cell or code block.
#include <gtest/gtest.h>

#include <string>

#include "app/check/finding.h"
#include "app/check/markdown.h"
#include "core/plan/plan.h"
#include "core/plan/plan_markdown.h"

namespace reconcile {
namespace {

plan::Plan sample_plan() {
  plan::Plan p;
  plan::Step add;
  add.summary = "add column public.person.age integer";
  add.up = {"ALTER TABLE public.person ADD COLUMN age integer"};
  p.steps.push_back(add);
  plan::Step drop;
  drop.summary = "drop column public.person.nick";
  drop.up = {"ALTER TABLE public.person DROP COLUMN nick"};
  drop.hazards = {plan::Hazard::kDeletesData, plan::Hazard::kNotReversible};
  p.steps.push_back(drop);
  plan::Step index;
  index.summary = "create index person_age_idx | on public.person";
  index.up = {"CREATE INDEX CONCURRENTLY IF NOT EXISTS person_age_idx ON public.person (age)"};
  index.transactional = false;
  index.hazards = {plan::Hazard::kIndexBuild};
  p.steps.push_back(index);
  return p;
}

TEST(PlanMarkdown, SummaryHazardsStepsAndSql) {
  const std::string md = plan::render_plan_markdown(sample_plan());
  EXPECT_EQ(md,
            "### reconcile plan\n\n"
            "**3 steps**, 2 with hazards.\n\n"
            "| hazard | step | change |\n|---|---|---|\n"
            "| `DELETES_DATA` | 2 | drop column public.person.nick |\n"
            "| `NOT_REVERSIBLE` | 2 | drop column public.person.nick |\n"
            "| `INDEX_BUILD` | 3 | create index person_age_idx \\| on public.person |\n\n"
            "1. add column public.person.age integer\n"
            "2. drop column public.person.nick\n"
            "3. create index person_age_idx \\| on public.person\n\n"
            "<details><summary>SQL</summary>\n\n"
            "```sql\n"
            "ALTER TABLE public.person ADD COLUMN age integer;\n"
            "ALTER TABLE public.person DROP COLUMN nick;\n"
            "-- run outside a transaction: create index person_age_idx | on public.person\n"
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_age_idx ON public.person (age);\n"
            "```\n\n"
            "</details>\n");
}

TEST(PlanMarkdown, EmptyPlanAndNotCompared) {
  plan::Plan p;
  p.not_compared = {"view public.v"};
  EXPECT_EQ(plan::render_plan_markdown(p, "reconcile diff"),
            "### reconcile diff\n\nNo changes.\n\nNot compared (reconcile does not manage these "
            "kinds of object yet): `view public.v`\n");
}

TEST(PlanMarkdown, BackticksInSqlCannotCloseTheFence) {
  EXPECT_EQ(plan::markdown_fence("SELECT '```' ;", "sql"), "````sql\nSELECT '```' ;\n````\n");
  EXPECT_EQ(plan::markdown_fence("x\n", ""), "```\nx\n```\n");
  EXPECT_EQ(plan::markdown_cell("a|b\nc"), "a\\|b c");
}

TEST(CheckMarkdown, ChecksTableFindingsAndSql) {
  check::Report r = check::Report::with_all_skipped("needs --database");
  for (auto c : check::all_codes())
    if (!check::needs_database(c)) r.mark_ran(c);
  check::Finding pending;
  pending.code = check::Code::kPendingChanges;
  pending.message = "the LinkML schema has 1 change | without a revision";
  pending.where = {"schema.yaml", 3, 0};
  pending.hint = "run `reconcile revision -m \"...\"`";
  pending.sql = "ALTER TABLE public.person ADD COLUMN age integer;\n";
  r.add(pending);
  r.sort();
  const std::string md = check::render_markdown(r);
  EXPECT_EQ(md.rfind("### reconcile check\n\n**1 finding** (1 error, 0 warnings).\n\n", 0), 0u)
      << md;
  EXPECT_NE(md.find("| `PENDING_CHANGES` | 1 finding |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `MULTIPLE_HEADS` | passed |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `DRIFT` | skipped: needs --database |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| error | `PENDING_CHANGES` | `schema.yaml:3` | the LinkML schema has 1 "
                    "change \\| without a revision Hint: run `reconcile revision -m \"...\"` |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("```sql\nALTER TABLE public.person ADD COLUMN age integer;\n```\n"),
            std::string::npos)
      << md;
}

TEST(CheckMarkdown, CleanReport) {
  check::Report r = check::Report::with_all_skipped("needs --database");
  for (auto c : check::all_codes())
    if (!check::needs_database(c)) r.mark_ran(c);
  const std::string md = check::render_markdown(r);
  EXPECT_EQ(md.rfind("### reconcile check\n\nNo findings.\n\n| check | result |\n", 0), 0u) << md;
  EXPECT_EQ(md.find("| severity |"), std::string::npos) << md;
}

}  // namespace
}  // namespace reconcile
