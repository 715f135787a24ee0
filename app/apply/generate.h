// Revisions that apply and merge write themselves: the body that takes the
// replayed state of the history to the desired (LinkML) state, and the schema
// hash the new revision must claim.
//
// Guarantees:
//  * render_body() writes each plan statement followed by ";", and puts
//    `-- reconcile:no-transaction` before every statement of a step that
//    cannot run in a transaction, so the runner (runner.h) runs it on its own.
//    Before every up statement of a step with hazards it writes the step's
//    hazards (`-- reconcile:hazard DELETES_DATA NOT_REVERSIBLE ...`), so that
//    apply refuses a planned data-deleting step without --allow-destructive;
//    before an up statement of a step without hazards that the data-loss
//    guard could not classify on its own, `-- reconcile:hazard none`.
//    Down statements come in reverse step order, without hazard lines (the
//    guard judges them from their parse tree and the live tables).
//  * schema_hash_after() is the content hash of the catalog obtained by
//    replaying the history with the new revision on top, i.e. exactly what
//    `check` verifies later (REPLAY_MISMATCH never fires on our own output).
//    Its replay reports progress as options.progress asks, naming the new
//    revision (whose id is not chosen yet) "new revision".
#pragma once

#include <functional>
#include <string>

#include "core/catalog/catalog.h"
#include "core/plan/plan.h"
#include "history/replay/replay.h"
#include "history/revision/revision_writer.h"
#include "history/revision/store.h"
#include "linkml/desired/desired.h"
#include "util/source_reader.h"

namespace reconcile::apply {

struct Body {
  std::string up;
  std::string down;
};
Body render_body(const plan::Plan& plan);

// The desired catalog from the work tree; InputError listing the diagnostics
// when there are errors (warnings too with `strict`). Otherwise each line of
// the warnings goes to `warn` (when set). Files are read through `reader`
// (the work tree when null).
catalog::Catalog load_desired(const desired::DesiredOptions& options, bool strict,
                              const SourceReader* reader = nullptr,
                              const std::function<void(const std::string&)>& warn = {});

// See above. `r` is the new revision (its parents must be revisions of `store`).
std::string schema_hash_after(const revision::RevisionStore& store, const NewRevision& r,
                              const replay::ReplayOptions& options);

}  // namespace reconcile::apply
