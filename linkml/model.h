// The LinkML model as loaded from YAML: what the files say, with positions.
//
// This is the *asserted* model (LinkML's SchemaDefinition), after imports are
// merged (linkml-mapping §1.2: root elements first, then imported ones in
// closure order, the first definition of a name wins). Inheritance, slot_usage
// and defaults are NOT applied here; linkml/schemaview.h induces them.
//
// Guarantees:
//  * Every element remembers where it was defined (file, line, column).
//  * Collections keep YAML order (Ordered<T>), which LinkML's output depends on.
//  * Booleans that LinkML leaves unset are std::nullopt, not false (inheritance
//    distinguishes "unset" from "false").
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/error.h"

namespace reconcile::linkml {

// An insertion-ordered map keyed by name. Lookups are by name; iteration is
// in insertion (YAML) order. Elements never move: a pointer returned by
// find() stays valid while more elements are inserted (deque storage).
template <typename T>
class Ordered {
 public:
  // Inserts at the end; returns false (and changes nothing) if the name exists.
  bool insert(const std::string& name, T value) {
    if (index_.count(name)) return false;
    index_.emplace(name, items_.size());
    items_.emplace_back(name, std::move(value));
    return true;
  }
  const T* find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second].second;
  }
  T* find(const std::string& name) {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second].second;
  }
  bool contains(const std::string& name) const { return index_.count(name) > 0; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }

 private:
  std::deque<std::pair<std::string, T>> items_;
  std::unordered_map<std::string, size_t> index_;  // order lives in items_
};

// Where each key of an element's YAML body was written: the position of the
// value (or of the key when the value is empty). Keys are the YAML keys as
// written ("range", "is_a", "identifier", ...).
using FieldLocations = std::map<std::string, SourceLocation>;

// The position of `key` in element `e`, or the element's own position when the
// key was not written. Works for every definition type below.
template <typename E>
SourceLocation where_of(const E& e, const std::string& key) {
  auto it = e.field_where.find(key);
  return it == e.field_where.end() ? e.where : it->second;
}

// Annotation values are kept as YAML-ish text; lists and maps keep structure.
struct AnnotationValue {
  std::string scalar;             // when a scalar
  std::vector<std::string> list;  // when a sequence of scalars
  std::vector<std::pair<std::string, std::vector<std::string>>>
      map;  // when a map (e.g. index: {name: [cols]})
  bool is_list = false;
  bool is_map = false;
  SourceLocation where;
};

struct SlotDefinition {
  std::string name;
  SourceLocation where;
  std::string from_schema;  // the file (schema id or path) that defined it
  std::optional<std::string> description;
  std::optional<std::string> range;
  std::optional<std::string> is_a;
  std::vector<std::string> mixins;
  std::optional<bool> identifier;
  std::optional<bool> key;
  std::optional<bool> required;
  std::optional<bool> multivalued;
  std::optional<bool> inlined;
  std::optional<bool> inlined_as_list;
  std::optional<bool> mixin;
  std::optional<bool> abstract;
  std::optional<std::string> alias;
  std::optional<std::string> singular_name;
  std::optional<std::string> ifabsent;
  std::optional<std::string> minimum_value;  // as written (number text)
  std::optional<std::string> maximum_value;
  std::optional<std::string> pattern;
  std::optional<std::string> domain;
  std::vector<std::string> any_of_ranges;  // ranges named in any_of, if any
  Ordered<AnnotationValue> annotations;
  std::optional<std::string> slot_uri;
  std::optional<bool> recommended;
  std::optional<bool> designates_type;
  FieldLocations field_where;
};

struct UniqueKey {
  std::string name;
  std::vector<std::string> slots;
  std::optional<bool> consider_nulls_inequal;
  SourceLocation where;
  FieldLocations field_where;
};

struct ClassDefinition {
  std::string name;
  SourceLocation where;
  std::string from_schema;
  std::optional<std::string> description;
  std::optional<std::string> is_a;
  std::vector<std::string> mixins;
  std::optional<bool> abstract;
  std::optional<bool> mixin;
  std::optional<bool> tree_root;
  std::vector<std::string> slots;              // names, in order
  std::vector<SourceLocation> slot_locations;  // parallel to slots
  Ordered<SlotDefinition> attributes;
  Ordered<SlotDefinition> slot_usage;  // partial slot definitions
  Ordered<UniqueKey> unique_keys;
  Ordered<AnnotationValue> annotations;
  std::optional<std::string> class_uri;
  FieldLocations field_where;
};

struct TypeDefinition {
  std::string name;
  SourceLocation where;
  std::string from_schema;
  std::optional<std::string> typeof_;  // `typeof`
  std::optional<std::string> base;
  std::optional<std::string> uri;
  std::optional<std::string> repr;
  std::optional<std::string> description;
  std::optional<std::string> minimum_value;
  std::optional<std::string> maximum_value;
  std::optional<std::string> pattern;
  Ordered<AnnotationValue> annotations;
  bool builtin = false;  // from linkml:types
  FieldLocations field_where;
};

struct PermissibleValue {
  std::string text;  // the key
  SourceLocation where;
  std::optional<std::string> description;
  std::optional<std::string> meaning;
  Ordered<AnnotationValue> annotations;
  FieldLocations field_where;
};

struct EnumDefinition {
  std::string name;
  SourceLocation where;
  std::string from_schema;
  std::optional<std::string> description;
  Ordered<PermissibleValue> permissible_values;
  bool dynamic = false;  // reachable_from / concepts etc., no listed values
  Ordered<AnnotationValue> annotations;
  FieldLocations field_where;
};

// One loaded file (a schema module).
struct SchemaModule {
  std::string name;  // `name:` of the schema
  std::string id;    // `id:`
  std::string path;  // as read through the SourceReader
  std::vector<std::string> imports;
  // Added fields (all optional to use):
  std::string key;                               // the import key (root: the schema name)
  SourceLocation where;                          // the file (line 1)
  std::vector<SourceLocation> import_locations;  // parallel to imports
  std::optional<std::string> default_range;      // of this module
  std::optional<std::string> default_prefix;
  Ordered<std::string> prefixes;  // prefix -> URI, as written
  bool builtin = false;           // linkml:types built in (no file)
};

// The merged schema: root elements first, then imports in closure order.
struct SchemaDefinition {
  std::string name;
  std::string id;
  std::optional<std::string> default_range;  // of the root schema
  std::string root_path;
  std::vector<SchemaModule> modules;  // in closure order, root last
  Ordered<ClassDefinition> classes;
  Ordered<SlotDefinition> slots;
  Ordered<TypeDefinition> types;
  Ordered<EnumDefinition> enums;
  Ordered<AnnotationValue> annotations;
  std::optional<std::string> default_prefix;  // of the root schema
  Ordered<std::string> prefixes;              // merged: root first, then imports in closure order
};

}  // namespace reconcile::linkml
