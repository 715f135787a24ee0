// Checks on a merged SchemaDefinition that LinkML's tools would pass silently
// (warnings) or fail on (errors): ranges, parents and slots that name nothing,
// is_a pointing at a mixin, several identifiers on one class, slot_usage for a
// slot the class does not have. Run by load_schema; exposed for reuse.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "linkml/diagnostics.h"
#include "linkml/model.h"

namespace reconcile::linkml {

// All checks below, in a fixed order.
void run_checks(const SchemaDefinition& schema, Diagnostics& diags);

// The names of the DDL-relevant fields on which two declarations of a slot
// differ ("range ('string' vs 'Text'), required"); empty if none.
std::string slot_differences(const SlotDefinition& a, const SlotDefinition& b);

// LinkML's class_ancestors (reflexive; C, its mixins, its is_a, then the is_a
// parent's ancestors, then the mixins' ancestors, last mixin first). Unknown
// names are skipped.
std::vector<std::string> class_ancestors(const SchemaDefinition& schema, const std::string& cls);

// LinkML's class_slots: for each ancestor, its `slots` then its `attributes`,
// first occurrence kept.
std::vector<std::string> class_slot_names(const SchemaDefinition& schema, const std::string& cls);

// Name collisions that depend on the mapping profile: reports (warning
// "name-collision") two classes whose table names are equal after
// `table_name` and 63-byte truncation, and two slots of one class whose column
// names are. The mapping supplies the naming functions (e.g. snake_case).
void check_name_collisions(
    const SchemaDefinition& schema,
    const std::function<std::string(const ClassDefinition&)>& table_name,
    const std::function<std::string(const ClassDefinition&, const std::string& slot)>& column_name,
    Diagnostics& diags);

}  // namespace reconcile::linkml
