// The kinds of object reconcile manages, in one list, and the reference to
// one object (kind + path) that diff, plan order and merge analysis share.
//
// RECONCILE_OBJECT_KINDS is the only place that lists the kinds. The enum,
// the names and every per-kind property below derive from it; a `switch`
// over ObjectKind never has a `default:` (the build uses -Wswitch-enum), so a
// new kind is a compile error everywhere it needs code. docs/architecture.md
// ("Adding an object kind") lists the places.
//
// The order of the list is the order of ObjectKind's values, which sorted
// outputs (merge analysis, diff) follow: containers first, a table before its
// parts.
//
// Columns:
//   id, name     the enumerator and its name for people ("unique constraint")
//   parent       the kind that the `parent` part of a path names (a column's
//                table, an enum value's enum); the kind itself when the path
//                has no parent part (its container is then the schema)
//   names        the namespace its names live in, for name clashes (see
//                NameSpace)
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "util/enum_table.h"

namespace reconcile::catalog {

// clang-format off
#define RECONCILE_OBJECT_KINDS(X)                                 \
  /* id            name                 parent      names */       \
  X(kSchema,      "schema",            kSchema,    kSchemas)      \
  X(kExtension,   "extension",         kExtension, kExtensions)   \
  X(kEnum,        "enum",              kEnum,      kRelations)    \
  X(kEnumValue,   "enum value",        kEnum,      kEnumLabels)   \
  X(kSequence,    "sequence",          kSequence,  kRelations)    \
  X(kTable,       "table",             kTable,     kRelations)    \
  X(kColumn,      "column",            kTable,     kColumns)      \
  X(kPrimaryKey,  "primary key",       kTable,     kConstraints)  \
  X(kForeignKey,  "foreign key",       kTable,     kConstraints)  \
  X(kUnique,      "unique constraint", kTable,     kConstraints)  \
  X(kCheck,       "check constraint",  kTable,     kConstraints)  \
  X(kIndex,       "index",             kTable,     kRelations)
// clang-format on

#define RECONCILE_KIND_ENUMERATOR(id, ...) id,
enum class ObjectKind { RECONCILE_OBJECT_KINDS(RECONCILE_KIND_ENUMERATOR) };
#undef RECONCILE_KIND_ENUMERATOR

// Where names must be unique. Relations share PostgreSQL's pg_class and
// pg_type per schema (a table, sequence, index or type named alike clash);
// columns, constraints and enum labels are unique per table or enum.
enum class NameSpace {
  kSchemas,
  kExtensions,
  kRelations,
  kColumns,
  kConstraints,
  kEnumLabels,
};

struct KindInfo {
  ObjectKind kind;
  std::string_view name;
  ObjectKind parent;
  NameSpace names;
};

#define RECONCILE_KIND_INFO(id, name, parent, names) \
  KindInfo{ObjectKind::id, name, ObjectKind::parent, NameSpace::names},
inline constexpr KindInfo kKinds[] = {RECONCILE_OBJECT_KINDS(RECONCILE_KIND_INFO)};
#undef RECONCILE_KIND_INFO

#define RECONCILE_KIND_NAME_ROW(id, name, ...) ::reconcile::util::EnumEntry<E>{E::id, name},
constexpr auto enum_table(ObjectKind) {
  using E = ObjectKind;
  return std::array{RECONCILE_OBJECT_KINDS(RECONCILE_KIND_NAME_ROW)};
}
#undef RECONCILE_KIND_NAME_ROW
static_assert(util::enum_table_is_complete(enum_table(ObjectKind{})));

constexpr const KindInfo& kind_info(ObjectKind k) {
  return kKinds[static_cast<size_t>(k)];
}
static_assert([] {
  for (size_t i = 0; i < std::size(kKinds); ++i)
    if (static_cast<size_t>(kKinds[i].kind) != i) return false;
  return true;
}());

// "schema", "column", "foreign key", ... (a string literal).
constexpr const char* kind_name(ObjectKind k) {
  return kind_info(k).name.data();
}

// One object, by kind and path. The path parts are those of diff::Change:
// `schema` (for a schema itself: its name; empty for extensions), `parent`
// (the table of a column, constraint or index; the enum of an enum value;
// empty otherwise) and `name` (empty for a schema). Names are unquoted.
struct ObjectRef {
  ObjectKind kind = ObjectKind::kTable;
  std::string schema;
  std::string parent;
  std::string name;

  auto operator<=>(const ObjectRef&) const = default;

  // "schema.parent.name" with empty parts left out (for people).
  std::string path() const;
  // "table public.person", "column public.person.age"
  std::string describe() const;
  // The object this one belongs to: a column's table, a table's schema; none
  // for schemas and extensions.
  std::optional<ObjectRef> container() const;
};

ObjectRef schema_ref(std::string schema);
ObjectRef extension_ref(std::string name);
// A schema-level object (table, enum, sequence).
ObjectRef object_ref(ObjectKind kind, std::string schema, std::string name);
// An object inside a table or enum (column, constraint, index, enum value).
ObjectRef part_ref(ObjectKind kind, std::string schema, std::string parent, std::string name);

// A key that two references share exactly when their names clash: they live
// in the same NameSpace and scope and have the same name (an index and a
// table of one schema, say).
std::string name_key(const ObjectRef& r);

}  // namespace reconcile::catalog
