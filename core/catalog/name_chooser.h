// PostgreSQL's choice of names for objects created without one, replayed
// over a simulated schema (namespace), so that a catalog can predict the
// names a database built from unnamed DDL ends up with.
//
// PostgreSQL (src/backend/commands/indexcmds.c, pg_constraint.c) names
//  * indexes of PRIMARY KEY / UNIQUE constraints and SERIAL sequences with
//    ChooseRelationName: makeObjectName(name1, name2, label), and while the
//    result is already a relation of the schema (or, for constraint
//    indexes, a constraint of the schema) it retries with label1, label2, ...;
//  * foreign keys and checks with ChooseConstraintName: the same, checking
//    the constraints of the schema only.
// makeObjectName shortens name1/name2 so the whole fits in 63 bytes, so a
// suffix can change the truncation ("…_fkey" then "…_fkey1" one byte
// shorter before it).
//
// The chooser remembers every name taken in each schema, in the order the
// calls are made; callers replay the creation order of the DDL they model.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace reconcile::catalog {

class NameChooser {
 public:
  // Records a relation (table, index, sequence, view) that was created with
  // an explicit name.
  void take_relation(const std::string& schema, const std::string& name);
  // Records a constraint created with an explicit name.
  void take_constraint(const std::string& schema, const std::string& name);

  // ChooseRelationName(name1, name2, label, schema, is_constraint); the name
  // is recorded as a relation (and as a constraint when is_constraint).
  std::string choose_relation(const std::string& schema, const std::string& name1,
                              const std::string& name2, const std::string& label,
                              bool is_constraint);
  // ChooseConstraintName(name1, name2, label, schema); recorded.
  std::string choose_constraint(const std::string& schema, const std::string& name1,
                                const std::string& name2, const std::string& label);

  // Shorthands with PostgreSQL's labels and column-name additions.
  std::string primary_key(const std::string& schema, const std::string& table);
  std::string unique(const std::string& schema, const std::string& table,
                     const std::vector<std::string>& columns);
  std::string foreign_key(const std::string& schema, const std::string& table,
                          const std::vector<std::string>& columns);
  std::string serial_sequence(const std::string& schema, const std::string& table,
                              const std::string& column);

 private:
  std::map<std::string, std::set<std::string>> relations_;
  std::map<std::string, std::set<std::string>> constraints_;
};

}  // namespace reconcile::catalog
