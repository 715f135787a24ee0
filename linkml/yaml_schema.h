// Turns one parsed YAML document (one schema file) into LinkML definitions.
//
// Guarantees: never throws on odd input. Every problem becomes a diagnostic
// with the position of the offending key or value: unknown keys (warning, with
// the closest metamodel key), values of the wrong shape or booleans that are
// not booleans (error; the value is ignored). Collections keep YAML order;
// empty bodies (`red:`) are empty definitions; a keyed collection may also be
// written as a list of names (LinkML accepts both).
#pragma once

#include <string>

#include "linkml/diagnostics.h"
#include "linkml/model.h"
#include "linkml/yaml_document.h"

namespace reconcile::linkml::yaml {

// The contents of one schema file, before merging.
struct ParsedModule {
  SchemaModule module;  // name, id, path, imports (+ positions), prefixes, defaults
  std::optional<std::string> description;
  Ordered<ClassDefinition> classes;
  Ordered<SlotDefinition> slots;
  Ordered<TypeDefinition> types;
  Ordered<EnumDefinition> enums;
  Ordered<AnnotationValue> annotations;
  FieldLocations field_where;  // schema-level keys
  bool empty = false;          // the file holds no mapping at all
};

// Parses `root` (the document of `file`). Every element that does not say its
// own `from_schema` gets the schema's `id` (or `file` when there is no id).
ParsedModule parse_module(const Node& root, const std::string& file, Diagnostics& diags);

}  // namespace reconcile::linkml::yaml
