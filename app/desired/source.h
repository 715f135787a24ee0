// Where the desired state is read from, and loading it with the checks every
// command applies.
//
// schema_reader(ref): the work tree when `ref` is empty, else the tree of the
// commit `ref` names in the repository around the working directory (no
// checkout; a branch that moves later does not change what is read).
//
// load_checked(): the desired catalog; diagnostics go to `diagnostics_out`
// (or to a callback).
// Errors (and warnings with `strict`) throw InputError whose message ends
// with "; <refused>" (e.g. "no plan made"), pointing at the schema file.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/catalog/catalog.h"
#include "linkml/desired/desired.h"
#include "util/source_reader.h"

namespace reconcile::desired {

// Throws GitError when `ref` is given outside a git repository or names no
// commit.
std::unique_ptr<SourceReader> schema_reader(const std::string& ref);

// Builds the views of `desired` in a shadow database (history/replay/
// view_build.h) so that they compare by PostgreSQL's text of them; a
// documented column that disagrees with the query is a "view-columns"
// warning. Does nothing when `diagnostics` has errors already. Every path
// that plans against the desired catalog calls it (load_checked does).
void build_desired_views(catalog::Catalog& desired, const DesiredOptions& options,
                         linkml::Diagnostics& diagnostics);

catalog::Catalog load_checked(const SourceReader& reader, const DesiredOptions& options,
                              bool strict, std::ostream& diagnostics_out,
                              const std::string& refused);

// The same, handing the diagnostics to `report` (when set; before throwing)
// instead of printing them.
catalog::Catalog load_checked(const SourceReader& reader, const DesiredOptions& options,
                              bool strict,
                              const std::function<void(const linkml::Diagnostics&)>& report,
                              const std::string& refused);

// The checks of load_checked() on a result already loaded (load_desired()
// or cached_desired()).
catalog::Catalog checked(DesiredResult result, const SourceReader& reader,
                         const DesiredOptions& options, bool strict,
                         const std::function<void(const linkml::Diagnostics&)>& report,
                         const std::string& refused);

}  // namespace reconcile::desired
