#include "core/sql/parse.h"

#include <pg_query.h>

#include <algorithm>

namespace reconcile::sql {

ParseResult parse(const std::string& sql) {
  ParseResult out;
  if (auto nul = sql.find('\0'); nul != std::string::npos) {  // see split()
    out.error =
        SyntaxError{"the text holds a NUL byte, which SQL cannot contain", static_cast<int>(nul)};
    return out;
  }
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  struct Free {
    PgQueryParseResult* r;
    ~Free() { pg_query_free_parse_result(*r); }
  } free_result{&r};
  if (r.error) {
    out.error = SyntaxError{r.error->message ? r.error->message : "syntax error",
                            r.error->cursorpos > 0 ? r.error->cursorpos - 1 : -1};
    return out;
  }
  nlohmann::json tree = nlohmann::json::parse(r.parse_tree ? r.parse_tree : "{}", nullptr, false);
  if (tree.is_discarded() || !tree.is_object()) {
    out.error = SyntaxError{"the parser returned no parse tree", -1};
    return out;
  }
  if (tree.contains("stmts") && tree["stmts"].is_array()) out.statements = tree["stmts"];
  return out;
}

namespace {

// Offset of the first byte at or after `pos` that is not whitespace, ';' or
// part of a comment (`end` when there is none).
size_t skip_trivia(const std::string& s, size_t pos, size_t end) {
  while (pos < end) {
    const char c = s[pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == ';') {
      ++pos;
    } else if (c == '-' && pos + 1 < end && s[pos + 1] == '-') {
      const size_t nl = s.find('\n', pos);
      pos = nl == std::string::npos || nl > end ? end : nl;
    } else if (c == '/' && pos + 1 < end && s[pos + 1] == '*') {
      int depth = 0;  // block comments nest
      while (pos < end) {
        if (s[pos] == '/' && pos + 1 < end && s[pos + 1] == '*') {
          ++depth;
          pos += 2;
        } else if (s[pos] == '*' && pos + 1 < end && s[pos + 1] == '/') {
          pos += 2;
          if (--depth == 0) break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

}  // namespace

SplitResult split(const std::string& script) {
  SplitResult out;
  // libpg_query reads a C string: text after a NUL byte would never be seen
  // by the parser, yet it is part of the script. SQL cannot hold a NUL byte.
  if (auto nul = script.find('\0'); nul != std::string::npos) {
    out.parsed = false;
    out.error =
        SyntaxError{"the text holds a NUL byte, which SQL cannot contain", static_cast<int>(nul)};
    return out;
  }
  PgQuerySplitResult r = pg_query_split_with_parser(script.c_str());
  if (r.error) {
    pg_query_free_split_result(r);
    out.parsed = false;
    r = pg_query_split_with_scanner(script.c_str());
  }
  struct Free {
    PgQuerySplitResult* r;
    ~Free() { pg_query_free_split_result(*r); }
  } free_result{&r};
  if (r.error) {
    out.error = SyntaxError{r.error->message ? r.error->message : "syntax error",
                            r.error->cursorpos > 0 ? r.error->cursorpos - 1 : -1};
    return out;
  }
  // The scanner leaves out text it does not take for a statement (one that
  // starts with a word that is not a keyword, say): such text becomes a
  // statement of its own, so nothing of the script is ever dropped.
  size_t covered = 0;
  auto fill_gap = [&](size_t until) {
    if (skip_trivia(script, covered, until) >= until) return;  // only comments and ';'
    size_t begin = covered;  // leading comments stay with the statement, as above
    while (begin < until &&
           (script[begin] == ';' || script[begin] == ' ' || script[begin] == '\t' ||
            script[begin] == '\r' || script[begin] == '\n'))
      ++begin;
    out.statements.push_back(StatementRange{begin, until});
  };
  for (int i = 0; i < r.n_stmts; ++i) {
    size_t begin = static_cast<size_t>(r.stmts[i]->stmt_location);
    size_t end = begin + static_cast<size_t>(r.stmts[i]->stmt_len);
    if (begin > script.size()) begin = script.size();
    if (end > script.size()) end = script.size();
    if (begin > covered) fill_gap(begin);
    out.statements.push_back(StatementRange{begin, end});
    covered = std::max(covered, end);
  }
  if (covered < script.size()) fill_gap(script.size());
  return out;
}

std::string node_name(const nlohmann::json& node) {
  if (!node.is_object() || node.size() != 1) return "";
  return node.begin().key();
}

std::vector<std::string> name_list(const nlohmann::json& names) {
  std::vector<std::string> out;
  if (!names.is_array()) return out;
  for (const auto& n : names) {
    if (n.contains("String"))
      out.push_back(n["String"].value("sval", ""));
    else if (n.contains("A_Star"))
      out.push_back("*");
    else
      out.push_back("");
  }
  return out;
}

}  // namespace reconcile::sql
