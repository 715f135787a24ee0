// A plan as Markdown, for a pull-request comment (`plan`/`diff --format
// markdown`): a summary line, a table of the steps that carry hazards, the
// steps, and the SQL in a fenced block.
//
// Guarantees: deterministic; table cells cannot break the table (`|` and line
// breaks escaped); the SQL fence is longer than any run of backticks in the
// SQL, so no statement can end the block.
#pragma once

#include <string>

#include "core/plan/plan.h"

namespace reconcile::plan {

std::string render_plan_markdown(const Plan& p, const std::string& title = "reconcile plan");

// Markdown helpers shared with other Markdown renderers.
// `text` safe in a table cell: '|' escaped, line breaks as spaces.
std::string markdown_cell(const std::string& text);
// `body` in a fenced code block of language `lang`, the fence longer than any
// backtick run in `body`; ends with a newline.
std::string markdown_fence(const std::string& body, const std::string& lang);

}  // namespace reconcile::plan
