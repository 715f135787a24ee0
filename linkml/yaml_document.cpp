#include "linkml/yaml_document.h"

#include <map>
#include <set>

namespace reconcile::linkml::yaml {
namespace {

// Bounds for walking a document (anchors and aliases can make a small text a
// very large or cyclic tree).
constexpr int kMaxDepth = 400;
constexpr size_t kMaxNodes = 2'000'000;

struct DuplicateWalker {
  const std::string& file;
  Diagnostics& diags;
  size_t visited = 0;

  void walk(const YAML::Node& node, int depth) {
    if (depth > kMaxDepth || ++visited > kMaxNodes) return;
    if (node.IsMap()) {
      std::map<std::string, SourceLocation> seen;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar()) {
          const std::string key = it->first.Scalar();
          SourceLocation here = location(it->first, file);
          auto [pos, inserted] = seen.emplace(key, here);
          if (!inserted) {
            diags.error("duplicate-key",
                        "key '" + key + "' appears twice in the same mapping (first at line " +
                            std::to_string(pos->second.line) + "); the first one is used",
                        here, "LinkML refuses duplicate keys: remove or rename one of them");
          }
        }
        walk(it->second, depth + 1);
      }
    } else if (node.IsSequence()) {
      for (const auto& child : node) walk(child, depth + 1);
    }
  }
};

// Line and column (1-based) of a byte offset.
SourceLocation offset_location(const std::string& text, size_t offset, const std::string& file) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {file, line, column};
}

}  // namespace

SourceLocation location(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0 || mark.column < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

SourceLocation location(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return {file, 0, 0};  // a missing key: no mark
  return location(node.Mark(), file);
}

std::optional<size_t> find_invalid_utf8(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t len;
    unsigned int cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong encodings, surrogates and out-of-range code points.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

std::optional<YAML::Node> parse_document(const std::string& text, const std::string& file,
                                         Diagnostics& diags) {
  if (auto bad = find_invalid_utf8(text)) {
    diags.error("invalid-utf8", "the file is not valid UTF-8 (first bad byte here)",
                offset_location(text, *bad, file),
                "save the file as UTF-8; LinkML's YAML reader refuses other encodings");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // e.msg is the message without yaml-cpp's own "line x, column y" prefix.
    diags.error("yaml-syntax", "malformed YAML: " + e.msg, location(e.mark, file),
                "fix the YAML syntax (indentation uses spaces, never tabs; quote values "
                "containing ': ' or starting with special characters)");
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error("yaml-syntax", std::string("malformed YAML: ") + e.what(), {file, 0, 0});
    return std::nullopt;
  }
  try {
    DuplicateWalker walker{file, diags};
    walker.walk(root, 0);
  } catch (const YAML::Exception& e) {
    diags.error("yaml-syntax", "malformed YAML: " + e.msg, location(e.mark, file));
    return std::nullopt;
  }
  return root;
}

std::optional<bool> parse_bool(const std::string& text) {
  // YAML 1.1 spellings, plus 1 and 0, which LinkML's Bool type accepts.
  static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                              "YES",  "on",   "On",   "ON",  "1"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no",  "No",
                                               "NO",    "off",   "Off",   "OFF", "0"};
  if (kTrue.count(text)) return true;
  if (kFalse.count(text)) return false;
  return std::nullopt;
}

}  // namespace reconcile::linkml::yaml
