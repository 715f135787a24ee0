#include "core/revision/revision.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/sql/parse.h"
#include "util/digest.h"
#include "util/error.h"

namespace reconcile::revision {
namespace {

constexpr const char* kHeaderPrefix = "-- reconcile:";
constexpr const char* kUpMarker = "-- +up";
constexpr const char* kDownMarker = "-- +down";

std::string rtrim(std::string s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.pop_back();
  return s;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool is_sha256_value(const std::string& v) {
  if (!starts_with(v, "sha256:") || v.size() != 7 + 64) return false;
  return std::all_of(v.begin() + 7, v.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A line of the file with its 1-based number and byte offsets.
struct Line {
  std::string text;  // without the '\n'
  int number = 0;
  size_t begin = 0;  // offset of the first byte
  size_t next = 0;   // offset just after the '\n' (or the end of the text)
};

std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    size_t next = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back({text.substr(pos, end - pos), number++, pos, next});
    pos = next;
  }
  return lines;
}

// Line numbers (1-based) of byte offsets in one text; built once, so that
// numbering every statement of a long body stays linear.
class LineIndex {
 public:
  explicit LineIndex(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
  }
  int line_of(size_t offset) const {
    return 1 + static_cast<int>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) -
                                newlines_.begin());
  }

 private:
  std::vector<size_t> newlines_;  // offsets of the '\n' characters
};

// What the directive lines before a statement say.
struct Directives {
  bool no_transaction = false;
  std::optional<std::vector<plan::Hazard>> hazards;
  bool any = false;  // a directive was read
};

// Reads the directive comment `line` (a whole `--` comment without its line
// break) found at body offset `pos`; throws InputError for a bad one.
void read_directive(
    const std::string& body, size_t pos, const std::string& line, Directives& d,
    const std::function<InputError(const std::string&, size_t, const std::string&)>& fail) {
  const std::string t = rtrim(line);
  if (!starts_with(t, kHeaderPrefix)) return;  // an ordinary comment
  size_t line_start = body.rfind('\n', pos == 0 ? 0 : pos - 1);
  line_start = line_start == std::string::npos || pos == 0 ? 0 : line_start + 1;
  if (body.find_first_not_of(" \t\r\f\v", line_start) < pos)
    throw fail("a `-- reconcile:` directive must stand on a line of its own", pos,
               "put it on its own line, directly before the statement it applies to");
  d.any = true;
  const std::string rest = t.substr(std::string(kHeaderPrefix).size());
  if (rest == "no-transaction") {
    d.no_transaction = true;
    return;
  }
  if (rest == "hazard" || starts_with(rest, "hazard ") || starts_with(rest, "hazard\t")) {
    std::vector<std::string> names;
    size_t p = 6;
    while (p < rest.size()) {
      size_t b = rest.find_first_not_of(" \t", p);
      if (b == std::string::npos) break;
      size_t e = rest.find_first_of(" \t", b);
      names.push_back(rest.substr(b, e == std::string::npos ? std::string::npos : e - b));
      p = e == std::string::npos ? rest.size() : e;
    }
    std::string known;
    for (plan::Hazard h : plan::all_hazards()) known += std::string(" ") + plan::hazard_name(h);
    const std::string hint = "name the statement's hazards:" + known + ", or `none`";
    if (names.empty()) throw fail("`-- reconcile:hazard` names no hazard", pos, hint);
    if (!d.hazards) d.hazards.emplace();
    for (const auto& n : names) {
      if (n == "none") {
        if (names.size() > 1) throw fail("`none` cannot be combined with hazards", pos, hint);
        continue;
      }
      auto h = plan::hazard_from_name(n);
      if (!h) throw fail("unknown hazard `" + n + "`", pos, hint);
      d.hazards->push_back(*h);
    }
    std::sort(d.hazards->begin(), d.hazards->end());
    d.hazards->erase(std::unique(d.hazards->begin(), d.hazards->end()), d.hazards->end());
    return;
  }
  throw fail("unknown directive `" + t + "`", pos,
             "the directives are `-- reconcile:no-transaction` and `-- reconcile:hazard NAME...`");
}

// Skips whitespace and comments of `sql` from `pos` (not past `end`);
// returns the offset of the first real character. Directive lines found on
// the way are read into `d`.
size_t skip_leading_trivia(
    const std::string& sql, size_t pos, size_t end, Directives& d,
    const std::function<InputError(const std::string&, size_t, const std::string&)>& fail) {
  while (pos < end) {
    char c = sql[pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      ++pos;
    } else if (c == '-' && pos + 1 < end && sql[pos + 1] == '-') {
      size_t nl = sql.find('\n', pos);
      size_t line_end = nl == std::string::npos || nl > end ? end : nl;
      read_directive(sql, pos, sql.substr(pos, line_end - pos), d, fail);
      pos = line_end;
    } else if (c == '/' && pos + 1 < end && sql[pos + 1] == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 0;
      size_t p = pos;
      while (p < end) {
        if (sql[p] == '/' && p + 1 < end && sql[p + 1] == '*') {
          ++depth;
          p += 2;
        } else if (sql[p] == '*' && p + 1 < end && sql[p + 1] == '/') {
          --depth;
          p += 2;
          if (depth == 0) break;
        } else {
          ++p;
        }
      }
      pos = p;
    } else {
      break;
    }
  }
  return pos;
}

std::vector<Statement> split_body(const std::string& body, int first_line, const std::string& path,
                                  const char* which) {
  const LineIndex lines(body);
  auto file_line = [&](size_t offset) {
    return first_line > 0 ? first_line + lines.line_of(offset) - 1 : 0;
  };
  auto fail = [&](const std::string& message, size_t offset, const std::string& hint) {
    return InputError(std::string("in the ") + which + " body: " + message,
                      SourceLocation{path, file_line(offset), 0}, hint);
  };
  std::vector<Statement> out;
  sql::SplitResult result = sql::split(body);
  if (!result.ok()) {
    size_t offset = result.error->offset > 0 ? static_cast<size_t>(result.error->offset) : 0;
    throw InputError(std::string("cannot split the ") + which +
                         " body into statements: " + result.error->message,
                     SourceLocation{path, file_line(offset), 0});
  }
  size_t covered = 0;  // end of the last statement
  for (const auto& range : result.statements) {
    Directives d;
    size_t start = skip_leading_trivia(body, range.begin, range.end, d, fail);
    covered = std::max(covered, range.end);
    std::string text = rtrim(body.substr(start, range.end - start));
    while (!text.empty() && text.back() == ';') text = rtrim(text.substr(0, text.size() - 1));
    if (text.empty()) {
      if (d.any)
        throw fail("a directive that no statement follows", body.find("-- reconcile:", range.begin),
                   "put directives directly before the statement they apply to");
      continue;
    }
    Statement st;
    st.sql = std::move(text);
    st.transactional = !d.no_transaction;
    st.hazards = std::move(d.hazards);
    st.line = file_line(start);
    out.push_back(std::move(st));
  }
  // Comments after the last statement: a directive there applies to nothing.
  Directives trailing;
  for (size_t pos = covered; pos < body.size();) {
    if (body[pos] == ';') {
      ++pos;
      continue;
    }
    size_t next = skip_leading_trivia(body, pos, body.size(), trailing, fail);
    if (next == pos) break;
    pos = next;
  }
  if (trailing.any)
    throw fail("a directive that no statement follows", body.find("-- reconcile:", covered),
               "put directives directly before the statement they apply to");
  return out;
}

std::string one_line(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return rtrim(out);
}

std::string with_final_newline(const std::string& body) {
  if (body.empty() || body.back() == '\n') return body;
  return body + "\n";
}

}  // namespace

