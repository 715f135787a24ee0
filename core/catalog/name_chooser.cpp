// Replays PostgreSQL's ChooseRelationName / ChooseConstraintName (see
// name_chooser.h).
#include "core/catalog/name_chooser.h"

#include "core/catalog/names.h"

namespace reconcile::catalog {
namespace {

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: column
// names joined with '_', stopping once the text reaches NAMEDATALEN bytes.
std::string addition(const std::vector<std::string>& cols) {
  std::string buf;
  for (const auto& c : cols) {
    if (!buf.empty()) buf += '_';
    buf += c.substr(0, kMaxIdentifierBytes);
    if (buf.size() >= kMaxIdentifierBytes + 1) break;
  }
  return buf;
}

}  // namespace

void NameChooser::take_relation(const std::string& schema, const std::string& name) {
  relations_[schema].insert(name);
}

void NameChooser::take_constraint(const std::string& schema, const std::string& name) {
  constraints_[schema].insert(name);
}

std::string NameChooser::choose_relation(const std::string& schema, const std::string& name1,
                                         const std::string& name2, const std::string& label,
                                         bool is_constraint) {
  const auto& rels = relations_[schema];
  const auto& cons = constraints_[schema];
  std::string name = make_object_name(name1, name2, label);
  for (int pass = 1; rels.count(name) || (is_constraint && cons.count(name)); ++pass)
    name = make_object_name(name1, name2, label + std::to_string(pass));
  relations_[schema].insert(name);
  if (is_constraint) constraints_[schema].insert(name);
  return name;
}

std::string NameChooser::choose_constraint(const std::string& schema, const std::string& name1,
                                           const std::string& name2, const std::string& label) {
  const auto& cons = constraints_[schema];
  std::string name = make_object_name(name1, name2, label);
  for (int pass = 1; cons.count(name); ++pass)
    name = make_object_name(name1, name2, label + std::to_string(pass));
  constraints_[schema].insert(name);
  return name;
}

std::string NameChooser::primary_key(const std::string& schema, const std::string& table) {
  return choose_relation(schema, table, "", "pkey", true);
}

std::string NameChooser::unique(const std::string& schema, const std::string& table,
                                const std::vector<std::string>& columns) {
  return choose_relation(schema, table, addition(columns), "key", true);
}

std::string NameChooser::foreign_key(const std::string& schema, const std::string& table,
                                     const std::vector<std::string>& columns) {
  return choose_constraint(schema, table, addition(columns), "fkey");
}

std::string NameChooser::serial_sequence(const std::string& schema, const std::string& table,
                                         const std::string& column) {
  return choose_relation(schema, table, column, "seq", false);
}

}  // namespace reconcile::catalog
