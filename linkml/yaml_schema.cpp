#include "linkml/yaml_schema.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <unordered_set>

#include "linkml/yaml_document.h"
#include "linkml/yaml_keys.h"

namespace reconcile::linkml::yaml {
namespace {

std::string shape_name(const Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing";
  return "a single value";
}

// Keys of an annotation written as {tag: ..., value: ...}.
bool is_tag_value_form(const Node& n) {
  if (!n.IsMap() || !n["value"]) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) return false;
    const std::string k = it->first.Scalar();
    if (k != "tag" && k != "value" && k != "annotations" && k != "extensions") return false;
  }
  return true;
}

// Keys of an enum that make it dynamic (values computed, none listed).
const std::set<std::string>& dynamic_enum_keys() {
  static const std::set<std::string> k = {"reachable_from", "concepts", "include", "minus",
                                          "matches",        "code_set", "inherits"};
  return k;
}

class Parser {
 public:
  Parser(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  ParsedModule parse(const Node& root) {
    ParsedModule out;
    out.module.path = file_;
    out.module.where = {file_, 1, 1};
    if (!root || root.IsNull()) {
      out.empty = true;
      diags_.warn("empty-schema", "the file is empty: it defines no schema elements", {file_, 1, 1},
                  "add at least `id:` and `name:`, or remove the import of this file");
      return out;
    }
    if (!root.IsMap()) {
      out.empty = true;
      diags_.error("not-a-mapping",
                   "a schema file must be a YAML mapping (keys such as id, name, classes), but "
                   "this one is " +
                       shape_name(root),
                   loc(root), "LinkML cannot load this file; make it a mapping");
      return out;
    }
    // `id` first, so every element can get its from_schema.
    if (auto id = root["id"]; id && id.IsScalar()) from_schema_ = id.Scalar();
    if (from_schema_.empty()) from_schema_ = file_;

    for_each_key(root, ElementKind::kSchema, "schema", out.field_where,
                 [&](const std::string& key, const Node& value, const Node&) {
                   if (key == "id") {
                     if (auto v = scalar(value, key)) out.module.id = *v;
                   } else if (key == "name") {
                     if (auto v = scalar(value, key)) out.module.name = *v;
                   } else if (key == "description") {
                     out.description = free_text(value, key);
                   } else if (key == "imports") {
                     list(value, key, out.module.imports, &out.module.import_locations);
                   } else if (key == "default_range") {
                     out.module.default_range = scalar(value, key);
                   } else if (key == "default_prefix") {
                     out.module.default_prefix = scalar(value, key);
                   } else if (key == "prefixes") {
                     parse_prefixes(value, out.module.prefixes);
                   } else if (key == "classes") {
                     keyed(value, key, out.classes,
                           [&](ClassDefinition& c, const Node& b) { parse_class(c, b); });
                   } else if (key == "slots") {
                     keyed(value, key, out.slots,
                           [&](SlotDefinition& s, const Node& b) { parse_slot(s, b); });
                   } else if (key == "types") {
                     keyed(value, key, out.types,
                           [&](TypeDefinition& t, const Node& b) { parse_type(t, b); });
                   } else if (key == "enums") {
                     keyed(value, key, out.enums,
                           [&](EnumDefinition& e, const Node& b) { parse_enum(e, b); });
                   } else if (key == "annotations") {
                     parse_annotations(value, out.annotations);
                   }
                 });
    if (out.module.name.empty()) {
      diags_.warn("missing-name", "the schema has no `name:`", {file_, 1, 1},
                  "LinkML requires `name:` on every schema; add one");
    }
    if (out.module.id.empty()) {
      diags_.warn("missing-id", "the schema has no `id:`", {file_, 1, 1},
                  "LinkML requires `id:` (a URI) on every schema; add one");
    }
    return out;
  }

 private:
  using KeyFn = std::function<void(const std::string& key, const Node& value, const Node& k)>;

  SourceLocation loc(const Node& n) const { return location(n, file_); }

  // Calls fn for each key of `map` (first occurrence of duplicates only),
  // records its position and warns about keys the metamodel does not know.
  void for_each_key(const Node& map, ElementKind kind, const std::string& what,
                    FieldLocations& where, const KeyFn& fn) {
    std::unordered_set<std::string_view> seen;  // views of the document's keys
    for (auto it = map.begin(); it != map.end(); ++it) {
      const Node k = it->first;
      const Node v = it->second;
      if (!k.IsScalar()) {
        diags_.error("invalid-key",
                     "a key in " + what + " must be a plain name, not " + shape_name(k), loc(k));
        continue;
      }
      const std::string& key = k.Scalar();     // held by the document
      if (!seen.insert(key).second) continue;  // duplicate: reported by parse_document
      where[key] = v.IsNull() ? loc(k) : loc(v);
      if (!is_known_key(kind, key)) {
        std::string msg = "unknown key '" + key + "' in " + what;
        std::string hint;
        if (auto s = suggest_key(kind, key)) {
          msg += "; did you mean '" + *s + "'?";
          hint = "LinkML's metamodel has no " + std::string(kind_name(kind)) + " key '" + key +
                 "'; the closest is '" + *s + "'. The key is ignored";
        } else {
          hint = "LinkML's metamodel has no " + std::string(kind_name(kind)) + " key '" + key +
                 "'; the key is ignored";
        }
        diags_.warn("unknown-key", msg, loc(k), hint);
        continue;
      }
      fn(key, v, k);
    }
  }

  // A single value; null is "unset"; lists and mappings are errors.
  std::optional<std::string> scalar(const Node& v, const std::string& key) {
    if (!v || v.IsNull()) return std::nullopt;
    if (v.IsScalar()) return v.Scalar();
    diags_.error("invalid-value",
                 "'" + key + "' takes a single value, but " + shape_name(v) + " is given; ignored",
                 loc(v), "LinkML would refuse this; write one value");
    return std::nullopt;
  }

  // A description: a single value, without NUL characters (PostgreSQL
  // cannot store them in a comment; YAML can write them as "\0").
  // Text that only becomes a comment, so a malformed one is a warning.
  std::optional<std::string> free_text(const Node& v, const std::string& key) {
    if (v && !v.IsNull() && !v.IsScalar()) {
      diags_.warn("invalid-value",
                  "'" + key + "' takes a single text, but " + shape_name(v) +
                      " is given; it is ignored (it would only be a comment)",
                  loc(v), "write the text as one value, e.g. with `|` for several lines");
      return std::nullopt;
    }
    auto s = scalar(v, key);
    if (!s || s->find('\0') == std::string::npos) return s;
    s->erase(std::remove(s->begin(), s->end(), '\0'), s->end());
    diags_.warn("nul-character",
                "'" + key +
                    "' contains a NUL character, which a PostgreSQL comment cannot hold; "
                    "it is left out",
                loc(v), "remove the \\0 escape from the text");
    return s;
  }

  std::optional<bool> boolean(const Node& v, const std::string& key) {
    auto s = scalar(v, key);
    if (!s) return std::nullopt;
    if (auto b = parse_bool(*s)) return b;
    diags_.error("invalid-boolean",
                 "'" + key + "' must be true or false, not '" + *s + "'; ignored", loc(v),
                 "write true or false");
    return std::nullopt;
  }

  // A list of names; a single value counts as a one-element list.
  void list(const Node& v, const std::string& key, std::vector<std::string>& out,
            std::vector<SourceLocation>* where = nullptr) {
    if (!v || v.IsNull()) return;
    if (v.IsScalar()) {
      out.push_back(v.Scalar());
      if (where) where->push_back(loc(v));
      return;
    }
    if (v.IsSequence()) {
      for (const auto& item : v) {
        if (item.IsScalar()) {
          out.push_back(item.Scalar());
          if (where) where->push_back(loc(item));
        } else if (!item.IsNull()) {
          diags_.error("invalid-value",
                       "items of '" + key + "' must be names, but " + shape_name(item) +
                           " is given; ignored",
                       loc(item), "LinkML would refuse this; write a list of names");
        }
      }
      return;
    }
    diags_.error("invalid-value",
                 "'" + key + "' takes a list of names, but " + shape_name(v) + " is given; ignored",
                 loc(v), "write a list, e.g. [a, b]");
  }

  // A keyed collection: a mapping name -> body, or a list of names (or of
  // bodies with `name:`/`text:`). Definitions keep YAML order.
  template <typename T, typename Fn>
  void keyed(const Node& v, const std::string& key, Ordered<T>& out, Fn&& parse_body) {
    if (!v || v.IsNull()) return;
    auto add = [&](const std::string& name, const Node& name_node, const Node& body) {
      if (out.contains(name)) return;  // duplicate key (reported) or repeated list item
      T def;
      def.name = name;
      def.where = loc(name_node);
      def.from_schema = from_schema_;
      if (body && !body.IsNull()) {
        if (body.IsMap()) {
          parse_body(def, body);
        } else {
          diags_.error("invalid-value",
                       "the body of " + key + " entry '" + name + "' must be a mapping, but " +
                           shape_name(body) + " is given; ignored",
                       loc(body), "write `" + name + ":` followed by indented keys");
        }
      }
      out.insert(name, std::move(def));
    };
    if (v.IsMap()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it->first.IsScalar()) {
          diags_.error("invalid-key", "names in '" + key + "' must be plain names", loc(it->first));
          continue;
        }
        add(it->first.Scalar(), it->first, it->second);
      }
    } else if (v.IsSequence()) {
      for (const auto& item : v) {
        if (item.IsScalar()) {
          add(item.Scalar(), item, Node());
        } else if (item.IsMap() && item["name"] && item["name"].IsScalar()) {
          add(item["name"].Scalar(), item["name"], item);
        } else {
          diags_.error("invalid-value",
                       "items of '" + key + "' must be names or mappings with `name:`; ignored",
                       loc(item));
        }
      }
    } else {
      diags_.error("invalid-value",
                   "'" + key + "' must be a mapping of names to definitions, but " + shape_name(v) +
                       " is given; ignored",
                   loc(v));
    }
  }

  void parse_prefixes(const Node& v, Ordered<std::string>& out) {
    if (!v || v.IsNull()) return;
    if (!v.IsMap()) {
      diags_.error("invalid-value", "'prefixes' must be a mapping of prefix to URI; ignored",
                   loc(v));
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      const std::string pfx = it->first.Scalar();
      const Node body = it->second;
      if (body.IsScalar()) {
        out.insert(pfx, body.Scalar());
      } else if (body.IsMap()) {
        FieldLocations ignored;
        std::optional<std::string> ref;
        for_each_key(body, ElementKind::kPrefix, "prefix '" + pfx + "'", ignored,
                     [&](const std::string& key, const Node& value, const Node&) {
                       if (key == "prefix_reference") ref = scalar(value, key);
                     });
        if (ref) out.insert(pfx, *ref);
      } else if (!body.IsNull()) {
        diags_.error("invalid-value", "prefix '" + pfx + "' must map to a URI; ignored", loc(body));
      }
    }
  }

  // One annotation value: scalar, list, or map of name -> list.
  AnnotationValue annotation_value(const Node& v) {
    AnnotationValue out;
    out.where = loc(v);
    if (!v || v.IsNull()) return out;
    if (is_tag_value_form(v)) return annotation_value(v["value"]);
    auto text = [](const Node& n) -> std::string {
      if (n.IsScalar()) return n.Scalar();
      if (n.IsNull()) return "";
      YAML::Emitter e;
      e << YAML::Flow << n.to_yaml_cpp();
      return e.c_str();
    };
    if (v.IsScalar()) {
      out.scalar = v.Scalar();
    } else if (v.IsSequence()) {
      out.is_list = true;
      for (const auto& item : v) out.list.push_back(text(item));
    } else if (v.IsMap()) {
      out.is_map = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::vector<std::string> items;
        const Node body = it->second;
        if (body.IsSequence()) {
          for (const auto& item : body) items.push_back(text(item));
        } else if (!body.IsNull()) {
          items.push_back(text(body));
        }
        out.map.emplace_back(text(it->first), std::move(items));
      }
    }
    return out;
  }

  void parse_annotations(const Node& v, Ordered<AnnotationValue>& out) {
    if (!v || v.IsNull()) return;
    if (v.IsMap()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        if (it->second.IsMap() && it->second["tag"] && !is_tag_value_form(it->second)) {
          check_annotation_keys(it->second, it->first.Scalar());
        }
        out.insert(it->first.Scalar(), annotation_value(it->second));
      }
    } else if (v.IsSequence()) {
      // [{tag: t, value: v}, ...]
      for (const auto& item : v) {
        if (item.IsMap() && item["tag"] && item["tag"].IsScalar()) {
          out.insert(item["tag"].Scalar(), annotation_value(item["value"]));
        } else {
          diags_.error("invalid-value", "annotations given as a list need `tag:` and `value:`",
                       loc(item));
        }
      }
    } else {
      diags_.error("invalid-value",
                   "'annotations' must be a mapping of tag to value, but " + shape_name(v) +
                       " is given; ignored",
                   loc(v));
    }
  }

  void check_annotation_keys(const Node& body, const std::string& tag) {
    FieldLocations ignored;
    for_each_key(body, ElementKind::kAnnotation, "annotation '" + tag + "'", ignored,
                 [](const std::string&, const Node&, const Node&) {});
  }

  // Keys shared by slots, attributes and slot_usage entries.
  void parse_slot(SlotDefinition& s, const Node& body) {
    for_each_key(body, ElementKind::kSlot, "slot '" + s.name + "'", s.field_where,
                 [&](const std::string& key, const Node& v, const Node&) {
                   if (key == "description")
                     s.description = free_text(v, key);
                   else if (key == "range")
                     s.range = scalar(v, key);
                   else if (key == "is_a")
                     s.is_a = scalar(v, key);
                   else if (key == "mixins")
                     list(v, key, s.mixins);
                   else if (key == "identifier")
                     s.identifier = boolean(v, key);
                   else if (key == "key")
                     s.key = boolean(v, key);
                   else if (key == "required")
                     s.required = boolean(v, key);
                   else if (key == "multivalued")
                     s.multivalued = boolean(v, key);
                   else if (key == "inlined")
                     s.inlined = boolean(v, key);
                   else if (key == "inlined_as_list")
                     s.inlined_as_list = boolean(v, key);
                   else if (key == "mixin")
                     s.mixin = boolean(v, key);
                   else if (key == "abstract")
                     s.abstract = boolean(v, key);
                   else if (key == "recommended")
                     s.recommended = boolean(v, key);
                   else if (key == "designates_type")
                     s.designates_type = boolean(v, key);
                   else if (key == "alias")
                     s.alias = scalar(v, key);
                   else if (key == "singular_name")
                     s.singular_name = scalar(v, key);
                   else if (key == "ifabsent")
                     s.ifabsent = scalar(v, key);
                   else if (key == "minimum_value")
                     s.minimum_value = scalar(v, key);
                   else if (key == "maximum_value")
                     s.maximum_value = scalar(v, key);
                   else if (key == "pattern")
                     s.pattern = scalar(v, key);
                   else if (key == "domain")
                     s.domain = scalar(v, key);
                   else if (key == "slot_uri")
                     s.slot_uri = scalar(v, key);
                   else if (key == "from_schema") {
                     if (auto f = scalar(v, key)) s.from_schema = *f;
                   } else if (key == "annotations")
                     parse_annotations(v, s.annotations);
                   else if (key == "any_of")
                     parse_any_of(s, v);
                 });
  }

  // any_of gives no column type (LinkML's SQL generator falls back to the
  // default range), so its defects are warnings.
  void parse_any_of(SlotDefinition& s, const Node& v) {
    if (!v || v.IsNull()) return;
    auto expression = [&](const Node& item) {
      FieldLocations ignored;
      for_each_key(item, ElementKind::kSlotExpression, "any_of of slot '" + s.name + "'", ignored,
                   [&](const std::string& key, const Node& value, const Node&) {
                     if (key == "range") {
                       if (auto r = scalar(value, key)) s.any_of_ranges.push_back(*r);
                     }
                   });
    };
    if (v.IsMap()) {
      diags_.warn("any-of-not-a-list",
                  "'any_of' of slot '" + s.name +
                      "' is a mapping; it is read as a list of that one expression",
                  loc(v), "write it as a list: `any_of: [{range: X}, {range: Y}]`");
      expression(v);
      return;
    }
    if (!v.IsSequence()) {
      diags_.warn("invalid-value",
                  "'any_of' of slot '" + s.name + "' takes a list of slot expressions; ignored",
                  loc(v), "write it as a list: `any_of: [{range: X}, {range: Y}]`");
      return;
    }
    for (const auto& item : v) {
      if (!item.IsMap()) {
        diags_.warn("invalid-value",
                    "items of 'any_of' must be mappings such as {range: X}; ignored", loc(item));
        continue;
      }
      expression(item);
    }
  }

  void parse_class(ClassDefinition& c, const Node& body) {
    for_each_key(body, ElementKind::kClass, "class '" + c.name + "'", c.field_where,
                 [&](const std::string& key, const Node& v, const Node&) {
                   if (key == "description")
                     c.description = free_text(v, key);
                   else if (key == "is_a")
                     c.is_a = scalar(v, key);
                   else if (key == "mixins")
                     list(v, key, c.mixins);
                   else if (key == "abstract")
                     c.abstract = boolean(v, key);
                   else if (key == "mixin")
                     c.mixin = boolean(v, key);
                   else if (key == "tree_root")
                     c.tree_root = boolean(v, key);
                   else if (key == "class_uri")
                     c.class_uri = scalar(v, key);
                   else if (key == "from_schema") {
                     if (auto f = scalar(v, key)) c.from_schema = *f;
                   } else if (key == "slots")
                     list(v, key, c.slots, &c.slot_locations);
                   else if (key == "attributes") {
                     keyed(v, key, c.attributes,
                           [&](SlotDefinition& s, const Node& b) { parse_slot(s, b); });
                   } else if (key == "slot_usage") {
                     keyed(v, key, c.slot_usage,
                           [&](SlotDefinition& s, const Node& b) { parse_slot(s, b); });
                   } else if (key == "unique_keys")
                     parse_unique_keys(c, v);
                   else if (key == "annotations")
                     parse_annotations(v, c.annotations);
                 });
  }

  void parse_unique_keys(ClassDefinition& c, const Node& v) {
    if (!v || v.IsNull()) return;
    if (!v.IsMap()) {
      diags_.error("invalid-value",
                   "'unique_keys' must be a mapping of key name to {unique_key_slots: [...]}; "
                   "ignored",
                   loc(v));
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      UniqueKey uk;
      uk.name = it->first.Scalar();
      uk.where = loc(it->first);
      const Node body = it->second;
      if (body.IsMap()) {
        for_each_key(body, ElementKind::kUniqueKey, "unique key '" + uk.name + "'", uk.field_where,
                     [&](const std::string& key, const Node& value, const Node&) {
                       if (key == "unique_key_slots")
                         list(value, key, uk.slots);
                       else if (key == "consider_nulls_inequal")
                         uk.consider_nulls_inequal = boolean(value, key);
                     });
      } else if (body.IsSequence() || body.IsScalar()) {
        // LinkML normalises `name: [a, b]` to {unique_key_slots: [a, b]}.
        list(body, "unique_key_slots", uk.slots);
      }
      if (uk.slots.empty()) {
        diags_.warn("empty-unique-key",
                    "unique key '" + uk.name + "' of class '" + c.name + "' lists no slots",
                    uk.where, "LinkML requires unique_key_slots; the key has no effect");
      }
      std::string name = uk.name;
      c.unique_keys.insert(name, std::move(uk));
    }
  }

  void parse_type(TypeDefinition& t, const Node& body) {
    for_each_key(body, ElementKind::kType, "type '" + t.name + "'", t.field_where,
                 [&](const std::string& key, const Node& v, const Node&) {
                   if (key == "typeof")
                     t.typeof_ = scalar(v, key);
                   else if (key == "base")
                     t.base = scalar(v, key);
                   else if (key == "uri")
                     t.uri = scalar(v, key);
                   else if (key == "repr")
                     t.repr = scalar(v, key);
                   else if (key == "description")
                     t.description = free_text(v, key);
                   else if (key == "minimum_value")
                     t.minimum_value = scalar(v, key);
                   else if (key == "maximum_value")
                     t.maximum_value = scalar(v, key);
                   else if (key == "pattern")
                     t.pattern = scalar(v, key);
                   else if (key == "from_schema") {
                     if (auto f = scalar(v, key)) t.from_schema = *f;
                   } else if (key == "annotations")
                     parse_annotations(v, t.annotations);
                 });
  }

  void parse_enum(EnumDefinition& e, const Node& body) {
    bool has_dynamic_key = false;
    for_each_key(body, ElementKind::kEnum, "enum '" + e.name + "'", e.field_where,
                 [&](const std::string& key, const Node& v, const Node&) {
                   if (key == "description")
                     e.description = free_text(v, key);
                   else if (key == "from_schema") {
                     if (auto f = scalar(v, key)) e.from_schema = *f;
                   } else if (key == "annotations")
                     parse_annotations(v, e.annotations);
                   else if (key == "permissible_values")
                     parse_values(e, v);
                   else if (dynamic_enum_keys().count(key))
                     has_dynamic_key = true;
                 });
    e.dynamic = has_dynamic_key && e.permissible_values.empty();
  }

  void parse_values(EnumDefinition& e, const Node& v) {
    if (!v || v.IsNull()) return;
    auto add = [&](const std::string& text, const Node& text_node, const Node& body) {
      if (e.permissible_values.contains(text)) return;
      PermissibleValue pv;
      pv.text = text;
      pv.where = loc(text_node);
      if (body && body.IsMap()) {
        for_each_key(body, ElementKind::kPermissibleValue,
                     "permissible value '" + text + "' of enum '" + e.name + "'", pv.field_where,
                     [&](const std::string& key, const Node& value, const Node&) {
                       if (key == "description")
                         pv.description = free_text(value, key);
                       else if (key == "meaning")
                         pv.meaning = scalar(value, key);
                       else if (key == "annotations")
                         parse_annotations(value, pv.annotations);
                     });
      } else if (body && !body.IsNull()) {
        diags_.error("invalid-value",
                     "the body of permissible value '" + text + "' must be a mapping, but " +
                         shape_name(body) + " is given; ignored",
                     loc(body), "write `" + text + ":` alone, or with indented keys");
      }
      e.permissible_values.insert(text, std::move(pv));
    };
    if (v.IsMap()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it->first.IsScalar()) add(it->first.Scalar(), it->first, it->second);
      }
    } else if (v.IsSequence()) {
      for (const auto& item : v) {
        if (item.IsScalar()) {
          add(item.Scalar(), item, Node());
        } else if (item.IsMap() && item["text"] && item["text"].IsScalar()) {
          add(item["text"].Scalar(), item["text"], item);
        } else {
          diags_.error("invalid-value",
                       "items of 'permissible_values' must be values or mappings with `text:`; "
                       "ignored",
                       loc(item));
        }
      }
    } else {
      diags_.error("invalid-value",
                   "'permissible_values' must be a mapping or a list, but " + shape_name(v) +
                       " is given; ignored",
                   loc(v));
    }
  }

  const std::string& file_;
  Diagnostics& diags_;
  std::string from_schema_;
};

}  // namespace

ParsedModule parse_module(const Node& root, const std::string& file, Diagnostics& diags) {
  Parser parser(file, diags);
  try {
    return parser.parse(root);
  } catch (const YAML::Exception& e) {
    // Defensive: yaml-cpp throws on unusual node shapes; report, never crash.
    diags.error("yaml-unsupported", "this YAML could not be read: " + e.msg, location(e.mark, file),
                "simplify the YAML near this position (anchors, complex keys, tags)");
    ParsedModule out;
    out.module.path = file;
    out.module.where = {file, 1, 1};
    out.empty = true;
    return out;
  }
}

}  // namespace reconcile::linkml::yaml
