#include "linkml/mapping/naming.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace reconcile::mapping {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_word(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

std::string digest_hex(const std::string& data, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr);
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    out += buf;
  }
  return out;
}

std::string md5_hex(const std::string& data) {
  return digest_hex(data, EVP_md5());
}

constexpr size_t kMaxBytes = 63;

// The longest prefix of s within `bytes` bytes that does not split a UTF-8
// character, without trailing underscores (the separator follows).
std::string byte_prefix(const std::string& s, size_t bytes) {
  size_t n = std::min(bytes, s.size());
  if (n < s.size())
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  while (n > 0 && s[n - 1] == '_') --n;
  return s.substr(0, n);
}

std::string hash8(const std::string& full) {
  return digest_hex(full, EVP_sha256()).substr(0, kNameHashChars);
}

// Number of UTF-8 characters in s.
size_t char_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `chars` UTF-8 characters of s.
std::string char_prefix(const std::string& s, size_t chars) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == chars) break;
      ++n;
    }
  }
  return s.substr(0, i);
}

}  // namespace

std::string snake_case(const std::string& name) {
  std::string out;
  auto push_sep = [&out] {
    if (!out.empty() && out.back() != '_') out += '_';
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    unsigned char uc = static_cast<unsigned char>(c);
    if (!is_word(uc)) {
      push_sep();
      continue;
    }
    if (c == '_') {
      push_sep();
      continue;
    }
    if (is_upper(c)) {
      bool prev_lower = i > 0 && is_lower_or_digit(name[i - 1]);
      bool acronym_end = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() &&
                         name[i + 1] >= 'a' && name[i + 1] <= 'z';
      if (prev_lower || acronym_end) push_sep();
      out += static_cast<char>(c - 'A' + 'a');
      continue;
    }
    out += c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  size_t b = 0;
  while (b < out.size() && out[b] == '_') ++b;
  out = out.substr(b);
  return out.empty() ? std::string("x") : out;
}

std::string sqlalchemy_truncate(const std::string& name) {
  if (char_count(name) <= 63) return name;
  std::string md5 = md5_hex(name);
  return char_prefix(name, 55) + "_" + md5.substr(md5.size() - 4);
}

std::string sqlalchemy_quote(const std::string& name) {
  static const std::set<std::string> kReserved = {"all",
                                                  "analyse",
                                                  "analyze",
                                                  "and",
                                                  "any",
                                                  "array",
                                                  "as",
                                                  "asc",
                                                  "asymmetric",
                                                  "both",
                                                  "case",
                                                  "cast",
                                                  "check",
                                                  "collate",
                                                  "column",
                                                  "constraint",
                                                  "create",
                                                  "current_catalog",
                                                  "current_date",
                                                  "current_role",
                                                  "current_time",
                                                  "current_timestamp",
                                                  "current_user",
                                                  "default",
                                                  "deferrable",
                                                  "desc",
                                                  "distinct",
                                                  "do",
                                                  "else",
                                                  "end",
                                                  "except",
                                                  "false",
                                                  "fetch",
                                                  "for",
                                                  "foreign",
                                                  "from",
                                                  "grant",
                                                  "group",
                                                  "having",
                                                  "in",
                                                  "initially",
                                                  "intersect",
                                                  "into",
                                                  "leading",
                                                  "limit",
                                                  "localtime",
                                                  "localtimestamp",
                                                  "new",
                                                  "not",
                                                  "null",
                                                  "of",
                                                  "off",
                                                  "offset",
                                                  "old",
                                                  "on",
                                                  "only",
                                                  "or",
                                                  "order",
                                                  "placing",
                                                  "primary",
                                                  "references",
                                                  "returning",
                                                  "select",
                                                  "session_user",
                                                  "some",
                                                  "symmetric",
                                                  "table",
                                                  "then",
                                                  "to",
                                                  "trailing",
                                                  "true",
                                                  "union",
                                                  "unique",
                                                  "user",
                                                  "using",
                                                  "variadic",
                                                  "when",
                                                  "where",
                                                  "window",
                                                  "with",
                                                  "authorization",
                                                  "between",
                                                  "binary",
                                                  "cross",
                                                  "current_schema",
                                                  "freeze",
                                                  "full",
                                                  "ilike",
                                                  "inner",
                                                  "is",
                                                  "isnull",
                                                  "join",
                                                  "left",
                                                  "like",
                                                  "natural",
                                                  "notnull",
                                                  "outer",
                                                  "over",
                                                  "overlaps",
                                                  "right",
                                                  "similar",
                                                  "verbose"};
  bool quote = name.empty() || kReserved.count(name) > 0 || (name[0] >= '0' && name[0] <= '9') ||
               name[0] == '$';
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) quote = true;
  if (!quote) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string bounded_name(const std::string& full) {
  if (full.size() <= kMaxBytes) return full;
  return byte_prefix(full, kMaxBytes - 1 - kNameHashChars) + "_" + hash8(full);
}

std::string bounded_object_name(const std::string& name1, const std::string& name2,
                                const std::string& label) {
  std::string base = name2.empty() ? name1 : name1 + "_" + name2;
  std::string full = label.empty() ? base : base + "_" + label;
  if (full.size() <= kMaxBytes) return full;
  std::string tail = "_" + hash8(full) + (label.empty() ? "" : "_" + label);
  size_t room = tail.size() < kMaxBytes ? kMaxBytes - tail.size() : 0;
  return byte_prefix(base, room) + tail;
}

std::string bounded_object_name(const std::string& table, const std::vector<std::string>& columns,
                                const std::string& label) {
  std::string cols;
  for (const auto& c : columns) cols += (cols.empty() ? "" : "_") + c;
  return bounded_object_name(table, cols, label);
}

std::string sqlalchemy_index_name(const std::string& table, const std::string& column) {
  return sqlalchemy_truncate("ix_" + table + "_" + column);
}

}  // namespace reconcile::mapping
