// Rendering the revision DAG for `reconcile history`: a list, an ASCII graph
// (newest first, like `git log --graph`), a mermaid flowchart and JSON.
//
// Guarantees: deterministic output (topological order with ties by id, see
// RevisionStore); every text output ends with a line break (empty store:
// "No revisions.\n" for text and graph).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "history/revision/store.h"

namespace reconcile::revision {

// One line per revision, oldest first:
//   <id padded>  <message>  (root) | (parents: a, b)  [head]
std::string render_history_list(const RevisionStore& store);

// Newest first; one row per revision ("* <id> <message>"), lanes drawn with
// '|', branches with '\' and joins with '/':
//   * merge m
//   |\      (lane opens)
//   | * right r
//   * | left l
//   |/      (lanes join)
//   * root r0
std::string render_history_graph(const RevisionStore& store);

// A mermaid flowchart, oldest at the top: nodes r1..rN in topological order
// labelled "<id><br/><message>", one edge parent --> child per parent.
std::string render_history_mermaid(const RevisionStore& store);

// {"revisions":[{"id","parents","message","schema_hash","path","checksum_ok","head"}...],
//  "heads":[...], "roots":[...], "problems":[{"code","file","line","message"}...]}
// Revisions in topological order (then any revision left out of it, by id).
nlohmann::json history_json(const RevisionStore& store);

}  // namespace reconcile::revision
