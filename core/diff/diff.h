// Diff: the typed differences between two catalogs.
//
// diff(from, to) lists what must change so that a database holding `from`
// holds `to`. It compares catalog values only (never SQL text) and is the input
// of the planner (core/plan/planner.h), which orders the changes and
// renders SQL.
//
// A Change is a small value: what happens (op), to which kind of object, the
// object's path (schema, parent, name) and copies of the object before and
// after. Guarantees:
//  * Renames. An object is renamed only when `to.renames` holds a hint whose
//    `from` exists in `from` and whose `to` exists in `to` (and, so that the
//    rename cannot collide, `to` does not exist in `from`); otherwise the old
//    object is dropped and the new one created. Hints whose parent table or
//    enum is named in the desired catalog's terms (after its own rename) are
//    followed.
//  * Rename-aware comparison. Everything after the renames is compared against
//    `from` with the renames already applied: `before` copies carry the new
//    names (column lists, foreign-key targets, column types naming a renamed
//    enum, defaults naming a renamed enum value).
//  * Same-definition renames. A constraint or index that disappears and one
//    with the same definition under another name appears on the same table is
//    reported as a rename (kRename), which keeps the index instead of rebuilding
//    it.
//  * Columns are matched by name; column order is not compared (PostgreSQL can
//    only append columns).
//  * Replacements. An index or constraint with the same name but another
//    definition is a kDrop followed by a kCreate. A foreign key whose referenced
//    key (primary key, unique constraint or unique index) is dropped or replaced
//    is dropped and created again as well, even when it did not change itself.
//  * Determinism. The same two catalogs always give the same changes in the
//    same order (schemas, tables and objects in name order).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/catalog/kinds.h"
#include "util/enum_table.h"

namespace reconcile::diff {

#define RECONCILE_DIFF_OPS(X) \
  X(kCreate, "create")        \
  X(kDrop, "drop")            \
  X(kAlter, "alter")          \
  X(kRename, "rename")
enum class Op { RECONCILE_DIFF_OPS(RECONCILE_ENUMERATOR) };
RECONCILE_ENUM_TABLE(Op, RECONCILE_DIFF_OPS);

// The kinds of object (listed once, in core/catalog/kinds.h).
using catalog::ObjectKind;

// What a kAlter change touches (bit set in Change::attrs).
namespace attr {
// Columns
inline constexpr unsigned kType = 1u << 0;
inline constexpr unsigned kDefault = 1u << 1;
inline constexpr unsigned kNotNull = 1u << 2;
inline constexpr unsigned kIdentity = 1u << 3;
inline constexpr unsigned kGenerated = 1u << 4;
inline constexpr unsigned kCollation = 1u << 5;
// Schemas, tables, enums, columns
inline constexpr unsigned kComment = 1u << 6;
// Enums: values removed or reordered; the type must be recreated. (Values that
// are only added or renamed are kCreate / kRename changes of kEnumValue.)
inline constexpr unsigned kValues = 1u << 7;
// Sequences
inline constexpr unsigned kSequenceOptions = 1u
                                             << 8;  // type, start, increment, bounds, cache, cycle
inline constexpr unsigned kSequenceOwner = 1u << 9;
// Extensions
inline constexpr unsigned kExtensionSchema = 1u << 10;
}  // namespace attr

// A copy of the object a change is about. For kSchema the copy holds only the
// name and the comment (its tables, enums and sequences have changes of their
// own). For kEnumValue neither side holds an object: the value is Change::name.
using Object = std::variant<std::monostate, catalog::Schema, catalog::Extension, catalog::EnumType,
                            catalog::Sequence, catalog::Table, catalog::Column, catalog::PrimaryKey,
                            catalog::ForeignKey, catalog::UniqueConstraint,
                            catalog::CheckConstraint, catalog::Index>;

struct Change {
  Op op = Op::kCreate;
  ObjectKind kind = ObjectKind::kTable;
  std::string schema;  // empty for extensions
  // The table that holds a column, constraint or index; the enum that holds an
  // enum value; empty otherwise. Always the name after any rename.
  std::string parent;
  std::string name;      // the object's name (for kRename: the old name)
  std::string new_name;  // kRename only

  Object before;       // absent (monostate) for kCreate
  Object after;        // absent (monostate) for kDrop
  unsigned attrs = 0;  // kAlter: which attributes changed (see `attr`)

  // kCreate of kEnumValue: where the new value goes. Empty neighbor means the
  // enum has no other values; otherwise the value is placed BEFORE or AFTER
  // `neighbor`, which exists when the change is applied in order.
  std::string neighbor;
  bool before_neighbor = false;

  // "schema.parent.name" with empty parts left out (unquoted, for people).
  std::string path() const;

  template <class T>
  const T& before_as() const {
    return std::get<T>(before);
  }
  template <class T>
  const T& after_as() const {
    return std::get<T>(after);
  }
};

const char* op_name(Op op);  // "create", "drop", "alter", "rename"
using catalog::kind_name;    // "schema", "column", "foreign key", ...

// The changes that turn `from` into `to` (see the guarantees above). Only
// `to.renames` is read for hints.
std::vector<Change> diff(const catalog::Catalog& from, const catalog::Catalog& to);

// `from` with the applicable rename hints of `to` applied (the catalog that
// every `before` copy is taken from), and the rename changes themselves.
struct RenameResult {
  catalog::Catalog renamed;
  std::vector<Change> renames;
};
RenameResult apply_renames(const catalog::Catalog& from, const catalog::Catalog& to);

}  // namespace reconcile::diff