bool is_valid_revision_id(const std::string& id) {
  if (id.empty() || !std::isalnum(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

std::string Revision::compute_checksum() const {
  std::string bytes;
  bytes.reserve(up.size() + down.size() + 12);
  bytes.append("up");
  bytes.push_back('\0');
  bytes.append(up);
  bytes.push_back('\0');
  bytes.append("down");
  bytes.push_back('\0');
  bytes.append(down);
  return "sha256:" + sha256_hex(bytes);
}

std::string content_tag(const std::vector<std::string>& parents, const std::string& up,
                        const std::string& down) {
  std::string bytes;
  for (const auto& p : parents) {
    bytes.append(p);
    bytes.push_back('\0');
  }
  bytes.push_back('\0');
  bytes.append(up);
  bytes.push_back('\0');
  bytes.append(down);
  return sha256_hex(bytes).substr(0, 6);
}

bool Statement::declares(plan::Hazard h) const {
  return hazards && std::find(hazards->begin(), hazards->end(), h) != hazards->end();
}

std::vector<Statement> Revision::up_statements() const {
  return split_body(up, up_line, path, "up");
}

std::vector<Statement> Revision::down_statements() const {
  return split_body(down, down_line, path, "down");
}

Revision parse_revision(const std::string& text, const std::string& path) {
  auto fail = [&](const std::string& message, int line,
                  const std::string& hint = {}) -> InputError {
    return InputError(message, SourceLocation{path, line, 0}, hint);
  };
  const std::string layout_hint =
      "a revision file starts with `-- reconcile:revision <id>` and `-- reconcile:checksum "
      "sha256:...` "
      "header lines, then `-- +up` and `-- +down` markers, each followed by its SQL";

  Revision r;
  r.path = path;
  std::vector<Line> lines = split_lines(text);
  std::map<std::string, int> seen;  // header key -> line
  const Line* up_marker = nullptr;
  const Line* down_marker = nullptr;

  for (const Line& line : lines) {
    std::string t = rtrim(line.text);
    if (t == kUpMarker) {
      if (up_marker)
        throw fail(
            "duplicate `-- +up` marker (first at line " + std::to_string(up_marker->number) + ")",
            line.number);
      if (down_marker) throw fail("`-- +up` marker after `-- +down`", line.number, layout_hint);
      up_marker = &line;
      continue;
    }
    if (t == kDownMarker) {
      if (down_marker)
        throw fail("duplicate `-- +down` marker (first at line " +
                       std::to_string(down_marker->number) + ")",
                   line.number);
      if (!up_marker) throw fail("`-- +down` marker before `-- +up`", line.number, layout_hint);
      down_marker = &line;
      continue;
    }
    if (up_marker) continue;  // body text (directives included) is kept verbatim
    // Header part.
    if (t.empty()) continue;
    if (!starts_with(t, kHeaderPrefix)) {
      if (starts_with(t, "--")) continue;  // an ordinary comment
      throw fail("SQL before the `-- +up` marker", line.number, layout_hint);
    }
    std::string rest = t.substr(std::string(kHeaderPrefix).size());
    size_t sp = rest.find_first_of(" \t");
    std::string key = rest.substr(0, sp);
    std::string value;
    if (sp != std::string::npos) {
      size_t vs = rest.find_first_not_of(" \t", sp);
      if (vs != std::string::npos) value = rest.substr(vs);
    }
    static const std::vector<std::string> keys = {"revision", "parents", "message", "schema-hash",
                                                  "checksum"};
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      throw fail("unknown header `-- reconcile:" + key + "`", line.number,
                 "known headers: revision, parents, message, schema-hash, checksum");
    }
    if (auto it = seen.find(key); it != seen.end()) {
      throw fail("duplicate header `-- reconcile:" + key + "` (first at line " +
                     std::to_string(it->second) + ")",
                 line.number);
    }
    seen[key] = line.number;
    if (key == "revision") {
      if (!is_valid_revision_id(value))
        throw fail("bad revision id `" + value + "`", line.number,
                   "an id is made of ASCII letters, digits, '_', '-' and '.', e.g. "
                   "20261123T140501Z_add_sample");
      r.id = value;
    } else if (key == "parents") {
      size_t pos = 0;
      while (pos < value.size()) {
        size_t b = value.find_first_not_of(" \t", pos);
        if (b == std::string::npos) break;
        size_t e = value.find_first_of(" \t", b);
        std::string parent = value.substr(b, e == std::string::npos ? std::string::npos : e - b);
        if (!is_valid_revision_id(parent))
          throw fail("bad parent revision id `" + parent + "`", line.number);
        r.parents.push_back(parent);
        pos = e == std::string::npos ? value.size() : e;
      }
      std::sort(r.parents.begin(), r.parents.end());
      if (std::adjacent_find(r.parents.begin(), r.parents.end()) != r.parents.end())
        throw fail("a parent is named twice", line.number);
    } else if (key == "message") {
      r.message = value;
    } else if (key == "schema-hash") {
      r.schema_hash = value;
    } else if (key == "checksum") {
      if (!is_sha256_value(value))
        throw fail("bad checksum `" + value + "`", line.number,
                   "expected sha256: followed by 64 lower-case hex digits");
      r.checksum = value;
    }
  }

  if (!seen.count("revision"))
    throw fail("missing header `-- reconcile:revision <id>`", 1, layout_hint);
  if (!seen.count("checksum"))
    throw fail("missing header `-- reconcile:checksum sha256:...`", 1, layout_hint);
  if (!up_marker)
    throw fail("missing `-- +up` marker", static_cast<int>(lines.size()), layout_hint);
  if (!down_marker)
    throw fail("missing `-- +down` marker", static_cast<int>(lines.size()), layout_hint);
  if (std::find(r.parents.begin(), r.parents.end(), r.id) != r.parents.end())
    throw fail("revision `" + r.id + "` names itself as a parent", seen["parents"]);

  r.up = text.substr(up_marker->next, down_marker->begin - up_marker->next);
  r.down = text.substr(down_marker->next);
  r.up_line = up_marker->number + 1;
  r.down_line = down_marker->number + 1;
  // The bodies must split and their directives be valid.
  r.up_statements();
  r.down_statements();
  return r;
}

std::string format_revision(const Revision& r) {
  std::vector<std::string> parents = r.parents;
  std::sort(parents.begin(), parents.end());
  std::string out;
  out += std::string(kHeaderPrefix) + "revision " + r.id + "\n";
  out += std::string(kHeaderPrefix) + "parents";
  for (const auto& p : parents) out += " " + p;
  out += "\n";
  std::string message = one_line(r.message);
  out += std::string(kHeaderPrefix) + "message" + (message.empty() ? "" : " " + message) + "\n";
  out += std::string(kHeaderPrefix) + "schema-hash" +
         (r.schema_hash.empty() ? "" : " " + r.schema_hash) + "\n";
  out += std::string(kHeaderPrefix) + "checksum " + r.checksum + "\n";
  out += std::string(kUpMarker) + "\n";
  out += with_final_newline(r.up);
  out += std::string(kDownMarker) + "\n";
  out += with_final_newline(r.down);
  return out;
}

std::string with_checksum(const std::string& text, const std::string& checksum,
                          const std::string& path) {
  parse_revision(text, path);
  const std::string key = std::string(kHeaderPrefix) + "checksum";
  for (const Line& line : split_lines(text)) {
    const std::string t = rtrim(line.text);
    if (t == kUpMarker) break;
    if (t == key || starts_with(t, key + " ") || starts_with(t, key + "\t")) {
      const size_t end = line.begin + t.size();  // keeps a trailing '\r' and the line break
      return text.substr(0, line.begin) + key + " " + checksum + text.substr(end);
    }
  }
  throw InputError("missing header `-- reconcile:checksum sha256:...`", SourceLocation{path, 1, 0});
}

std::string make_revision_id(long long unix_seconds, const std::string& message) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  std::string slug;
  bool pending_sep = false;
  for (char c : message) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 128 && std::isalnum(u)) {
      if (pending_sep && !slug.empty()) slug += '_';
      pending_sep = false;
      slug += static_cast<char>(std::tolower(u));
    } else {
      pending_sep = true;
    }
  }
  if (slug.size() > 40) slug.resize(40);
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug.empty() ? std::string(stamp) : std::string(stamp) + "_" + slug;
}

}  // namespace reconcile::revision
