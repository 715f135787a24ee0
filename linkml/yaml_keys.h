// Known keys of each LinkML element kind, and "did you mean" suggestions.
//
// The key lists are the slots of the LinkML metamodel classes
// (SchemaDefinition, ClassDefinition, SlotDefinition, ...), each under the name
// a YAML file uses (the slot's alias, or its name with spaces as underscores),
// including everything inherited from Element, Definition and the mixins.
// Keys not listed are reported as unknown with the closest known key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/strings.h"

namespace reconcile::linkml::yaml {

enum class ElementKind {
  kSchema,
  kClass,
  kSlot,  // schema slots, attributes and slot_usage entries
  kType,
  kEnum,
  kPermissibleValue,
  kUniqueKey,
  kAnnotation,      // {tag: ..., value: ...}
  kSlotExpression,  // entries of any_of / all_of / exactly_one_of / none_of
  kPrefix,          // {prefix_prefix: ..., prefix_reference: ...}
};

// "class", "slot", ... for messages.
std::string_view kind_name(ElementKind kind);

// True if `key` is a metamodel key of that kind.
bool is_known_key(ElementKind kind, std::string_view key);

// All known keys of that kind, sorted.
const std::vector<std::string_view>& known_keys(ElementKind kind);

// The closest known key by edit distance (ties: alphabetical), if it is close
// enough to be a plausible typo (distance <= max(1, len/3)).
std::optional<std::string> suggest_key(ElementKind kind, std::string_view key);

// Levenshtein distance (bytes).
using util::edit_distance;

}  // namespace reconcile::linkml::yaml
