#include "app/check/output.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "util/error.h"
#include "util/strings.h"

namespace reconcile::check {

Format parse_format(const std::string& name) {
  if (name == "text" || name.empty()) return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "github") return Format::kGithub;
  if (name == "junit") return Format::kJunit;
  throw UsageError("check cannot write --format " + name, "use one of: text, json, github, junit");
}

// ---------------------------------------------------------------------------
// text

namespace {

struct Palette {
  bool on = false;
  std::string wrap(const char* code, const std::string& s) const {
    if (!on) return s;
    return std::string("\x1b[") + code + "m" + s + "\x1b[0m";
  }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string red(const std::string& s) const { return wrap("1;31", s); }
  std::string yellow(const std::string& s) const { return wrap("1;33", s); }
  std::string green(const std::string& s) const { return wrap("32", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }
  std::string cyan(const std::string& s) const { return wrap("36", s); }
};

using util::join;

// Lines of `text`, without a trailing empty line.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string render_text(const Report& report, const TextOptions& options) {
  Palette p{options.color};
  std::ostringstream out;
  for (const auto& f : report.findings) {
    std::string head;
    if (f.where.known()) head = p.bold(f.where.to_string()) + ": ";
    std::string sev = f.severity == Severity::kError ? p.red("error") : p.yellow("warning");
    out << head << sev << "[" << p.bold(code_name(f.code)) << "]: " << f.message << "\n";
    if (!f.revision.empty()) out << "    revision: " << f.revision << "\n";
    for (const auto& d : f.details) out << "    " << d << "\n";
    if (!f.objects.empty()) out << "    objects: " << join(f.objects, ", ") << "\n";
    if (!f.sql.empty()) {
      out << "    SQL:\n";
      for (const auto& line : split_lines(f.sql)) out << "      " << p.cyan(line) << "\n";
    }
    if (!f.hint.empty()) out << "    " << p.green("hint") << ": " << f.hint << "\n";
    out << "\n";
  }

  out << "checks:\n";
  int ran = 0, skipped = 0;
  for (const auto& c : report.checks) {
    size_t n = report.of(c.code).size();
    std::string label;
    if (!c.ran) {
      ++skipped;
      label = p.dim("skipped");
    } else {
      ++ran;
      label = n == 0 ? p.green("ok     ") : p.red("FAILED ");
    }
    out << "  " << label << " " << code_name(c.code);
    if (!c.ran && !c.skipped_reason.empty()) out << p.dim(" (" + c.skipped_reason + ")");
    if (c.ran && n > 0) out << " (" << plural(static_cast<int>(n), "finding", "findings") << ")";
    out << "\n";
  }

  int errors = report.count(Severity::kError);
  int warnings = report.count(Severity::kWarning);
  std::string counts = plural(ran, "check", "checks") + " ran";
  if (skipped) counts += ", " + std::to_string(skipped) + " skipped";
  if (report.clean()) {
    out << p.green("clean") << ": " << counts << ", no findings\n";
  } else {
    out << p.red(plural(static_cast<int>(report.findings.size()), "finding", "findings")) << " ("
        << plural(errors, "error", "errors") << ", " << plural(warnings, "warning", "warnings")
        << "); " << counts << "\n";
  }
  return out.str();
}

// ---------------------------------------------------------------------------
// JSON

std::string render_json(const Report& report) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["version"] = kJsonSchemaVersion;
  doc["tool"] = "reconcile";
  doc["command"] = "check";
  doc["status"] = report.clean() ? "clean" : "findings";
  doc["exit_code"] = report.exit_code();
  ordered_json summary;
  summary["findings"] = report.findings.size();
  summary["errors"] = report.count(Severity::kError);
  summary["warnings"] = report.count(Severity::kWarning);
  doc["summary"] = summary;
  ordered_json checks = ordered_json::array();
  for (const auto& c : report.checks) {
    ordered_json j;
    j["code"] = code_name(c.code);
    j["description"] = code_description(c.code);
    j["ran"] = c.ran;
    j["skipped_reason"] = c.ran ? ordered_json(nullptr) : ordered_json(c.skipped_reason);
    j["findings"] = report.of(c.code).size();
    checks.push_back(j);
  }
  doc["checks"] = checks;
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) {
    ordered_json j;
    j["code"] = code_name(f.code);
    j["severity"] = severity_name(f.severity);
    j["message"] = f.message;
    j["file"] = f.where.file.empty() ? ordered_json(nullptr) : ordered_json(f.where.file);
    j["line"] = f.where.line > 0 ? ordered_json(f.where.line) : ordered_json(nullptr);
    j["hint"] = f.hint.empty() ? ordered_json(nullptr) : ordered_json(f.hint);
    j["revision"] = f.revision.empty() ? ordered_json(nullptr) : ordered_json(f.revision);
    j["objects"] = f.objects;
    j["sql"] = f.sql.empty() ? ordered_json(nullptr) : ordered_json(f.sql);
    j["details"] = f.details;
    findings.push_back(j);
  }
  doc["findings"] = findings;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------------------
