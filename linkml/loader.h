// Loading a LinkML schema: the entry file, its imports (closure and merge
// exactly as LinkML's SchemaView does, linkml-mapping §1.2), and diagnostics.
//
// Guarantees:
//  * Never throws for bad input: every problem is a Diagnostic with a position.
//    (Only a failing SourceReader may throw.)
//  * The merged SchemaDefinition lists the root schema's elements first, then
//    those of imported modules in import-closure order (deepest first); the
//    first definition of a name wins, and every shadowed definition is reported.
//  * Deterministic: the same files give the same model and diagnostics.
//
// Import resolution (LinkML's `map_import` + `load_import`):
//  1. An import `p:local` whose prefix `p:` is in the import map becomes
//     `<folder>/local` (or `<url>local` for a URL value).
//  2. The import map is then consulted for the whole (possibly rewritten) name.
//  3. A name that still contains ':' is a CURIE or URL. `linkml:types` is built
//     in (builtin_types.h). `linkml:mappings` is skipped with a warning: it only
//     declares metamodel slots (mappings, exact_mappings, ...), which produce
//     no tables unless a class uses them (then the class gets an unknown-slot
//     error). Any other `linkml:` module (extensions, annotations, units, meta,
//     ...) adds classes or enums, hence tables, so without an import map it is
//     an error. URLs, and CURIEs that expand to URLs, are errors: reconcile does
//     not fetch schemas over the network.
//  4. Otherwise it is a path without `.yaml`, relative to the directory of the
//     entry file (absolute paths stay). Relative import-map values resolve the
//     same way. An import written in a module whose key contains '/' is first
//     rewritten to be relative to that module (`normpath(dirname(key)/import)`).
//     An import written with its `.yaml` suffix, for which no `x.yaml.yaml`
//     exists, reads `x.yaml` with a warning (LinkML fails on it).
//
// Warnings, not errors, for defects whose meaning for SQL stays clear (the
// DDL is still produced; --strict makes them errors): a slot is_a or mixin
// naming no slot (ignored, as LinkML does), `any_of` written as a mapping,
// a `.yaml` import suffix, a malformed description. Errors remain for what
// would make tables wrong or ambiguous: a class parent or slot that does
// not exist, an import that cannot be read, an invalid flag value.
#pragma once

#include <map>
#include <string>

#include "linkml/diagnostics.h"
#include "linkml/model.h"
#include "util/source_reader.h"

namespace reconcile::linkml {

struct LoadOptions {
  // Like LinkML's --importmap: a key is a prefix with its colon ("linkml:") or
  // a whole import name ("core/base"); a prefix maps to a folder (or URL), a
  // name maps to a path without `.yaml`.
  std::map<std::string, std::string> import_map;
};

struct LoadResult {
  SchemaDefinition schema;
  Diagnostics diagnostics;
};

// Loads `entry_path` (read through `reader`) and everything it imports.
LoadResult load_schema(const SourceReader& reader, const std::string& entry_path,
                       const LoadOptions& options = {});

}  // namespace reconcile::linkml
