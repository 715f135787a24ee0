#include "support/schemas.h"

namespace reconcile::testing {

std::string people_schema(const std::string& extra) {
  return R"(id: https://example.org/people
name: people
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
classes:
  Person:
    attributes:
      id:
        identifier: true
        range: integer
      name:
        required: true
)" + extra;
}

}  // namespace reconcile::testing
