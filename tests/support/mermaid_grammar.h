// A check of Mermaid erDiagram text against the grammar Mermaid documents
// for entity-relationship diagrams (https://mermaid.js.org/syntax/entityRelationshipDiagram.html):
//   erDiagram
//   ENTITY {                         entity: [A-Za-z_][A-Za-z0-9_-]*
//     TYPE NAME [PK|FK|UK[, ...]] ["comment"]
//   }                                type: [A-Za-z_*][A-Za-z0-9_()\[\]-]*, name likewise
//   A CARD(--|..)CARD B : LABEL      left card: || |o }o }|; right: || o| o{ |{;
//                                    label: a word or "text without quotes"
//   classDef NAME STYLE              class A,B NAME
//   %% comment
// Written from the documentation, independently of the renderer under test.
#pragma once

#include <string>

namespace reconcile::testing {

// Empty when `text` is a valid erDiagram; otherwise "line N: what is wrong".
// Also checks that every entity a `class` statement names is declared.
std::string mermaid_er_errors(const std::string& text);

}  // namespace reconcile::testing
