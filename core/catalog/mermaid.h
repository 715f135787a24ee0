// A catalog drawn as a Mermaid entity-relationship diagram (`erDiagram`), for
// `reconcile sql --format mermaid` and, with changes marked, for `plan` and
// `diff` (core/plan/plan_mermaid.h). GitHub, GitLab and most Markdown viewers
// render it from a ```mermaid block.
//
// What is drawn: one entity per table with every column (type, name, and the
// keys PK, FK, UK); one relationship per foreign key, from the referenced
// table to the referencing one: `||` when every key column is NOT NULL, `|o`
// otherwise; `o|` when the key columns are unique on the referencing side,
// `o{` otherwise; a solid line when they are part of its primary key
// (identifying), dashed otherwise; labelled with the key's columns.
//
// Guarantees:
//  * Deterministic: schemas, tables and foreign keys in name order, columns in
//    table order.
//  * The text follows Mermaid's erDiagram grammar whatever the names: entity
//    ids, attribute types and names are reduced to the characters the grammar
//    allows (letters, digits, `_`, `-`, and `()[]` in types), ids are made
//    unique, and comments hold no double quote.
//  * Marks (added, changed, dropped) become a class of the entity
//    (`classDef` + `class`) and the comment of a column.
#pragma once

#include <map>
#include <string>

#include "core/catalog/catalog.h"

namespace reconcile::catalog {

enum class ErMark { kAdded, kChanged, kDropped };

// "added", "changed", "dropped".
const char* er_mark_name(ErMark mark);

struct ErMarks {
  std::map<std::string, ErMark> tables;   // "schema.table"
  std::map<std::string, ErMark> columns;  // "schema.table.column"
};

// The diagram, starting with the line "erDiagram" and ending with a newline.
std::string render_er_diagram(const Catalog& catalog, const ErMarks& marks = {});

}  // namespace reconcile::catalog