// GitHub workflow commands

namespace {
// Workflow-command escaping: data escapes %, CR and LF; property values also
// escape ':' and ','.
std::string github_escape(const std::string& s, bool property) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}
}  // namespace

std::string github_escape_data(const std::string& s) {
  return github_escape(s, false);
}

std::string github_escape_property(const std::string& s) {
  return github_escape(s, true);
}

std::string render_github(const Report& report) {
  std::ostringstream out;
  for (const auto& f : report.findings) {
    std::vector<std::string> props;
    if (f.where.known()) {
      props.push_back("file=" + github_escape_property(f.where.file));
      if (f.where.line > 0) props.push_back("line=" + std::to_string(f.where.line));
    }
    props.push_back(std::string("title=") + github_escape_property(code_name(f.code)));
    std::string body = f.message;
    if (!f.revision.empty()) body += "\nrevision: " + f.revision;
    for (const auto& d : f.details) body += "\n" + d;
    if (!f.objects.empty()) body += "\nobjects: " + join(f.objects, ", ");
    if (!f.sql.empty()) {
      std::string sql = f.sql;
      while (!sql.empty() && sql.back() == '\n') sql.pop_back();
      body += "\nSQL:\n" + sql;
    }
    if (!f.hint.empty()) body += "\nhint: " + f.hint;
    out << "::" << (f.severity == Severity::kError ? "error" : "warning") << " " << join(props, ",")
        << "::" << github_escape_data(body) << "\n";
  }
  int n = static_cast<int>(report.findings.size());
  // A plain log line (not a command) so the job log says what happened.
  if (n == 0) {
    out << "reconcile check: clean\n";
  } else {
    out << "reconcile check: " << plural(n, "finding", "findings") << "\n";
  }
  return out.str();
}

// ---------------------------------------------------------------------------
// JUnit XML

namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if invalid.
size_t utf8_sequence(const std::string& s, size_t i, unsigned& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len;
  if (b < 0x80) {
    cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    len = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

}  // namespace

std::string xml_escape(const std::string& s, bool attribute) {
  static const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned cp = 0;
    size_t len = utf8_sequence(s, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (len > 1) {
      if (cp == 0xFFFE || cp == 0xFFFF) {
        out += kReplacement;
      } else {
        out.append(s, i, len);
      }
      i += len;
      continue;
    }
    char c = s[i++];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_junit(const Report& report) {
  int tests = static_cast<int>(report.checks.size());
  int failures = 0, skipped = 0;
  for (const auto& c : report.checks) {
    if (!c.ran) {
      ++skipped;
    } else if (!report.of(c.code).empty()) {
      ++failures;
    }
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"reconcile check\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\">\n";
  out << "  <testsuite name=\"reconcile check\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\">\n";
  for (const auto& c : report.checks) {
    out << "    <testcase classname=\"reconcile.check\" name=\"" << code_name(c.code) << "\">";
    auto fs = report.of(c.code);
    if (!c.ran) {
      out << "\n      <skipped message=\"" << xml_escape(c.skipped_reason, true) << "\"/>\n    ";
    } else if (!fs.empty()) {
      out << "\n";
      for (const Finding* f : fs) {
        std::string body;
        if (f->where.known()) body += f->where.to_string() + "\n";
        body += f->message + "\n";
        if (!f->revision.empty()) body += "revision: " + f->revision + "\n";
        for (const auto& d : f->details) body += d + "\n";
        if (!f->objects.empty()) body += "objects: " + join(f->objects, ", ") + "\n";
        if (!f->sql.empty()) body += "SQL:\n" + f->sql + (f->sql.back() == '\n' ? "" : "\n");
        if (!f->hint.empty()) body += "hint: " + f->hint + "\n";
        out << "      <failure type=\"" << code_name(f->code) << "\" message=\""
            << xml_escape(f->message, true) << "\">" << xml_escape(body, false) << "</failure>\n";
      }
      out << "    ";
    }
    out << "</testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::string render(const Report& report, Format format, const TextOptions& text_options) {
  switch (format) {
    case Format::kText:
      return render_text(report, text_options);
    case Format::kJson:
      return render_json(report);
    case Format::kGithub:
      return render_github(report);
    case Format::kJunit:
      return render_junit(report);
  }
  return render_text(report, text_options);
}

}  // namespace reconcile::check
