// The output formats of `reconcile check`: the finding model, text, JSON,
// GitHub workflow commands (checked against the workflow-command format with
// hostile messages) and JUnit XML.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/check/finding.h"
#include "app/check/output.h"
#include "support/ci_rules.h"

namespace rc = reconcile::check;

namespace {

rc::Finding make_finding(rc::Code code, const std::string& message, const std::string& file = "",
                         int line = 0, const std::string& hint = "",
                         rc::Severity severity = rc::Severity::kError) {
  rc::Finding f;
  f.code = code;
  f.message = message;
  f.where = {file, line, 0};
  f.hint = hint;
  f.severity = severity;
  return f;
}

rc::Report sample_report() {
  rc::Report r = rc::Report::with_all_skipped("needs --database");
  for (auto c : rc::all_codes()) {
    if (!rc::needs_database(c)) r.mark_ran(c);
  }
  rc::Finding pending;
  pending.code = rc::Code::kPendingChanges;
  pending.message = "the LinkML schema has 1 change without a revision";
  pending.where = {"schema.yaml", 0, 0};
  pending.hint = "run `reconcile revision -m \"...\"`";
  pending.objects = {"public.person.age", "public.person"};
  pending.sql = "ALTER TABLE public.person ADD COLUMN age integer;\n";
  r.add(pending);
  rc::Finding sum;
  sum.code = rc::Code::kChecksumMismatch;
  sum.message = "revision 20260101T000000Z_init was edited after it was generated";
  sum.where = {"migrations/20260101T000000Z_init.sql", 5, 0};
  sum.revision = "20260101T000000Z_init";
  sum.hint = "restore the file";
  r.add(sum);
  r.sort();
  return r;
}

// Undoes GitHub's escaping (the inverse of the rules in the workflow-command
// documentation), written independently of the code under test.
std::string gh_unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      std::string code = s.substr(i + 1, 2);
      if (code == "25")
        out += '%';
      else if (code == "0D")
        out += '\r';
      else if (code == "0A")
        out += '\n';
      else if (code == "3A")
        out += ':';
      else if (code == "2C")
        out += ',';
      else
        ADD_FAILURE() << "unexpected escape %" << code << " in " << s;
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct ParsedCommand {
  std::string command;
  std::vector<std::pair<std::string, std::string>> props;
  std::string data;
};

// Parses `::cmd k=v,k=v::data` the way the runner does: properties end at the
// first "::", are split on ',' and then on the first '='.
bool parse_command(const std::string& line, ParsedCommand& out) {
  if (line.rfind("::", 0) != 0) return false;
  size_t end = line.find("::", 2);
  if (end == std::string::npos) return false;
  std::string head = line.substr(2, end - 2);
  out.data = line.substr(end + 2);
  size_t sp = head.find(' ');
  out.command = head.substr(0, sp);
  if (sp == std::string::npos) return true;
  std::string props = head.substr(sp + 1);
  size_t start = 0;
  while (start <= props.size()) {
    size_t comma = props.find(',', start);
    std::string kv =
        props.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t eq = kv.find('=');
    if (eq == std::string::npos) return false;
    out.props.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

TEST(CheckFinding, CodeNamesAreStableAndRoundTrip) {
  EXPECT_STREQ(rc::code_name(rc::Code::kPendingChanges), "PENDING_CHANGES");
  EXPECT_STREQ(rc::code_name(rc::Code::kMultipleHeads), "MULTIPLE_HEADS");
  EXPECT_STREQ(rc::code_name(rc::Code::kInvalidRevision), "INVALID_REVISION");
  EXPECT_STREQ(rc::code_name(rc::Code::kChecksumMismatch), "CHECKSUM_MISMATCH");
  EXPECT_STREQ(rc::code_name(rc::Code::kReplayMismatch), "REPLAY_MISMATCH");
  EXPECT_STREQ(rc::code_name(rc::Code::kUnapplied), "UNAPPLIED");
  EXPECT_STREQ(rc::code_name(rc::Code::kUnknownRevision), "UNKNOWN_REVISION");
  EXPECT_STREQ(rc::code_name(rc::Code::kDrift), "DRIFT");
  EXPECT_EQ(rc::all_codes().size(), 8u);
  for (auto c : rc::all_codes()) EXPECT_EQ(rc::code_from_name(rc::code_name(c)), c);
  EXPECT_FALSE(rc::code_from_name("NOPE").has_value());
}

TEST(CheckFinding, ExitCodeIsZeroWhenCleanAndTwoWithFindings) {
  rc::Report r = rc::Report::with_all_skipped("x");
  EXPECT_EQ(r.exit_code(), 0);
  r.add(rc::Finding{});
  EXPECT_EQ(r.exit_code(), 2);
}

TEST(CheckFinding, SortOrdersByCodeThenFileThenLine) {
  rc::Report r;
  rc::Finding a = make_finding(rc::Code::kDrift, "d");
  rc::Finding b = make_finding(rc::Code::kInvalidRevision, "b", "z.sql", 1);
  rc::Finding c = make_finding(rc::Code::kInvalidRevision, "c", "a.sql", 9);
  rc::Finding d = make_finding(rc::Code::kInvalidRevision, "e", "a.sql", 2);
  r.add({a, b, c, d});
  r.sort();
  ASSERT_EQ(r.findings.size(), 4u);
  EXPECT_EQ(r.findings[0].message, "e");
  EXPECT_EQ(r.findings[1].message, "c");
  EXPECT_EQ(r.findings[2].message, "b");
  EXPECT_EQ(r.findings[3].message, "d");
}

TEST(CheckOutput, GithubSimpleFindingMatchesWorkflowCommandSyntax) {
  rc::Report r;
  r.mark_ran(rc::Code::kChecksumMismatch);
  r.add(make_finding(rc::Code::kChecksumMismatch, "edited", "m/a.sql", 5));
  std::string out = rc::render_github(r);
  EXPECT_EQ(lines_of(out)[0], "::error file=m/a.sql,line=5,title=CHECKSUM_MISMATCH::edited");
}

TEST(CheckOutput, GithubWarningWithoutFileHasNoFileProperty) {
  rc::Report r;
  r.add(make_finding(rc::Code::kUnapplied, "2 revisions are not applied", "", 0, "",
                     rc::Severity::kWarning));
  EXPECT_EQ(lines_of(rc::render_github(r))[0],
            "::warning title=UNAPPLIED::2 revisions are not applied");
}

TEST(CheckOutput, GithubEscapingRules) {
  EXPECT_EQ(rc::github_escape_data("100%\r\nx: a,b"), "100%25%0D%0Ax: a,b");
  EXPECT_EQ(rc::github_escape_property("a:b,c%d\ne\r"), "a%3Ab%2Cc%25d%0Ae%0D");
  // Escaping % first: an existing "%0A" in a message must stay literal.
  EXPECT_EQ(rc::github_escape_data("%0A"), "%250A");
}

TEST(CheckOutput, GithubHostileMessagesCannotBreakOutOfTheirAnnotation) {
  const std::string hostile_message =
      "line one\nline two\r\n::error::injected, with: colons, commas and 100% %0A literal";
  const std::string hostile_file = "migrations/we,ird:name%20.sql";
  rc::Report r;
  r.mark_ran(rc::Code::kInvalidRevision);
  r.add(make_finding(rc::Code::kInvalidRevision, hostile_message, hostile_file, 12,
                     "fix it: now, please"));
  r.add(make_finding(rc::Code::kInvalidRevision, "second", "b.sql", 1));
  r.sort();
  std::string out = rc::render_github(r);
  auto lines = lines_of(out);
  // Two commands and one plain summary line: no message produced extra lines.
  ASSERT_EQ(lines.size(), 3u) << out;
  int commands = 0;
  for (const auto& line : lines) {
    if (line.rfind("::", 0) == 0) ++commands;
    EXPECT_EQ(line.find('\r'), std::string::npos);
  }
  EXPECT_EQ(commands, 2);

  ParsedCommand cmd;
  // The findings are sorted by file: b.sql first.
  ASSERT_TRUE(parse_command(lines[1], cmd)) << lines[1];
  EXPECT_EQ(cmd.command, "error");
  ASSERT_EQ(cmd.props.size(), 3u);
  EXPECT_EQ(cmd.props[0].first, "file");
  EXPECT_EQ(gh_unescape(cmd.props[0].second), hostile_file);
  EXPECT_EQ(cmd.props[1].first, "line");
  EXPECT_EQ(cmd.props[1].second, "12");
  EXPECT_EQ(cmd.props[2].first, "title");
  EXPECT_EQ(cmd.props[2].second, "INVALID_REVISION");
  // The data holds no "::" sequence that could end the command early except
  // the injected text, which stays data because the runner splits at the first "::".
  std::string data = gh_unescape(cmd.data);
  EXPECT_EQ(data.rfind(hostile_message, 0), 0u) << data;
  EXPECT_NE(data.find("\nhint: fix it: now, please"), std::string::npos);
  // Raw property values contain no separators.
  EXPECT_EQ(cmd.props[0].second.find(','), std::string::npos);
  EXPECT_EQ(cmd.props[0].second.find(':'), std::string::npos);
}

TEST(CheckOutput, GithubCleanReportHasNoCommands) {
  rc::Report r = rc::Report::with_all_skipped("x");
  EXPECT_EQ(rc::render_github(r), "reconcile check: clean\n");
}

TEST(CheckOutput, JsonFollowsTheDocumentedSchema) {
  auto doc = nlohmann::json::parse(rc::render_json(sample_report()));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["tool"], "reconcile");
  EXPECT_EQ(doc["command"], "check");
  EXPECT_EQ(doc["status"], "findings");
  EXPECT_EQ(doc["exit_code"], 2);
  EXPECT_EQ(doc["summary"]["findings"], 2);
  EXPECT_EQ(doc["summary"]["errors"], 2);
  EXPECT_EQ(doc["summary"]["warnings"], 0);
  ASSERT_EQ(doc["checks"].size(), 8u);
  EXPECT_EQ(doc["checks"][0]["code"], "INVALID_REVISION");
  EXPECT_EQ(doc["checks"][0]["ran"], true);
  EXPECT_TRUE(doc["checks"][0]["skipped_reason"].is_null());
  EXPECT_EQ(doc["checks"][7]["code"], "DRIFT");
  EXPECT_EQ(doc["checks"][7]["ran"], false);
  EXPECT_EQ(doc["checks"][7]["skipped_reason"], "needs --database");
  ASSERT_EQ(doc["findings"].size(), 2u);
  const auto& f0 = doc["findings"][0];
  EXPECT_EQ(f0["code"], "CHECKSUM_MISMATCH");
  EXPECT_EQ(f0["severity"], "error");
  EXPECT_EQ(f0["file"], "migrations/20260101T000000Z_init.sql");
  EXPECT_EQ(f0["line"], 5);
  EXPECT_EQ(f0["revision"], "20260101T000000Z_init");
  EXPECT_EQ(f0["hint"], "restore the file");
  EXPECT_TRUE(f0["sql"].is_null());
  const auto& f1 = doc["findings"][1];
  EXPECT_EQ(f1["code"], "PENDING_CHANGES");
  EXPECT_TRUE(f1["line"].is_null());
  EXPECT_TRUE(f1["revision"].is_null());
  EXPECT_EQ(f1["objects"], nlohmann::json::array({"public.person", "public.person.age"}));
  EXPECT_EQ(f1["sql"], "ALTER TABLE public.person ADD COLUMN age integer;\n");
  EXPECT_TRUE(f1["details"].is_array());
}

TEST(CheckOutput, JsonCleanReport) {
  auto doc = nlohmann::json::parse(rc::render_json(rc::Report::with_all_skipped("x")));
  EXPECT_EQ(doc["status"], "clean");
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_TRUE(doc["findings"].empty());
}

TEST(CheckOutput, JsonSurvivesInvalidUtf8) {
  rc::Report r;
  r.add(make_finding(rc::Code::kDrift, std::string("bad \xff\xfe byte")));
  auto doc = nlohmann::json::parse(rc::render_json(r));
  EXPECT_EQ(doc["findings"].size(), 1u);
}

TEST(CheckOutput, TextWithoutColourHasNoEscapes) {
  std::string out = rc::render_text(sample_report(), {.color = false});
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("migrations/20260101T000000Z_init.sql:5: error[CHECKSUM_MISMATCH]: "
                     "revision 20260101T000000Z_init was edited after it was generated"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("schema.yaml: error[PENDING_CHANGES]:"), std::string::npos);
  EXPECT_NE(out.find("      ALTER TABLE public.person ADD COLUMN age integer;"), std::string::npos);
  EXPECT_NE(out.find("objects: public.person, public.person.age"), std::string::npos);
  EXPECT_NE(out.find("skipped DRIFT (needs --database)"), std::string::npos);
  EXPECT_NE(out.find("2 findings (2 errors, 0 warnings); 5 checks ran, 3 skipped"),
            std::string::npos)
      << out;
}

TEST(CheckOutput, TextWithColourUsesAnsiEscapes) {
  std::string out = rc::render_text(sample_report(), {.color = true});
  EXPECT_NE(out.find("\x1b[1;31merror\x1b[0m"), std::string::npos);
}

TEST(CheckOutput, TextCleanReport) {
  rc::Report r = rc::Report::with_all_skipped("needs --database");
  r.mark_ran(rc::Code::kMultipleHeads);
  std::string out = rc::render_text(r);
  EXPECT_NE(out.find("ok      MULTIPLE_HEADS"), std::string::npos) << out;
  EXPECT_NE(out.find("clean: 1 check ran, 7 skipped, no findings"), std::string::npos) << out;
}

TEST(CheckOutput, ParseFormat) {
  EXPECT_EQ(rc::parse_format("text"), rc::Format::kText);
  EXPECT_EQ(rc::parse_format("json"), rc::Format::kJson);
  EXPECT_EQ(rc::parse_format("github"), rc::Format::kGithub);
  EXPECT_EQ(rc::parse_format("junit"), rc::Format::kJunit);
  EXPECT_THROW(rc::parse_format("mermaid"), reconcile::UsageError);
}

TEST(CheckOutput, XmlEscape) {
  EXPECT_EQ(rc::xml_escape("a<b>&\"'", false), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(rc::xml_escape("a\nb", true), "a&#10;b");
  EXPECT_EQ(rc::xml_escape("a\nb", false), "a\nb");
  // A control character XML 1.0 cannot hold, and an invalid UTF-8 byte.
  EXPECT_EQ(rc::xml_escape(std::string("x\x01y"), false), "x\xEF\xBF\xBDy");
  EXPECT_EQ(rc::xml_escape(std::string("x\xffy"), false), "x\xEF\xBF\xBDy");
  // Valid multi-byte UTF-8 is kept.
  EXPECT_EQ(rc::xml_escape("caf\xC3\xA9 \xE2\x9C\x93", false), "caf\xC3\xA9 \xE2\x9C\x93");
}

TEST(CheckOutput, JunitHasOneTestcasePerCheckAndOneFailurePerFinding) {
  rc::Report r = sample_report();
  r.add(make_finding(rc::Code::kPendingChanges, "<script> & \"quotes\" ]]> \x02", "s.yaml", 3));
  r.sort();
  std::string xml = rc::render_junit(r);
  auto count = [&](const std::string& needle) {
    size_t n = 0, pos = 0;
    while ((pos = xml.find(needle, pos)) != std::string::npos) {
      ++n;
      pos += needle.size();
    }
    return n;
  };
  EXPECT_EQ(count("<testcase "), 8u);
  EXPECT_EQ(count("<failure "), 3u);
  EXPECT_EQ(count("<skipped "), 3u);
  EXPECT_NE(xml.find("tests=\"8\" failures=\"2\" errors=\"0\" skipped=\"3\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("&lt;script&gt; &amp; &quot;quotes&quot; ]]&gt; \xEF\xBF\xBD"),
            std::string::npos);
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find('\x02'), std::string::npos);

  // Well-formedness, checked by a real XML parser when one is installed.
  if (!reconcile::testing::require_tool("xmllint", "libxml2-utils")) return;
  char path[] = "/tmp/reconcile-junit-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  {
    std::ofstream f(path);
    f << xml;
  }
  int rc_code = std::system((std::string("xmllint --noout ") + path + " 2>/dev/null").c_str());
  std::remove(path);
  EXPECT_EQ(rc_code, 0) << xml;
}
