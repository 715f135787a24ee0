#include "linkml/builtin_types.h"

namespace reconcile::linkml {

const std::vector<BuiltinType>& builtin_types() {
  // name, base, uri, repr (linkml-mapping §1.3).
  static const std::vector<BuiltinType> kTypes = {
      {"string", "str", "xsd:string", ""},
      {"integer", "int", "xsd:integer", ""},
      {"boolean", "Bool", "xsd:boolean", "bool"},
      {"float", "float", "xsd:float", ""},
      {"double", "float", "xsd:double", ""},
      {"decimal", "Decimal", "xsd:decimal", ""},
      {"time", "XSDTime", "xsd:time", "str"},
      {"date", "XSDDate", "xsd:date", "str"},
      {"datetime", "XSDDateTime", "xsd:dateTime", "str"},
      {"date_or_datetime", "str", "linkml:DateOrDatetime", "str"},
      {"uriorcurie", "URIorCURIE", "xsd:anyURI", "str"},
      {"curie", "Curie", "xsd:string", "str"},
      {"uri", "URI", "xsd:anyURI", "str"},
      {"ncname", "NCName", "xsd:string", "str"},
      {"objectidentifier", "ElementIdentifier", "shex:iri", "str"},
      {"nodeidentifier", "NodeIdentifier", "shex:nonLiteral", "str"},
      {"jsonpointer", "str", "xsd:string", "str"},
      {"jsonpath", "str", "xsd:string", "str"},
      {"sparqlpath", "str", "xsd:string", "str"},
  };
  return kTypes;
}

const BuiltinType* find_builtin_type(std::string_view name) {
  for (const auto& t : builtin_types()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Ordered<TypeDefinition> builtin_type_definitions() {
  Ordered<TypeDefinition> out;
  for (const auto& t : builtin_types()) {
    TypeDefinition d;
    d.name = std::string(t.name);
    d.where = SourceLocation{std::string(kBuiltinTypesFile), 0, 0};
    d.from_schema = std::string(kBuiltinTypesId);
    d.base = std::string(t.base);
    d.uri = std::string(t.uri);
    if (!t.repr.empty()) d.repr = std::string(t.repr);
    d.builtin = true;
    std::string name = d.name;
    out.insert(name, std::move(d));
  }
  return out;
}

}  // namespace reconcile::linkml
