// LinkML schemas that many tests start from.
#pragma once

#include <string>

namespace reconcile::testing {

// The "people" schema: class Person with an integer identifier `id` and a
// required string `name` (table person (id integer PRIMARY KEY, name text
// NOT NULL) in the native profile). `extra` is appended as it is, so lines
// indented by 8 spaces add to `name` (annotations), by 6 spaces add
// attributes of Person.
std::string people_schema(const std::string& extra = "");

}  // namespace reconcile::testing
