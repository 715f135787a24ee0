// The built-in LinkML types (`imports: [linkml:types]`), as facts.
//
// LinkML ships these in its runtime package (types.yaml). reconcile does not
// read that file: the table below holds what the DDL path needs (name, typeof,
// base, uri, repr). When an import map sends `linkml:` to a folder, the loader
// reads types.yaml from there instead, exactly like LinkML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linkml/model.h"

namespace reconcile::linkml {

struct BuiltinType {
  std::string_view name;
  std::string_view base;  // the Python base class LinkML maps from (str, int, Bool, XSDDate, ...)
  std::string_view uri;   // a CURIE (xsd:string, ...)
  std::string_view repr;  // empty when the type has none
};

// The module key, id and name of the built-in types schema.
inline constexpr std::string_view kBuiltinTypesImport = "linkml:types";
inline constexpr std::string_view kBuiltinTypesId = "https://w3id.org/linkml/types";
inline constexpr std::string_view kBuiltinTypesName = "types";
// The position given to built-in elements: no file, so messages say this.
inline constexpr std::string_view kBuiltinTypesFile = "<linkml:types>";

// All built-in types, in types.yaml order.
const std::vector<BuiltinType>& builtin_types();
// The built-in type of that name, if any.
const BuiltinType* find_builtin_type(std::string_view name);

// The built-in types as TypeDefinitions (builtin = true), in order.
Ordered<TypeDefinition> builtin_type_definitions();

}  // namespace reconcile::linkml
