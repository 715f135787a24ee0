// Output formats of `reconcile check`: text, JSON, GitHub workflow commands
// and JUnit XML. Each renderer is a pure function of a Report (sort it first)
// and returns the whole text to print on stdout.
//
// Guarantees:
//  * Deterministic: the same report gives the same bytes.
//  * JSON follows the documented, versioned schema (docs/json-output.md);
//    kJsonSchemaVersion changes only when a field changes meaning or is removed.
//  * GitHub output is one workflow command per finding
//    (`::error file=F,line=L,title=CODE::message`), with data escaped per
//    GitHub's rules (% → %25, CR → %0D, LF → %0A) and properties escaped as
//    well for ':' → %3A and ',' → %2C, so no message can break out of its
//    annotation or start another command.
//  * JUnit output is well-formed XML: one testcase per check kind, one
//    <failure> per finding, <skipped> for checks that did not run; text is
//    escaped and characters XML cannot hold are replaced.
#pragma once

#include <string>

#include "app/check/finding.h"

namespace reconcile::check {

inline constexpr int kJsonSchemaVersion = 1;

enum class Format { kText, kJson, kGithub, kJunit };
// "text", "json", "github", "junit"; throws UsageError for anything else.
Format parse_format(const std::string& name);

struct TextOptions {
  bool color = false;  // ANSI colours (the CLI decides: terminal, --no-color, NO_COLOR)
};

std::string render_text(const Report& report, const TextOptions& options = {});
std::string render_json(const Report& report);
std::string render_github(const Report& report);
std::string render_junit(const Report& report);
std::string render(const Report& report, Format format, const TextOptions& text_options = {});

// GitHub workflow-command escaping (the rules of @actions/core).
std::string github_escape_data(const std::string& s);
std::string github_escape_property(const std::string& s);

// XML text/attribute escaping: & < > " ' become entities; control characters
// that XML 1.0 cannot hold (other than tab, LF, CR) become U+FFFD; CR and LF in
// attributes become character references so they survive parsing.
std::string xml_escape(const std::string& s, bool attribute);

}  // namespace reconcile::check
