// SchemaView: LinkML's inference over a merged SchemaDefinition (the parts the
// SQL mapping needs), with the same precedence as LinkML's own SchemaView
// (linkml-mapping §1.5-1.6, §3.3).
//
//  * class_parents:   mixins in declared order, then is_a.
//  * class_ancestors: reflexive, depth first, in LinkML's order (C, its
//                     mixins, its is_a, the is_a parent's ancestors, then the
//                     mixins' ancestors, last mixin first).
//  * class_slots:     slots then attributes of each ancestor, first wins.
//  * induced_slot:    base definition (attribute of the nearest ancestor, or
//                     the schema-level slot), slot is_a/mixin propagation
//                     (truthy values only, farthest ancestor first),
//                     slot_usage (a class earlier in the ancestor list wins;
//                     minimum_value takes the max, maximum_value the min),
//                     default_range, inlined_as_list => inlined,
//                     identifier/key => required, alias := underscore(name).
//  * identifier_slot: alphabetical over class_slots, like get_identifier_slot.
//
// A SchemaView holds a reference to the schema: the schema must outlive it.
// It has no mutable state; every query is a pure function of the schema.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linkml/model.h"

namespace reconcile::linkml {

// LinkML's `underscore()`: strip, runs of whitespace -> '_', drop ',', '-' -> '_'.
std::string underscore(const std::string& name);

class SchemaView {
 public:
  explicit SchemaView(const SchemaDefinition& schema) : schema_(schema) {}

  const SchemaDefinition& schema() const { return schema_; }

  const ClassDefinition* get_class(const std::string& name) const {
    return schema_.classes.find(name);
  }
  const SlotDefinition* get_slot(const std::string& name) const { return schema_.slots.find(name); }
  const EnumDefinition* get_enum(const std::string& name) const { return schema_.enums.find(name); }
  const TypeDefinition* get_type(const std::string& name) const { return schema_.types.find(name); }

  std::vector<std::string> class_parents(const std::string& cls) const;
  std::vector<std::string> class_ancestors(const std::string& cls) const;
  // All classes that have `cls` among their ancestors (excluding `cls`), in
  // schema order.
  std::vector<std::string> class_descendants(const std::string& cls) const;
  std::vector<std::string> class_slots(const std::string& cls) const;
  std::vector<std::string> slot_ancestors(const std::string& slot) const;

  // The slot as it applies to `cls`. A slot that is neither an attribute of
  // the class or its ancestors nor a schema-level slot gives a bare slot of
  // that name (range unset, hence default_range).
  SlotDefinition induced_slot(const std::string& slot, const std::string& cls) const;
  // induced_slot for every name of class_slots(cls), in that order.
  std::vector<SlotDefinition> class_induced_slots(const std::string& cls) const;

  // The alphabetically first class slot that is an identifier (or, with
  // use_key and no identifier, the first key), like LinkML's
  // get_identifier_slot. nullopt when there is none.
  std::optional<SlotDefinition> identifier_slot(const std::string& cls, bool use_key = false) const;

  // True if `name` names a class, enum or type of the schema.
  bool is_class(const std::string& name) const { return schema_.classes.contains(name); }
  bool is_enum(const std::string& name) const { return schema_.enums.contains(name); }
  bool is_type(const std::string& name) const { return schema_.types.contains(name); }

  // The `typeof` chain of a type, starting with the type itself, ending at a
  // type without typeof (or before a cycle / an unknown name).
  std::vector<const TypeDefinition*> type_chain(const std::string& type) const;

 private:
  const SchemaDefinition& schema_;
};

}  // namespace reconcile::linkml
