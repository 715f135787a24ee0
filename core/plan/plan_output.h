// Printing a plan for people and programs; shared by `diff`, `plan` and
// `revision`.
//
//  * text: numbered steps, one summary line each, hazards in brackets (and,
//    with show_sql, the up SQL indented below); "No changes." when empty.
//  * sql:  the up SQL, statements separated by ";\n"; steps that must run
//    outside a transaction are preceded by a comment saying so.
//  * json: {"steps":[{"summary","up","down","hazards","objects","transactional"}],
//           "hazards":[...all, sorted...], "changes": n}
// Output is deterministic and ends with a newline.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/plan/plan.h"

namespace reconcile::plan {

enum class OutputFormat { kText, kSql, kJson };

// "text", "sql" or "json"; throws UsageError for anything else.
OutputFormat parse_output_format(const std::string& name);

nlohmann::json plan_to_json(const Plan& p);
std::string render_text(const Plan& p, bool color = false, bool show_sql = false);
std::string render_sql(const Plan& p);
std::string render_plan(const Plan& p, OutputFormat f, bool color = false, bool show_sql = false);

}  // namespace reconcile::plan
