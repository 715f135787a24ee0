#include "core/diff/expr_rewrite.h"

#include "core/catalog/names.h"

namespace reconcile::diff {

namespace {

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool ident_char(char c) {
  return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

char prev_nonspace(std::string_view s, size_t pos) {
  while (pos > 0) {
    char c = s[--pos];
    if (c != ' ') return c;
  }
  return '\0';
}
char next_nonspace(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    char c = s[pos++];
    if (c != ' ') return c;
  }
  return '\0';
}

}  // namespace

std::string rename_identifier(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  const std::string replacement = catalog::quote_ident(to);
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'') {  // string literal, '' escapes
      size_t j = i + 1;
      while (j < s.size()) {
        if (s[j] == '\'') {
          if (j + 1 < s.size() && s[j + 1] == '\'') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      size_t end = j < s.size() ? j + 1 : j;
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '"' || (ident_start(c) && (i == 0 || !ident_char(s[i - 1])))) {
      size_t j = i;
      std::string name;
      if (c == '"') {
        j = i + 1;
        while (j < s.size()) {
          if (s[j] == '"') {
            if (j + 1 < s.size() && s[j + 1] == '"') {
              name += '"';
              j += 2;
              continue;
            }
            break;
          }
          name += s[j++];
        }
        if (j < s.size()) ++j;
      } else {
        while (j < s.size() && ident_char(s[j])) name += s[j++];
      }
      const char p = prev_nonspace(s, i);
      const bool after_cast = p == ':' || p == '.';
      const char n = next_nonspace(s, j);
      if (name == from && !after_cast && n != '(' && n != '.') {
        out += replacement;
      } else {
        out.append(s.substr(i, j - i));
      }
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string rename_type_reference(std::string_view text, std::string_view old_q,
                                  std::string_view new_q) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t hit = text.find(old_q, pos);
    if (hit == std::string_view::npos) break;
    const size_t end = hit + old_q.size();
    const bool prev_ok =
        hit == 0 || !(ident_char(text[hit - 1]) || text[hit - 1] == '.' || text[hit - 1] == '"');
    const bool next_ok = end >= text.size() || old_q.back() == '"' || !ident_char(text[end]);
    out.append(text.substr(pos, hit - pos));
    out.append(prev_ok && next_ok ? new_q : old_q);
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace reconcile::diff
