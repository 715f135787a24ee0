// Small string helpers every layer shares: joining, replacing, shell quoting,
// and the edit distance behind "did you mean" suggestions. (SQL quoting is
// PostgreSQL's business: core/catalog/names.h.)
//
// Guarantees: pure functions, no allocation beyond the result, byte-wise
// (no locale, no Unicode folding).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace reconcile::util {

// The items with `separator` between each two: join({"a","b"}, ", ") == "a, b".
std::string join(const std::vector<std::string>& items, std::string_view separator);

// join() of f(item) for each item, e.g. join(columns, ", ", quote_ident).
template <class Range, class F>
std::string join(const Range& items, std::string_view separator, F&& f) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    first = false;
    out += f(item);
  }
  return out;
}

// `text` with every occurrence of `from` replaced by `to`, left to right and
// without looking at replaced text again; `text` unchanged when `from` is empty.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

// `word` quoted for /bin/sh: as it is when it holds only characters the shell
// takes literally (letters, digits, _-./=:@%+,), else in '...' with embedded
// quotes written '\''.
std::string shell_quote(const std::string& word);

// Levenshtein distance in bytes (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace reconcile::util
