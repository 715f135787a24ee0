// Reading one YAML document safely: UTF-8 check, parse errors and duplicate
// keys become diagnostics (never exceptions), and positions become 1-based
// SourceLocations.
//
// The document is read with libyaml's event parser (the C parser behind
// PyYAML, which LinkML itself uses) into a compact read-only tree (Document,
// Node). A text libyaml refuses is read again with yaml-cpp: its message and
// position are the diagnostic, and what yaml-cpp accepts is still loaded, so
// what loads and every diagnostic's file:line:col are those of the yaml-cpp
// reader this one replaces. Node follows yaml-cpp's node model: plain `~`,
// `null`, `Null`, `NULL` and empty values are null; an alias is the node its
// anchor names; columns count bytes; marks are 0-based.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linkml/diagnostics.h"

namespace reconcile::linkml::yaml {

// A 0-based position (line -1: unknown), as yaml-cpp's YAML::Mark.
struct Mark {
  int line = -1;
  int column = -1;
};

class Document;
struct Entry;

// A node of a Document, or an undefined node (a missing key). Cheap to copy;
// valid while its Document lives.
class Node {
 public:
  Node() = default;

  bool IsDefined() const { return doc_ != nullptr; }
  explicit operator bool() const { return IsDefined(); }
  bool IsNull() const;
  bool IsScalar() const;
  bool IsMap() const;
  bool IsSequence() const;
  // The text of a scalar; empty for anything else.
  const std::string& Scalar() const;
  // True for a scalar written without quotes or block indicators.
  bool IsPlain() const;
  yaml::Mark GetMark() const;

  // The value of the first scalar key equal to `key` of a mapping; an
  // undefined node when there is none (or this is no mapping).
  Node operator[](std::string_view key) const;

  // Children: items of a sequence, key/value pairs of a mapping.
  size_t size() const;
  class iterator;
  iterator begin() const;
  iterator end() const;

  // The same tree as a yaml-cpp node (for YAML::Emitter).
  YAML::Node to_yaml_cpp() const;

 private:
  friend class Document;
  friend struct Entry;
  Node(const Document* doc, uint32_t index) : doc_(doc), index_(index) {}
  const Document* doc_ = nullptr;
  uint32_t index_ = 0;
};

// What iterating a Node gives: for a sequence the item itself (the Entry is
// the item's Node), for a mapping `first` (key) and `second` (value), as
// yaml-cpp's iterators do.
struct Entry : Node {
  Node first;
  Node second;
};

class Node::iterator {
 public:
  iterator(const Document* doc, uint32_t parent, size_t pos)
      : doc_(doc), parent_(parent), pos_(pos) {
    fill();
  }
  const Entry& operator*() const { return entry_; }
  const Entry* operator->() const { return &entry_; }
  iterator& operator++();
  bool operator==(const iterator& o) const { return pos_ == o.pos_ && parent_ == o.parent_; }
  bool operator!=(const iterator& o) const { return !(*this == o); }

 private:
  void fill();
  const Document* doc_;
  uint32_t parent_;
  size_t pos_;
  Entry entry_;
};

// A parsed document: every node in one array, children by index.
class Document {
 public:
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };
  struct NodeData {
    Kind kind = Kind::kNull;
    bool plain = true;  // scalars: written plain
    yaml::Mark mark;
    std::string scalar;
    // Children (sequence items; mapping key, value, key, value...):
    // `count` entries of children_ from `first`.
    uint32_t first = 0;
    uint32_t count = 0;
  };

  Node root() const { return Node(this, root_); }
  const NodeData& data(uint32_t i) const { return nodes_[i]; }
  std::span<const uint32_t> children(uint32_t i) const {
    return {children_.data() + nodes_[i].first, nodes_[i].count};
  }

  // Reads `text` with libyaml; nullopt when libyaml refuses it.
  static std::optional<Document> read_libyaml(const std::string& text);
  // The same tree built from a yaml-cpp node (the fallback reader).
  static Document from_yaml_cpp(const YAML::Node& root);

 private:
  uint32_t add(NodeData d) {
    nodes_.push_back(std::move(d));
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  uint32_t convert(const YAML::Node& n, int depth);
  // Makes `items` the children of node `i`.
  void set_children(uint32_t i, const std::vector<uint32_t>& items) {
    nodes_[i].first = static_cast<uint32_t>(children_.size());
    nodes_[i].count = static_cast<uint32_t>(items.size());
    children_.insert(children_.end(), items.begin(), items.end());
  }
  std::vector<NodeData> nodes_;
  std::vector<uint32_t> children_;
  uint32_t root_ = 0;
};

// 1-based location of a mark; line 0 if unknown.
SourceLocation location(const yaml::Mark& mark, const std::string& file);
SourceLocation location(const YAML::Mark& mark, const std::string& file);
// The location of a node (its mark); line 0 for an undefined node.
SourceLocation location(const Node& node, const std::string& file);

// Parses `text` (the contents of `file`). Returns nullopt after adding an
// error diagnostic when the text is not valid UTF-8 or not valid YAML. Reports
// duplicate keys in any mapping as errors (LinkML's loader refuses them);
// consumers that iterate mappings should keep the first occurrence.
std::optional<Document> parse_document(const std::string& text, const std::string& file,
                                       Diagnostics& diags);

// YAML 1.1 booleans as PyYAML reads them: true/false, yes/no, on/off in lower,
// Title or UPPER case; and 1/0, which LinkML's Bool accepts. nullopt for
// anything else.
std::optional<bool> parse_bool(const std::string& text);

// The byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> find_invalid_utf8(const std::string& text);

}  // namespace reconcile::linkml::yaml
