#include "linkml/yaml_document.h"

#include <yaml.h>

#include <map>
#include <set>

namespace reconcile::linkml::yaml {
namespace {

// Bounds for walking a document (anchors and aliases can make a small text a
// very large or cyclic tree).
constexpr int kMaxDepth = 400;
constexpr size_t kMaxNodes = 2'000'000;

const std::string kEmpty;

bool is_null_string(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

struct DuplicateWalker {
  const std::string& file;
  Diagnostics& diags;
  size_t visited = 0;

  void walk(const Node& node, int depth) {
    if (depth > kMaxDepth || ++visited > kMaxNodes) return;
    if (node.IsMap()) {
      std::map<std::string, SourceLocation> seen;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it->first.IsScalar()) {
          const std::string& key = it->first.Scalar();
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

// libyaml counts columns in characters (after a byte order mark, which it
// skips), yaml-cpp (and so every diagnostic) in bytes: converts the column of
// a libyaml mark on a line holding multi-byte characters.
class ByteColumns {
 public:
  explicit ByteColumns(const std::string& text) : text_(text) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) base_ = 3;
    for (unsigned char c : text)
      if (c >= 0x80) {
        ascii_ = false;
        break;
      }
    byte_ = base_;
  }
  // `char_index`: the mark's index (characters from the start, the byte
  // order mark not counted).
  int column(size_t char_index, int char_column) {
    if (ascii_ || char_column <= 0) return char_column;
    if (char_index < char_) {  // marks mostly grow; start over when not
      char_ = 0;
      byte_ = base_;
    }
    while (char_ < char_index && byte_ < text_.size()) {
      ++byte_;
      while (byte_ < text_.size() && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80)
        ++byte_;
      ++char_;
    }
    size_t line_start = byte_ > base_ ? text_.rfind('\n', byte_ - 1) : std::string::npos;
    line_start = line_start == std::string::npos || line_start < base_ ? base_ : line_start + 1;
    return static_cast<int>(byte_ - line_start);
  }

 private:
  const std::string& text_;
  bool ascii_ = true;
  size_t base_ = 0;  // 3 after a byte order mark
  size_t char_ = 0;  // the last conversion: character index and its byte offset
  size_t byte_ = 0;
};

}  // namespace

// --- Node -------------------------------------------------------------------

bool Node::IsNull() const {
  return doc_ && doc_->data(index_).kind == Document::Kind::kNull;
}
bool Node::IsScalar() const {
  return doc_ && doc_->data(index_).kind == Document::Kind::kScalar;
}
bool Node::IsMap() const {
  return doc_ && doc_->data(index_).kind == Document::Kind::kMap;
}
bool Node::IsSequence() const {
  return doc_ && doc_->data(index_).kind == Document::Kind::kSequence;
}
const std::string& Node::Scalar() const {
  return IsScalar() ? doc_->data(index_).scalar : kEmpty;
}
bool Node::IsPlain() const {
  return doc_ && doc_->data(index_).plain;
}
yaml::Mark Node::GetMark() const {
  return doc_ ? doc_->data(index_).mark : yaml::Mark{};
}

Node Node::operator[](std::string_view key) const {
  if (!IsMap()) return Node();
  const auto c = doc_->children(index_);
  for (size_t i = 0; i + 1 < c.size(); i += 2) {
    const auto& k = doc_->data(c[i]);
    if (k.kind == Document::Kind::kScalar && k.scalar == key) return Node(doc_, c[i + 1]);
  }
  return Node();
}

size_t Node::size() const {
  if (!doc_) return 0;
  const auto& d = doc_->data(index_);
  if (d.kind == Document::Kind::kMap) return d.count / 2;
  if (d.kind == Document::Kind::kSequence) return d.count;
  return 0;
}

Node::iterator Node::begin() const {
  return iterator(doc_, index_, 0);
}
Node::iterator Node::end() const {
  const size_t n = (doc_ && (IsMap() || IsSequence())) ? doc_->data(index_).count : 0;
  return iterator(doc_, index_, n);
}

void Node::iterator::fill() {
  entry_ = Entry();
  if (!doc_) return;
  const auto& d = doc_->data(parent_);
  const auto c = doc_->children(parent_);
  if (pos_ >= c.size()) return;
  if (d.kind == Document::Kind::kMap) {
    entry_.first = Node(doc_, c[pos_]);
    if (pos_ + 1 < c.size()) entry_.second = Node(doc_, c[pos_ + 1]);
  } else {
    static_cast<Node&>(entry_) = Node(doc_, c[pos_]);
  }
}

Node::iterator& Node::iterator::operator++() {
  pos_ += doc_ && doc_->data(parent_).kind == Document::Kind::kMap ? 2 : 1;
  fill();
  return *this;
}

YAML::Node Node::to_yaml_cpp() const {
  if (IsScalar()) return YAML::Node(Scalar());
  YAML::Node out;
  if (IsSequence()) {
    out = YAML::Node(YAML::NodeType::Sequence);
    for (const auto& item : *this) out.push_back(item.to_yaml_cpp());
  } else if (IsMap()) {
    out = YAML::Node(YAML::NodeType::Map);
    for (auto it = begin(); it != end(); ++it)
      out.force_insert(it->first.to_yaml_cpp(), it->second.to_yaml_cpp());
  }
  return out;
}

// --- Document ---------------------------------------------------------------

std::optional<Document> Document::read_libyaml(const std::string& text) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return std::nullopt;
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  Document doc;
  doc.nodes_.reserve(text.size() / 12 + 16);
  ByteColumns columns(text);
  std::vector<uint32_t> open;                  // containers being read
  std::vector<std::vector<uint32_t>> pending;  // their children so far, by depth
  bool ok = true, done = false, has_root = false;
  auto mark_of = [&](const yaml_mark_t& m) {
    return yaml::Mark{static_cast<int>(m.line),
                      columns.column(m.index, static_cast<int>(m.column))};
  };
  auto attach = [&](uint32_t idx) {
    if (open.empty()) {
      if (!has_root) {
        doc.root_ = idx;
        has_root = true;
      }
      return;
    }
    std::vector<uint32_t>& items = pending[open.size() - 1];
    // A mapping key that is not a scalar (`? [a, b]`): left to yaml-cpp.
    if (doc.nodes_[open.back()].kind == Kind::kMap && items.size() % 2 == 0 &&
        doc.nodes_[idx].kind != Kind::kScalar && doc.nodes_[idx].kind != Kind::kNull)
      ok = false;
    items.push_back(idx);
  };
  // Anchors, aliases, tags and directives are where libyaml and yaml-cpp
  // read odd text differently: a document that uses them is read by yaml-cpp,
  // as before (LinkML schemas hardly ever do).
  auto plain_node = [&](const yaml_char_t* anchor, const yaml_char_t* tag) {
    if (anchor || tag) ok = false;
  };
  while (ok && !done) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      ok = false;
      break;
    }
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        plain_node(ev.data.scalar.anchor, ev.data.scalar.tag);
        NodeData d;
        d.mark = mark_of(ev.start_mark);
        d.plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        const std::string_view value(reinterpret_cast<const char*>(ev.data.scalar.value),
                                     ev.data.scalar.length);
        if (d.plain && is_null_string(value)) {
          d.kind = Kind::kNull;
        } else {
          d.kind = Kind::kScalar;
          d.scalar.assign(value);
        }
        attach(doc.add(std::move(d)));
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = ev.type == YAML_MAPPING_START_EVENT;
        plain_node(map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor,
                   map ? ev.data.mapping_start.tag : ev.data.sequence_start.tag);
        NodeData d;
        d.kind = map ? Kind::kMap : Kind::kSequence;
        d.mark = mark_of(ev.start_mark);
        const uint32_t idx = doc.add(std::move(d));
        attach(idx);
        open.push_back(idx);
        if (pending.size() < open.size()) pending.emplace_back();
        pending[open.size() - 1].clear();
        if (open.size() > static_cast<size_t>(kMaxDepth)) ok = false;
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        doc.set_children(open.back(), pending[open.size() - 1]);
        open.pop_back();
        break;
      case YAML_ALIAS_EVENT:
        ok = false;
        break;
      case YAML_DOCUMENT_START_EVENT:
        if (ev.data.document_start.version_directive ||
            ev.data.document_start.tag_directives.start !=
                ev.data.document_start.tag_directives.end)
          ok = false;
        break;
      case YAML_DOCUMENT_END_EVENT:
      case YAML_STREAM_END_EVENT:
        done = true;  // only the first document is read, as yaml-cpp's Load does
        break;
      case YAML_NO_EVENT:
      case YAML_STREAM_START_EVENT:
        break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  if (!ok) return std::nullopt;
  if (!has_root) {
    NodeData d;  // an empty stream: a null document
    doc.root_ = doc.add(std::move(d));
  }
  return doc;
}

uint32_t Document::convert(const YAML::Node& n, int depth) {
  NodeData d;
  d.mark = {n.Mark().line, n.Mark().column};
  if (n.IsScalar()) {
    d.kind = Kind::kScalar;
    d.scalar = n.Scalar();
    d.plain = n.Tag() == "?";
  } else if (n.IsSequence()) {
    d.kind = Kind::kSequence;
  } else if (n.IsMap()) {
    d.kind = Kind::kMap;
  }
  const uint32_t idx = add(std::move(d));
  if (depth > kMaxDepth || nodes_.size() > kMaxNodes) return idx;
  std::vector<uint32_t> items;
  if (n.IsSequence()) {
    for (const auto& item : n) items.push_back(convert(item, depth + 1));
  } else if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      items.push_back(convert(it->first, depth + 1));
      items.push_back(convert(it->second, depth + 1));
    }
  }
  set_children(idx, items);
  return idx;
}

