#include "schema/mapping/naming.h"

#include <openssl/evp.h>

#include <cctype>
#include <cstdio>

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

std::string md5_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    out += buf;
  }
  return out;
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

std::string sqlalchemy_index_name(const std::string& table, const std::string& column) {
  return sqlalchemy_truncate("ix_" + table + "_" + column);
}

}  // namespace reconcile::mapping
