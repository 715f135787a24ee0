#include "reconciler/util/redact.h"

#include <cctype>

namespace reconcile::util {
namespace {

constexpr const char* kMask = "***";

bool iequal_at(const std::string& s, std::size_t pos, const std::string& word) {
  if (pos + word.size() > s.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  }
  return true;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Masks "user:password@" in every "scheme://" occurrence. The userinfo ends at
// the last '@' before the end of the token (whitespace or a quote), so a
// password holding an unencoded '/' or '@' is still masked whole.
std::string redact_userinfo(const std::string& in) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t sep = in.find("://", pos);
    if (sep == std::string::npos) break;
    std::size_t start = sep + 3;
    std::size_t end = start;
    while (end < in.size() && !is_space(in[end]) && in[end] != '"' && in[end] != '\'') ++end;
    out.append(in, pos, start - pos);
    std::size_t at = end > start ? in.rfind('@', end - 1) : std::string::npos;
    if (at != std::string::npos && at >= start) {
      std::size_t colon = in.find(':', start);
      if (colon != std::string::npos && colon < at) {
        out.append(in, start, colon + 1 - start);
        out += kMask;
        out.append(in, at, end - at);
      } else {
        out.append(in, start, end - start);
      }
    } else {
      out.append(in, start, end - start);
    }
    pos = end;
  }
  out.append(in, pos, std::string::npos);
  return out;
}

// Masks the value of every "password" keyword: `password=v`, `password = 'v w'`,
// and the query parameter `?password=v&...`.
std::string redact_keywords(const std::string& in) {
  static const std::string kWord = "password";
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    bool boundary =
        i == 0 || !(std::isalnum(static_cast<unsigned char>(in[i - 1])) || in[i - 1] == '_');
    if (boundary && iequal_at(in, i, kWord)) {
      std::size_t j = i + kWord.size();
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j < in.size() && in[j] == '=') {
        ++j;
        while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
        out.append(in, i, j - i);
        out += kMask;
        if (j < in.size() && in[j] == '\'') {
          // Quoted conninfo value; backslash escapes the next character.
          ++j;
          while (j < in.size() && in[j] != '\'') {
            if (in[j] == '\\' && j + 1 < in.size()) ++j;
            ++j;
          }
          if (j < in.size()) ++j;
        } else {
          while (j < in.size() && !is_space(in[j]) && in[j] != '&' && in[j] != '#' &&
                 in[j] != '"') {
            ++j;
          }
        }
        i = j;
        continue;
      }
    }
    out += in[i];
    ++i;
  }
  return out;
}

}  // namespace

std::string redact_url(const std::string& text) {
  return redact_keywords(redact_userinfo(text));
}

}  // namespace reconcile::util
