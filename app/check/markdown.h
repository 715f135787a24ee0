// `reconcile check --format markdown`: the report as Markdown for a pull
// request comment or a CI job summary: a summary line, one table row per
// check (passed, findings, or skipped with the reason), the findings with
// where and how to fix them, and the SQL that would fix a finding in a
// fenced block.
//
// Guarantees: deterministic for a sorted report; cells and fences are escaped
// as in core/plan/plan_markdown.h.
#pragma once

#include <string>

#include "app/check/finding.h"

namespace reconcile::check {

std::string render_markdown(const Report& report);

}  // namespace reconcile::check
