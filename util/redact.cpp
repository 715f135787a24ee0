#include "util/redact.h"

#include <libpq-fe.h>

#include <cctype>

#include "util/error.h"

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

bool token_break(char c) {
  return is_space(c) || c == '"' || c == '\'' || c == '`';
}

// Masks "user:password@" in tokens without a scheme ("app:s3cr3t@host:5432/db"):
// a token (between spaces or quotes) holding no "://", with a ':' before its
// last '@', loses everything between that first ':' and the last '@'.
std::string redact_schemeless(const std::string& in) {
  std::string out;
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (token_break(in[pos])) {
      out += in[pos++];
      continue;
    }
    std::size_t end = pos;
    while (end < in.size() && !token_break(in[end])) ++end;
    const std::string token = in.substr(pos, end - pos);
    const std::size_t at = token.rfind('@');
    const std::size_t colon = token.find(':');
    if (at != std::string::npos && colon != std::string::npos && colon < at &&
        token.find("://") == std::string::npos && token.find(kMask) != colon + 1) {
      out += token.substr(0, colon + 1) + kMask + token.substr(at);
    } else {
      out += token;
    }
    pos = end;
  }
  return out;
}

// Masks the value of every password keyword: `password=v`, `password = 'v w'`,
// the query parameter `?password=v&...`, libpq's `sslpassword` and the
// environment-style `PGPASSWORD=v`.
std::string redact_keywords(const std::string& in) {
  static const char* const kWords[] = {"pgpassword", "sslpassword", "password"};
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    bool boundary =
        i == 0 || !(std::isalnum(static_cast<unsigned char>(in[i - 1])) || in[i - 1] == '_');
    std::string word;
    if (boundary)
      for (const char* w : kWords)
        if (iequal_at(in, i, w)) {
          word = w;
          break;
        }
    if (!word.empty()) {
      const std::string& kWord = word;
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
  return redact_keywords(redact_schemeless(redact_userinfo(text)));
}

}  // namespace reconcile::util

namespace reconcile::util {

void check_connection_string(const std::string& conninfo) {
  if (conninfo.empty() || conninfo.rfind("postgresql://", 0) == 0 ||
      conninfo.rfind("postgres://", 0) == 0)
    return;
  const std::string shown = redact_url(conninfo);
  if (conninfo.find('=') == std::string::npos) {
    const bool url_like = conninfo.find('@') != std::string::npos ||
                          conninfo.find('/') != std::string::npos ||
                          conninfo.find(':') != std::string::npos;
    throw UsageError("`" + shown + "` is not a database URL: " +
                         (url_like ? std::string("the scheme is missing")
                                   : std::string("it is neither a URL nor key=value pairs")),
                     url_like ? "write it as postgresql://" + shown
                              : "write postgresql://USER@HOST:PORT/DBNAME, or libpq's "
                                "host=... dbname=... form");
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options) {
    PQconninfoFree(options);
    return;
  }
  std::string why = error ? error : "it does not parse";
  if (error) PQfreemem(error);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  throw UsageError("the connection string `" + shown + "` does not parse: " + redact_url(why),
                   "write postgresql://USER@HOST:PORT/DBNAME, or libpq's host=... dbname=... "
                   "form");
}

}  // namespace reconcile::util
