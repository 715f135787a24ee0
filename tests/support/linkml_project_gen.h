// A seeded generator of large multi-module LinkML projects, for tests and
// benchmarks of loading, mapping and applying real-world-shaped schemas.
//
// A project has a root file (main.yaml) importing every module, a core
// module (core/base.yaml: an abstract BaseEntity every class inherits from
// through is_a, a Named mixin, an EtlRun class every table refers to, a
// status enum and an enum of MIME types whose labels exceed 63 bytes), and
// `modules` modules in nested folders (modules/<domain>/<area>/...). Each
// module imports core and a few earlier modules by paths relative to its
// own folder (../../core/base, ../other_area/m0007, ./m0003, and sometimes
// an equivalent detour such as ../<own area>/m0003, so that one file is
// reached by different relative paths), and declares:
//  * the same slots as many other modules (note, status, code; `code` with
//    a different range in some modules, as real projects do);
//  * `classes_per_module` classes: an is_a chain inside the module, the
//    first class inheriting BaseEntity or a class of an imported module,
//    the Named mixin on some, slot_usage making slots required, a foreign
//    key to a class of an imported module, multivalued literal and
//    reference slots (join tables), an inlined multivalued slot (a
//    back-reference column), a long-label enum slot, min/max bounds, a
//    unique key, and on some classes `sql_schema` (a second PostgreSQL
//    schema);
//  * an enum of its own.
// With `long_names`, class, slot and enum names are 60-120 bytes long; the
// part that makes them unique comes first, so that PostgreSQL's truncation
// of LinkML names (linkml profile) keeps them apart.
//
// The same shape and seed always give the same files, byte for byte.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace reconcile::testing {

struct ProjectShape {
  int modules = 100;
  int classes_per_module = 2;
  int folder_depth = 2;       // folder levels under modules/
  int folders_per_level = 4;  // folders in each level
  int multivalued_every = 1;  // every n-th class has the multivalued slots
  bool long_names = true;
  bool long_enum_labels = true;
  bool second_schema = true;
  std::string second_schema_name = "archive";
  uint64_t seed = 1;
};

// About 100 modules and 100 classes, as a mid-sized real project: one class
// per module, short names, a shared abstract base, foreign keys, enums, a
// second schema, and multivalued slots on one class in eight.
ProjectShape realistic_shape();

struct GeneratedProject {
  std::map<std::string, std::string> files;  // relative path -> YAML text
  std::string entry = "main.yaml";
  int modules = 0;  // files, the root included
  int classes = 0;  // classes declared, core's included

  // Writes the files under `dir` (created as needed).
  void write_to(const std::string& dir) const;
};

GeneratedProject generate_project(const ProjectShape& shape);

}  // namespace reconcile::testing