Document Document::from_yaml_cpp(const YAML::Node& root) {
  Document doc;
  doc.root_ = doc.convert(root, 0);
  return doc;
}

// --- locations and parsing ----------------------------------------------------

SourceLocation location(const yaml::Mark& mark, const std::string& file) {
  if (mark.line < 0 || mark.column < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

SourceLocation location(const YAML::Mark& mark, const std::string& file) {
  return location(yaml::Mark{mark.line, mark.column}, file);
}

SourceLocation location(const Node& node, const std::string& file) {
  if (!node.IsDefined()) return {file, 0, 0};  // a missing key: no mark
  return location(node.GetMark(), file);
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

std::optional<Document> parse_document(const std::string& text, const std::string& file,
                                       Diagnostics& diags) {
  if (auto bad = find_invalid_utf8(text)) {
    diags.error("invalid-utf8", "the file is not valid UTF-8 (first bad byte here)",
                offset_location(text, *bad, file),
                "save the file as UTF-8; LinkML's YAML reader refuses other encodings");
    return std::nullopt;
  }
  std::optional<Document> doc = Document::read_libyaml(text);
  if (!doc) {
    // libyaml refuses the text: yaml-cpp says why (or reads what it accepts).
    try {
      doc = Document::from_yaml_cpp(YAML::Load(text));
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
  }
  DuplicateWalker walker{file, diags};
  walker.walk(doc->root(), 0);
  return doc;
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
