#include "core/plan/planner.h"
#include "core/plan/views.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/catalog/ddl.h"
#include "core/catalog/kinds.h"
#include "core/catalog/names.h"
#include "core/order/graph.h"
#include "core/sql/references.h"
#include "util/strings.h"

namespace reconcile::plan {

using catalog::Catalog;
using catalog::CheckConstraint;
using catalog::Column;
using catalog::EnumType;
using catalog::ForeignKey;
using catalog::Identity;
using catalog::Index;
using catalog::ObjectRef;
using catalog::PrimaryKey;
using catalog::qualified;
using catalog::quote_literal;
using catalog::Sequence;
using catalog::Table;
using catalog::UniqueConstraint;
using diff::Change;
using diff::ObjectKind;
using diff::Op;
namespace attr = diff::attr;

namespace {

// The preferred order of statements of different kinds (see planner.h): the
// tie-break of the statement graph, which decides wherever the declared
// dependencies leave a choice.
enum Phase {
  kCreateSchema,
  kExtension,
  kRename,
  kReleaseSequence,
  kDropForeignKey,
  kDropConstraint,
  kRenameConstraint,
  kDropGeneratedColumn,
  kDropColumn,
  kDropTable,
  kCreateEnum,
  kAddEnumValue,
  kRecreateEnum,
  kSequence,
  kCreateTable,
  kAddColumn,
  kAddGeneratedColumn,
  kAlterColumn,
  kAddConstraint,
  kAddForeignKey,
  kComment,
  kSequenceOwner,
  kDropTypeOrSequence,
  kDropExtension,
  kDropSchema,
};

struct Pending {
  Step step;
  order::Declarations decl;
  order::SortKey key;
};

ObjectRef table_ref(const std::string& schema, const std::string& table) {
  return catalog::object_ref(ObjectKind::kTable, schema, table);
}

ObjectRef column_ref(const std::string& schema, const std::string& table, const std::string& col) {
  return catalog::part_ref(ObjectKind::kColumn, schema, table, col);
}

void append(std::vector<ObjectRef>& to, std::vector<ObjectRef> from) {
  for (ObjectRef& r : from) to.push_back(std::move(r));
}

bool volatile_expr(const std::string& e) {
  for (const char* f : {"nextval(", "random(", "clock_timestamp(", "gen_random_uuid(",
                        "uuid_generate_", "timeofday("})
    if (e.find(f) != std::string::npos) return true;
  return false;
}

// "public.mood" / "public.mood[]" naming the enum `e`?
bool uses_enum(const std::string& type, const std::string& q) {
  return type == q || type == q + "[]";
}

class Planner {
 public:
  Planner(const Catalog& base, const Catalog& to, const PlannerOptions& o)
      : base_(base), to_(to), opt_(o) {}

  // The steps of the changes, in the order they were made, and the graph over
  // them (node i is step i).
  StatementGraph graph(const std::vector<Change>& changes) {
    prepare(changes);
    for (size_t i = 0; i < changes.size(); ++i) {
      source_ = i;
      plan(changes[i]);
    }
    StatementGraph g;
    for (Pending& x : out_) {
      std::sort(x.step.hazards.begin(), x.step.hazards.end());
      x.step.hazards.erase(std::unique(x.step.hazards.begin(), x.step.hazards.end()),
                           x.step.hazards.end());
      g.graph.add(std::move(x.decl), x.key);
      g.steps.push_back(std::move(x.step));
    }
    return g;
  }

  Plan run(const std::vector<Change>& changes) {
    StatementGraph g = graph(changes);
    Plan p;
    for (size_t i : g.graph.sort().order) p.steps.push_back(std::move(g.steps[i]));
    return p;
  }

 private:
  // ------------------------------------------------------------------ helpers
  bool existed(const std::string& schema, const std::string& table) const {
    return base_.find_table(schema, table) != nullptr;
  }

  // A step of the plan, with what it does to which objects (the statement
  // graph orders steps by these; see core/order/graph.h) and its phase.
  void add(int phase, Step s, order::Declarations d) {
    s.source = source_;
    const int rank = static_cast<int>(out_.size());
    out_.push_back(Pending{std::move(s), std::move(d), order::SortKey{phase, rank}});
  }

  // ---------------------------------------------------- what a step uses
  // `side` is the catalog the referenced objects are looked up in: `to_` for
  // what a step needs as the plan leaves it, `base_` for what it needs as it
  // was (before the plan, after the renames).

  // The enum a column type names ("public.mood", "public.mood[]"). On the old
  // side an enum that the plan recreates is the renamed old type.
  std::vector<ObjectRef> type_refs(const Catalog& side, std::string type) const {
    while (type.ends_with("[]")) type.resize(type.size() - 2);
    std::map<std::string, std::pair<std::string, std::string>>& enums =
        &side == &base_ ? base_enums_ : to_enums_;
    if (enums.empty())
      for (const auto& [sn, sch] : side.schemas)
        for (const auto& [en, e] : sch.enums) enums[qualified(sn, en)] = {sn, en};
    auto it = enums.find(type);
    if (it == enums.end()) return {};
    const auto& [sn, en] = it->second;
    if (&side == &base_ && recreated_enums_.count({sn, en}))
      return {catalog::object_ref(ObjectKind::kEnum, sn, catalog::make_object_name(en, "", "old"))};
    return {catalog::object_ref(ObjectKind::kEnum, sn, en)};
  }

  // What an expression of table `schema.table` refers to: its columns, the
  // sequences of nextval(), enum types and enum values.
  std::vector<ObjectRef> expression_refs(const Catalog& side, const std::string& schema,
                                         const std::string& table, const sql::ExpressionRefs& e,
                                         const std::vector<std::string>& more_columns = {}) const {
    std::vector<ObjectRef> out;
    const Table* t = side.find_table(schema, table);
    auto add_column = [&](const std::string& c) {
      if (t && t->find_column(c)) out.push_back(column_ref(schema, table, c));
    };
    for (const std::string& c : e.columns) add_column(c);
    for (const std::string& c : more_columns) add_column(c);
    for (const std::string& q : e.sequences)
      for (const auto& [sn, sch] : side.schemas)
        for (const auto& [qn, seq] : sch.sequences)
          if (qualified(sn, qn) == q || sn + "." + qn == q)
            out.push_back(catalog::object_ref(ObjectKind::kSequence, sn, qn));
    for (const auto& [sn, tn] : e.types) append(out, type_refs(side, qualified(sn, tn)));
    for (const auto& [sn, tn, v] : e.typed_literals)
      for (ObjectRef& r : type_refs(side, qualified(sn, tn)))
        out.push_back(catalog::part_ref(ObjectKind::kEnumValue, r.schema, r.name, v));
    return out;
  }

  std::vector<ObjectRef> expr_refs(const Catalog& side, const std::string& schema,
                                   const std::string& table, const std::string& expr) const {
    return expression_refs(side, schema, table, sql::expression_refs(expr));
  }

  // A column's type, default and generation expression.
  std::vector<ObjectRef> column_uses(const Catalog& side, const std::string& schema,
                                     const std::string& table, const Column& c) const {
    std::vector<ObjectRef> out = type_refs(side, c.type);
    if (c.default_expr) append(out, expr_refs(side, schema, table, *c.default_expr));
    if (c.generated) append(out, expr_refs(side, schema, table, *c.generated));
    return out;
  }

  static std::vector<ObjectRef> columns_of(const std::string& schema, const std::string& table,
                                           const std::vector<std::string>& columns) {
    std::vector<ObjectRef> out;
    for (const std::string& c : columns) out.push_back(column_ref(schema, table, c));
    return out;
  }

  std::vector<ObjectRef> index_uses(const Catalog& side, const std::string& schema,
                                    const std::string& table, const Index& ix) const {
    std::vector<ObjectRef> out;
    for (const std::string& k : ix.keys)
      append(out, expression_refs(side, schema, table, sql::index_key_refs(k)));
    append(out, expression_refs(side, schema, table, {}, ix.include));
    if (ix.predicate) append(out, expr_refs(side, schema, table, *ix.predicate));
    return out;
  }

  // The key (primary key, unique constraint or unique index) of `side` that a
  // foreign key references, if the catalog has one over exactly its columns.
  static std::vector<ObjectRef> referenced_key(const Catalog& side, const ForeignKey& fk) {
    const Table* t = side.find_table(fk.ref_schema, fk.ref_table);
    if (!t) return {};
    std::vector<std::string> want = fk.ref_columns;
    std::sort(want.begin(), want.end());
    auto same = [&want](std::vector<std::string> cols) {
      std::sort(cols.begin(), cols.end());
      return cols == want;
    };
    auto ref = [&](ObjectKind k, const std::string& name) {
      return std::vector<ObjectRef>{catalog::part_ref(k, fk.ref_schema, fk.ref_table, name)};
    };
    if (t->primary_key && same(t->primary_key->columns))
      return ref(ObjectKind::kPrimaryKey, t->primary_key->name);
    for (const UniqueConstraint& u : t->uniques)
      if (same(u.columns)) return ref(ObjectKind::kUnique, u.name);
    for (const Index& ix : t->indexes)
      if (ix.unique && !ix.predicate && same(ix.keys)) return ref(ObjectKind::kIndex, ix.name);
    return {};
  }

  // A foreign key's own columns, the referenced table, columns and key.
  static std::vector<ObjectRef> foreign_key_uses(const Catalog& side, const std::string& schema,
                                                 const std::string& table, const ForeignKey& fk) {
    std::vector<ObjectRef> out = columns_of(schema, table, fk.columns);
    out.push_back(table_ref(fk.ref_schema, fk.ref_table));
    append(out, columns_of(fk.ref_schema, fk.ref_table, fk.ref_columns));
    append(out, referenced_key(side, fk));
    return out;
  }

  // A table without its foreign keys: what it uses, and the names it claims.
  order::Declarations table_declarations(const Catalog& side, const std::string& schema,
                                         const Table& t, bool create) const {
    order::Declarations d;
    std::vector<ObjectRef>& mine = create ? d.creates : d.drops;
    std::vector<ObjectRef>& uses = create ? d.needs : d.needs_old;
    mine.push_back(table_ref(schema, t.name));
    for (const Index& ix : t.indexes)
      mine.push_back(catalog::part_ref(ObjectKind::kIndex, schema, t.name, ix.name));
    for (const Column& c : t.columns) append(uses, column_uses(side, schema, t.name, c));
    for (const CheckConstraint& ck : t.checks)
      append(uses, expr_refs(side, schema, t.name, ck.expression));
    for (const Index& ix : t.indexes) append(uses, index_uses(side, schema, t.name, ix));
    return d;
  }

  static Step step(std::string summary, std::vector<std::string> objects) {
    Step s;
    s.summary = std::move(summary);
    s.objects = std::move(objects);
    return s;
  }

  // Changes that others depend on: dropped columns and tables (for sequence
  // ownership), enum recreations (which take over column defaults).
  void prepare(const std::vector<Change>& changes) {
    for (const Change& c : changes) {
      if (c.op == Op::kDrop && c.kind == ObjectKind::kTable)
        dropped_tables_.insert({c.schema, c.name});
      if (c.op == Op::kDrop && c.kind == ObjectKind::kColumn)
        dropped_columns_.insert({c.schema, c.parent, c.name});
      if (c.op == Op::kAlter && c.kind == ObjectKind::kEnum && (c.attrs & attr::kValues)) {
        recreated_enums_.insert({c.schema, c.name});
        const std::string q = qualified(c.schema, c.name);
        for (const auto& [sn, s] : base_.schemas)
          for (const auto& [tn, t] : s.tables) {
            const Table* at = to_.find_table(sn, tn);
            if (!at) continue;
            for (const Column& col : t.columns) {
              const Column* ac = at->find_column(col.name);
              if (ac && uses_enum(col.type, q) && ac->type == col.type)
                recreated_columns_[{c.schema, c.name}].push_back({sn, tn, col.name});
            }
          }
        for (const auto& cols : recreated_columns_[{c.schema, c.name}])
          default_handled_.insert(cols);
      }
    }
  }

  bool column_goes_away(const std::string& schema, const std::optional<std::string>& table,
                        const std::optional<std::string>& column) const {
    if (!table || !column) return false;
    return dropped_tables_.count({schema, *table}) ||
           dropped_columns_.count({schema, *table, *column});
  }

  // The statements that build a table without its foreign keys.
  std::vector<std::string> build_table(const std::string& schema, const Table& t) const {
    std::vector<std::string> s{catalog::create_table_sql(schema, t, false)};
    for (const Index& ix : t.indexes) s.push_back(catalog::create_index_sql(schema, t.name, ix));
    if (t.comment) s.push_back(catalog::comment_on_table_sql(schema, t.name, t.comment));
    for (const Column& c : t.columns)
      if (c.comment) s.push_back(catalog::comment_on_column_sql(schema, t.name, c.name, c.comment));
    return s;
  }

  std::vector<std::string> build_enum(const std::string& schema, const EnumType& e) const {
    std::vector<std::string> s{catalog::create_enum_sql(schema, e)};
    if (e.comment) s.push_back(catalog::comment_on_type_sql(schema, e.name, e.comment));
    return s;
  }

  // ------------------------------------------------------------------ changes
  void plan(const Change& c) {
    switch (c.kind) {
      case ObjectKind::kSchema:
        return plan_schema(c);
      case ObjectKind::kExtension:
        return plan_extension(c);
      case ObjectKind::kEnum:
        return plan_enum(c);
      case ObjectKind::kEnumValue:
        return plan_enum_value(c);
      case ObjectKind::kSequence:
        return plan_sequence(c);
      case ObjectKind::kTable:
        return plan_table(c);
      case ObjectKind::kColumn:
        return plan_column(c);
      case ObjectKind::kPrimaryKey:
      case ObjectKind::kForeignKey:
      case ObjectKind::kUnique:
      case ObjectKind::kCheck:
      case ObjectKind::kIndex:
        return plan_constraint(c);
    }
  }

  void plan_schema(const Change& c) {
    if (c.op == Op::kCreate) {
      Step s = step("create schema " + c.schema, {c.schema});
      s.up = {catalog::create_schema_sql(c.schema)};
      const auto& after = c.after_as<catalog::Schema>();
      if (after.comment) s.up.push_back(catalog::comment_on_schema_sql(c.schema, after.comment));
      s.down = {catalog::drop_schema_sql(c.schema)};
      add(kCreateSchema, std::move(s), {.creates = {catalog::schema_ref(c.schema)}});
    } else if (c.op == Op::kDrop) {
      Step s = step("drop schema " + c.schema, {c.schema});
      s.up = {catalog::drop_schema_sql(c.schema)};
      s.down = {catalog::create_schema_sql(c.schema)};
      const auto& before = c.before_as<catalog::Schema>();
      if (before.comment)
        s.down.push_back(catalog::comment_on_schema_sql(c.schema, before.comment));
      add(kDropSchema, std::move(s), {.drops = {catalog::schema_ref(c.schema)}});
    } else if (c.op == Op::kAlter) {
      Step s = step("comment on schema " + c.schema, {c.schema});
      s.up = {catalog::comment_on_schema_sql(c.schema, c.after_as<catalog::Schema>().comment)};
      s.down = {catalog::comment_on_schema_sql(c.schema, c.before_as<catalog::Schema>().comment)};
      add(kComment, std::move(s), {.needs = {catalog::schema_ref(c.schema)}});
    }
  }

  void plan_extension(const Change& c) {
    if (c.op == Op::kCreate) {
      Step s = step("create extension " + c.name, {c.name});
      s.up = {catalog::create_extension_sql(c.after_as<catalog::Extension>())};
      s.down = {catalog::drop_extension_sql(c.name)};
      add(kExtension, std::move(s),
          {.creates = {catalog::extension_ref(c.name)},
           .needs = {catalog::schema_ref(c.after_as<catalog::Extension>().schema)}});
    } else if (c.op == Op::kDrop) {
      Step s = step("drop extension " + c.name, {c.name});
      s.up = {catalog::drop_extension_sql(c.name)};
      s.down = {catalog::create_extension_sql(c.before_as<catalog::Extension>())};
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible};
      add(kDropExtension, std::move(s),
          {.drops = {catalog::extension_ref(c.name)},
           .needs_old = {catalog::schema_ref(c.before_as<catalog::Extension>().schema)}});
    } else if (c.op == Op::kAlter) {
      Step s =
          step("move extension " + c.name + " to schema " + c.after_as<catalog::Extension>().schema,
               {c.name});
      s.up = {catalog::alter_extension_schema_sql(c.name, c.after_as<catalog::Extension>().schema)};
      s.down = {
          catalog::alter_extension_schema_sql(c.name, c.before_as<catalog::Extension>().schema)};
      add(kExtension, std::move(s),
          {.alters = {catalog::extension_ref(c.name)},
           .needs = {catalog::schema_ref(c.after_as<catalog::Extension>().schema)},
           .needs_old = {catalog::schema_ref(c.before_as<catalog::Extension>().schema)}});
    }
  }

  void plan_rename(const Change& c, const std::string& what, const std::string& up,
                   const std::string& down, int layer, bool on_table) {
    Step s =
        step("rename " + what + " " + c.path() + " to " + c.new_name,
             {c.path(), c.schema + "." + (c.parent.empty() ? "" : c.parent + ".") + c.new_name});
    s.up = {up};
    s.down = {down};
    if (on_table) s.hazards = {Hazard::kAccessExclusiveLock};
    order::Declarations d;
    d.renames.push_back({ObjectRef{c.kind, c.schema, c.parent, c.name},
                         ObjectRef{c.kind, c.schema, c.parent, c.new_name}});
    add(layer, std::move(s), std::move(d));
  }

  void plan_enum(const Change& c) {
    const std::string path = c.path();
    if (c.op == Op::kRename) {
      return plan_rename(c, "type", catalog::rename_type_sql(c.schema, c.name, c.new_name),
                         catalog::rename_type_sql(c.schema, c.new_name, c.name), kRename, false);
    }
    if (c.op == Op::kCreate) {
      Step s = step("create enum " + path, {path});
      s.up = build_enum(c.schema, c.after_as<EnumType>());
      s.down = {catalog::drop_enum_sql(c.schema, c.name)};
      add(kCreateEnum, std::move(s),
          {.creates = {catalog::object_ref(ObjectKind::kEnum, c.schema, c.name)}});
      return;
    }
    if (c.op == Op::kDrop) {
      Step s = step("drop enum " + path, {path});
      s.up = {catalog::drop_enum_sql(c.schema, c.name)};
      s.down = build_enum(c.schema, c.before_as<EnumType>());
      add(kDropTypeOrSequence, std::move(s),
          {.drops = {catalog::object_ref(ObjectKind::kEnum, c.schema, c.name)}});
      return;
    }
    const EnumType& b = c.before_as<EnumType>();
    const EnumType& a = c.after_as<EnumType>();
    if (c.attrs & attr::kValues) {
      plan_enum_recreate(c, b, a);
      return;
    }
    if (c.attrs & attr::kComment) {
      Step s = step("comment on enum " + path, {path});
      s.up = {catalog::comment_on_type_sql(c.schema, c.name, a.comment)};
      s.down = {catalog::comment_on_type_sql(c.schema, c.name, b.comment)};
      add(kComment, std::move(s),
          {.needs = {catalog::object_ref(ObjectKind::kEnum, c.schema, c.name)}});
    }
  }

  void plan_enum_recreate(const Change& c, const EnumType& b, const EnumType& a) {
    const std::string old_name = catalog::make_object_name(c.name, "", "old");
    Step s = step("recreate enum " + c.path() + " with values (" + util::join(a.values, ", ") + ")",
                  {c.path()});
    s.up.push_back(catalog::rename_type_sql(c.schema, c.name, old_name));
    s.up.push_back(catalog::create_enum_sql(c.schema, a));
    if (a.comment) s.up.push_back(catalog::comment_on_type_sql(c.schema, c.name, a.comment));
    // The type itself changes in place (under its name); values that are new
    // appear, removed ones disappear, and the columns of the type change.
    order::Declarations decl;
    decl.alters.push_back(catalog::object_ref(ObjectKind::kEnum, c.schema, c.name));
    bool removed = false;
    for (const std::string& v : b.values)
      if (std::find(a.values.begin(), a.values.end(), v) == a.values.end()) {
        removed = true;
        decl.drops.push_back(catalog::part_ref(ObjectKind::kEnumValue, c.schema, c.name, v));
      }
    for (const std::string& v : a.values)
      if (std::find(b.values.begin(), b.values.end(), v) == b.values.end())
        decl.creates.push_back(catalog::part_ref(ObjectKind::kEnumValue, c.schema, c.name, v));
    for (const auto& [sn, tn, cn] : recreated_columns_[{c.schema, c.name}]) {
      const Column* bc = base_.find_table(sn, tn)->find_column(cn);
      const Column* ac = to_.find_table(sn, tn)->find_column(cn);
      if (bc->default_expr)
        s.up.push_back(catalog::alter_column_sql(sn, tn, *bc, catalog::ColumnClause::kDropDefault));
      s.up.push_back(
          catalog::alter_column_type_sql(sn, tn, *bc, false, catalog::TypeUsing::kThroughText));
      if (ac->default_expr)
        s.up.push_back(catalog::alter_column_sql(sn, tn, *ac, catalog::ColumnClause::kSetDefault));
      s.objects.push_back(sn + "." + tn + "." + cn);
      decl.alters.push_back(column_ref(sn, tn, cn));
      s.hazards.push_back(Hazard::kRewritesTable);
      s.hazards.push_back(Hazard::kAccessExclusiveLock);
    }
    s.hazards.push_back(Hazard::kNotReversible);
    if (removed) s.hazards.push_back(Hazard::kDeletesData);
    add(kRecreateEnum, std::move(s), std::move(decl));
    Step d = step("drop the replaced enum " + c.schema + "." + old_name, {c.path()});
    d.up = {catalog::drop_enum_sql(c.schema, old_name)};
    d.hazards = {Hazard::kNotReversible};
    // Users of the old type name it `old_name` (type_refs on the old side).
    add(kDropTypeOrSequence, std::move(d),
        {.drops = {catalog::object_ref(ObjectKind::kEnum, c.schema, old_name)}});
  }

  void plan_enum_value(const Change& c) {
    if (c.op == Op::kRename) {
      return plan_rename(
          c, "enum value", catalog::rename_enum_value_sql(c.schema, c.parent, c.name, c.new_name),
          catalog::rename_enum_value_sql(c.schema, c.parent, c.new_name, c.name), kRename, false);
    }
    if (c.op != Op::kCreate) return;
    Step s = step("add value " + quote_literal(c.name) + " to enum " + c.schema + "." + c.parent,
                  {c.schema + "." + c.parent});
    s.up = {catalog::add_enum_value_sql(c.schema, c.parent, c.name, c.neighbor, c.before_neighbor)};
    s.transactional = false;
    s.hazards = {Hazard::kCannotRunInTransaction, Hazard::kNotReversible};
    order::Declarations d;
    d.creates.push_back(catalog::part_ref(ObjectKind::kEnumValue, c.schema, c.parent, c.name));
    if (!c.neighbor.empty())
      d.needs.push_back(catalog::part_ref(ObjectKind::kEnumValue, c.schema, c.parent, c.neighbor));
    add(kAddEnumValue, std::move(s), std::move(d));
  }

  static Sequence b_none() { return Sequence{}; }

  // OWNED BY: needs the sequence and the new owner column; the old owner
  // column must still be there (OWNED BY NONE before the column is dropped).
  static order::Declarations owner_declarations(const std::string& schema, const Sequence& b,
                                                const Sequence& a) {
    order::Declarations d;
    d.needs.push_back(catalog::object_ref(ObjectKind::kSequence, schema, a.name));
    if (a.owned_by_table && a.owned_by_column)
      d.needs.push_back(column_ref(schema, *a.owned_by_table, *a.owned_by_column));
    if (b.owned_by_table && b.owned_by_column)
      d.needs_old.push_back(column_ref(schema, *b.owned_by_table, *b.owned_by_column));
    return d;
  }

  void plan_sequence(const Change& c) {
    const std::string path = c.path();
    if (c.op == Op::kCreate) {
      const Sequence& a = c.after_as<Sequence>();
      Step s = step("create sequence " + path, {path});
      s.up = {catalog::create_sequence_sql(c.schema, a)};
      s.down = {catalog::drop_sequence_sql(c.schema, c.name)};
      add(kSequence, std::move(s),
          {.creates = {catalog::object_ref(ObjectKind::kSequence, c.schema, c.name)}});
      if (a.owned_by_table) {
        Step o = step("set owner of sequence " + path, {path});
        o.up = {catalog::sequence_owner_sql(c.schema, a)};
        Sequence none = a;
        none.owned_by_table.reset();
        none.owned_by_column.reset();
        o.down = {catalog::sequence_owner_sql(c.schema, none)};
        add(kSequenceOwner, std::move(o), owner_declarations(c.schema, b_none(), a));
      }
      return;
    }
    if (c.op == Op::kDrop) {
      const Sequence& b = c.before_as<Sequence>();
      if (column_goes_away(c.schema, b.owned_by_table, b.owned_by_column)) {
        // Dropped together with its owning column; recreated by that step's down.
        implicit_sequences_[{c.schema, *b.owned_by_table}].push_back(b);
        return;
      }
      Step s = step("drop sequence " + path, {path});
      s.up = {catalog::drop_sequence_sql(c.schema, c.name)};
      s.down = {catalog::create_sequence_sql(c.schema, b)};
      if (b.owned_by_table) s.down.push_back(catalog::sequence_owner_sql(c.schema, b));
      s.hazards = {Hazard::kNotReversible};  // its current value is lost
      add(kDropTypeOrSequence, std::move(s),
          {.drops = {catalog::object_ref(ObjectKind::kSequence, c.schema, c.name)}});
      return;
    }
    if (c.op != Op::kAlter) return;
    const Sequence& b = c.before_as<Sequence>();
    const Sequence& a = c.after_as<Sequence>();
    if (c.attrs & attr::kSequenceOptions) {
      Step s = step("alter sequence " + path, {path});
      s.up = {catalog::alter_sequence_sql(c.schema, a)};
      s.down = {catalog::alter_sequence_sql(c.schema, b)};
      add(kSequence, std::move(s),
          {.needs = {catalog::object_ref(ObjectKind::kSequence, c.schema, c.name)}});
    }
    if (c.attrs & attr::kSequenceOwner) {
      Step s = step("set owner of sequence " + path, {path});
      s.up = {catalog::sequence_owner_sql(c.schema, a)};
      s.down = {catalog::sequence_owner_sql(c.schema, b)};
      const bool release = !a.owned_by_table;
      add(release ? kReleaseSequence : kSequenceOwner, std::move(s),
          owner_declarations(c.schema, b, a));
    }
  }

  // Foreign keys of a dropped table are dropped on their own first, so that
  // tables referencing each other can be dropped in any order.
  void plan_table(const Change& c) {
    const std::string path = c.path();
    if (c.op == Op::kRename) {
      return plan_rename(c, "table", catalog::rename_table_sql(c.schema, c.name, c.new_name),
                         catalog::rename_table_sql(c.schema, c.new_name, c.name), kRename, true);
    }
    if (c.op == Op::kCreate) {
      const Table& t = c.after_as<Table>();
      Step s = step("create table " + path, {path});
      s.up = build_table(c.schema, t);
      s.down = {catalog::drop_table_sql(c.schema, t.name)};
      add(kCreateTable, std::move(s), table_declarations(to_, c.schema, t, true));
      for (const ForeignKey& fk : t.foreign_keys) add_foreign_key(c.schema, t.name, fk, false);
      return;
    }
    if (c.op == Op::kDrop) {
      const Table& t = c.before_as<Table>();
      for (const ForeignKey& fk : t.foreign_keys) drop_foreign_key(c.schema, t.name, fk);
      Step s = step("drop table " + path, {path});
      s.up = {catalog::drop_table_sql(c.schema, t.name)};
      auto seqs = implicit_sequences_.find({c.schema, t.name});
      if (seqs != implicit_sequences_.end())
        for (const Sequence& q : seqs->second)
          s.down.push_back(catalog::create_sequence_sql(c.schema, q));
      for (std::string& x : build_table(c.schema, t)) s.down.push_back(std::move(x));
      if (seqs != implicit_sequences_.end())
        for (const Sequence& q : seqs->second)
          s.down.push_back(catalog::sequence_owner_sql(c.schema, q));
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible, Hazard::kAccessExclusiveLock};
      add(kDropTable, std::move(s), table_declarations(base_, c.schema, t, false));
      return;
    }
    if (c.op == Op::kAlter && (c.attrs & attr::kComment)) {
      Step s = step("comment on table " + path, {path});
      s.up = {catalog::comment_on_table_sql(c.schema, c.name, c.after_as<Table>().comment)};
      s.down = {catalog::comment_on_table_sql(c.schema, c.name, c.before_as<Table>().comment)};
      add(kComment, std::move(s), {.needs = {table_ref(c.schema, c.name)}});
    }
  }

  std::vector<std::string> add_column_sql(const std::string& schema, const std::string& table,
                                          const Column& col) const {
    std::vector<std::string> s{catalog::add_column_sql(schema, table, col)};
    if (col.comment)
      s.push_back(catalog::comment_on_column_sql(schema, table, col.name, col.comment));
    return s;
  }

  void plan_column(const Change& c) {
    const std::string path = c.path();
    const std::string drop = catalog::drop_column_sql(c.schema, c.parent, c.name);
    if (c.op == Op::kRename) {
      return plan_rename(
          c, "column", catalog::rename_column_sql(c.schema, c.parent, c.name, c.new_name),
          catalog::rename_column_sql(c.schema, c.parent, c.new_name, c.name), kRename, true);
    }
    if (c.op == Op::kCreate) {
      const Column& col = c.after_as<Column>();
      Step s = step("add column " + path + " " + col.type, {path});
      s.up = add_column_sql(c.schema, c.parent, col);
      s.down = {drop};
      s.hazards = {Hazard::kAccessExclusiveLock};
      if ((col.default_expr && volatile_expr(*col.default_expr)) ||
          col.identity != Identity::kNone || col.generated)
        s.hazards.push_back(Hazard::kRewritesTable);
      add(col.generated ? kAddGeneratedColumn : kAddColumn, std::move(s),
          {.creates = {column_ref(c.schema, c.parent, c.name)},
           .needs = column_uses(to_, c.schema, c.parent, col)});
      return;
    }
    if (c.op == Op::kDrop) {
      const Column& col = c.before_as<Column>();
      Step s = step("drop column " + path, {path});
      s.up = {drop};
      auto seqs = implicit_sequences_.find({c.schema, c.parent});
      std::vector<Sequence> mine;
      if (seqs != implicit_sequences_.end())
        for (const Sequence& q : seqs->second)
          if (q.owned_by_column == c.name) mine.push_back(q);
      for (const Sequence& q : mine) s.down.push_back(catalog::create_sequence_sql(c.schema, q));
      for (std::string& x : add_column_sql(c.schema, c.parent, col)) s.down.push_back(std::move(x));
      for (const Sequence& q : mine) s.down.push_back(catalog::sequence_owner_sql(c.schema, q));
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible, Hazard::kAccessExclusiveLock};
      add(col.generated ? kDropGeneratedColumn : kDropColumn, std::move(s),
          {.drops = {column_ref(c.schema, c.parent, c.name)},
           .needs_old = column_uses(base_, c.schema, c.parent, col)});
      return;
    }
    if (c.op != Op::kAlter) return;
    const Column& b = c.before_as<Column>();
    const Column& a = c.after_as<Column>();
    unsigned m = c.attrs;
    if (default_handled_.count({c.schema, c.parent, c.name})) m &= ~attr::kDefault;
    if (m & attr::kComment) {
      Step s = step("comment on column " + path, {path});
      s.up = {catalog::comment_on_column_sql(c.schema, c.parent, c.name, a.comment)};
      s.down = {catalog::comment_on_column_sql(c.schema, c.parent, c.name, b.comment)};
      add(kComment, std::move(s), {.needs = {column_ref(c.schema, c.parent, c.name)}});
    }
    m &= ~attr::kComment;
    if (!m) return;
    std::vector<Hazard> hz{Hazard::kAccessExclusiveLock};
    Step s = step("alter column " + path + describe_alter(b, a, m), {path});
    s.up = alter_column(c.schema, c.parent, b, a, m, &hz);
    s.down = alter_column(c.schema, c.parent, a, b, m, nullptr);
    s.hazards = hz;
    add(kAlterColumn, std::move(s),
        {.alters = {column_ref(c.schema, c.parent, c.name)},
         .needs = column_uses(to_, c.schema, c.parent, a),
         .needs_old = column_uses(base_, c.schema, c.parent, b)});
  }

  static std::string describe_alter(const Column& b, const Column& a, unsigned m) {
    std::string d;
    if (m & attr::kType) d += " type " + b.type + " -> " + a.type;
    if (m & attr::kCollation) d += " collation " + a.collation.value_or("default");
    if (m & attr::kDefault)
      d += a.default_expr ? " set default " + *a.default_expr : " drop default";
    if (m & attr::kNotNull) d += a.not_null ? " set not null" : " drop not null";
    if (m & attr::kIdentity) d += " identity";
    if (m & attr::kGenerated) d += " drop expression";
    return d;
  }

  // Statements that turn column `b` into `a` for the attributes in `m`.
  // Hazards are collected into `hz` when given.
  std::vector<std::string> alter_column(const std::string& schema, const std::string& table,
                                        const Column& b, const Column& a, unsigned m,
                                        std::vector<Hazard>* hz) const {
    using catalog::ColumnClause;
    auto clause = [&](const Column& c, ColumnClause k) {
      return catalog::alter_column_sql(schema, table, c, k);
    };
    std::vector<std::string> s;
    const bool retype = m & (attr::kType | attr::kCollation);
    if ((m & attr::kGenerated) && b.generated && !a.generated)
      s.push_back(clause(a, ColumnClause::kDropExpression));
    if ((m & attr::kIdentity) && b.identity != Identity::kNone && a.identity == Identity::kNone)
      s.push_back(clause(a, ColumnClause::kDropIdentity));
    const bool reset_default = (m & attr::kDefault) || (retype && b.default_expr);
    if (reset_default && b.default_expr) s.push_back(clause(a, ColumnClause::kDropDefault));
    if (retype) {
      catalog::TypeUsing using_ = catalog::TypeUsing::kNone;
      if (m & attr::kType) {
        const TypeChange tc = classify_type_change(b.type, a.type);
        if (enum_type(a.type))
          using_ = catalog::TypeUsing::kThroughText;
        else if (tc.needs_using)
          using_ = catalog::TypeUsing::kCast;
        if (hz) {
          if (tc.rewrites) hz->push_back(Hazard::kRewritesTable);
          if (tc.narrows) {
            hz->push_back(Hazard::kDeletesData);
            hz->push_back(Hazard::kNotReversible);
          }
        }
      }
      s.push_back(catalog::alter_column_type_sql(
          schema, table, a, a.collation.has_value() || b.collation.has_value(), using_));
    }
    if (m & attr::kNotNull) {
      if (!a.not_null) {
        s.push_back(clause(a, ColumnClause::kDropNotNull));
      } else {
        // Validate with a CHECK first, so SET NOT NULL needs no scan under the lock.
        const CheckConstraint ck = catalog::not_null_check(table, a.name);
        s.push_back(catalog::add_check_sql(schema, table, ck, true));
        s.push_back(catalog::validate_constraint_sql(schema, table, ck.name));
        s.push_back(clause(a, ColumnClause::kSetNotNull));
        s.push_back(catalog::drop_constraint_sql(schema, table, ck.name));
        if (hz) hz->push_back(Hazard::kValidatesConstraint);
      }
    }
    if ((m & attr::kIdentity) && a.identity != Identity::kNone)
      s.push_back(clause(a, b.identity == Identity::kNone ? ColumnClause::kAddIdentity
                                                          : ColumnClause::kSetIdentity));
    if (reset_default && a.default_expr) s.push_back(clause(a, ColumnClause::kSetDefault));
    return s;
  }

  bool enum_type(const std::string& type) const {
    std::string t = type;
    if (t.ends_with("[]")) t.resize(t.size() - 2);
    for (const auto& [sn, s] : to_.schemas)
      for (const auto& [en, e] : s.enums)
        if (qualified(sn, en) == t) return true;
    return false;
  }

  void add_foreign_key(const std::string& schema, const std::string& table, const ForeignKey& fk,
                       bool on_existing) {
    const std::string path = schema + "." + table + "." + fk.name;
    Step s = step("add foreign key " + path + " -> " + fk.ref_schema + "." + fk.ref_table,
                  {path, schema + "." + table, fk.ref_schema + "." + fk.ref_table});
    if (on_existing) {
      s.up = {catalog::add_foreign_key_sql(schema, table, fk, true),
              catalog::validate_constraint_sql(schema, table, fk.name)};
      s.hazards = {Hazard::kValidatesConstraint, Hazard::kAccessExclusiveLock};
    } else {
      s.up = {catalog::add_foreign_key_sql(schema, table, fk, false)};
    }
    s.down = {catalog::drop_constraint_sql(schema, table, fk.name)};
    add(kAddForeignKey, std::move(s),
        {.creates = {catalog::part_ref(ObjectKind::kForeignKey, schema, table, fk.name)},
         .needs = foreign_key_uses(to_, schema, table, fk)});
  }

  void drop_foreign_key(const std::string& schema, const std::string& table, const ForeignKey& fk) {
    const std::string path = schema + "." + table + "." + fk.name;
    Step s = step("drop foreign key " + path, {path, schema + "." + table});
    s.up = {catalog::drop_constraint_sql(schema, table, fk.name)};
    s.down = {catalog::add_foreign_key_sql(schema, table, fk, false)};
    s.hazards = {Hazard::kAccessExclusiveLock};
    add(kDropForeignKey, std::move(s),
        {.drops = {catalog::part_ref(ObjectKind::kForeignKey, schema, table, fk.name)},
         .needs_old = foreign_key_uses(base_, schema, table, fk)});
  }

  void plan_constraint(const Change& c) {
    const std::string path = c.path();
    const std::string& schema = c.schema;
    const std::string& table = c.parent;
    const bool on_existing = existed(schema, table);
    if (c.op == Op::kRename) {
      if (c.kind == ObjectKind::kIndex) {
        return plan_rename(c, "index", catalog::rename_index_sql(schema, c.name, c.new_name),
                           catalog::rename_index_sql(schema, c.new_name, c.name), kRenameConstraint,
                           true);
      }
      return plan_rename(c, "constraint",
                         catalog::rename_constraint_sql(schema, table, c.name, c.new_name),
                         catalog::rename_constraint_sql(schema, table, c.new_name, c.name),
                         kRenameConstraint, true);
    }
    if (c.kind == ObjectKind::kForeignKey) {
      if (c.op == Op::kCreate)
        add_foreign_key(schema, table, c.after_as<ForeignKey>(), on_existing);
      if (c.op == Op::kDrop) drop_foreign_key(schema, table, c.before_as<ForeignKey>());
      return;
    }
    const std::string label = diff::kind_name(c.kind);
    const bool concurrent = opt_.concurrent_indexes && on_existing && c.kind == ObjectKind::kIndex;
    if (c.op == Op::kCreate) {
      Step s = step("add " + label + " " + path, {path, schema + "." + table});
      s.up = add_part_sql(c, c.after, on_existing, concurrent);
      if (on_existing && c.kind == ObjectKind::kCheck) {
        s.up.push_back(catalog::validate_constraint_sql(schema, table, c.name));
        s.hazards.push_back(Hazard::kValidatesConstraint);
      }
      if (c.kind == ObjectKind::kIndex) {
        s.down = {catalog::drop_index_sql(schema, c.name, concurrent)};
      } else {
        s.down = {catalog::drop_constraint_sql(schema, table, c.name)};
        if (on_existing) s.hazards.push_back(Hazard::kAccessExclusiveLock);
      }
      if (on_existing && c.kind != ObjectKind::kCheck) s.hazards.push_back(Hazard::kIndexBuild);
      if (concurrent) {
        s.transactional = false;
        s.hazards.push_back(Hazard::kCannotRunInTransaction);
      }
      add(kAddConstraint, std::move(s),
          {.creates = {ObjectRef{c.kind, schema, table, c.name}},
           .needs = part_uses(to_, c, c.after)});
      return;
    }
    if (c.op == Op::kDrop) {
      Step s = step("drop " + label + " " + path, {path, schema + "." + table});
      s.down = add_part_sql(c, c.before, false, concurrent);
      if (c.kind == ObjectKind::kIndex) {
        s.up = {catalog::drop_index_sql(schema, c.name, concurrent)};
      } else {
        s.up = {catalog::drop_constraint_sql(schema, table, c.name)};
      }
      s.hazards.push_back(Hazard::kAccessExclusiveLock);
      if (concurrent) {
        s.transactional = false;
        s.hazards.push_back(Hazard::kCannotRunInTransaction);
      }
      add(kDropConstraint, std::move(s),
          {.drops = {ObjectRef{c.kind, schema, table, c.name}},
           .needs_old = part_uses(base_, c, c.before)});
    }
  }

  // The statement that adds the primary key, unique constraint, check or
  // index `object` of change `c` (a check NOT VALID when `not_valid`).
  static std::vector<std::string> add_part_sql(const Change& c, const diff::Object& object,
                                               bool not_valid, bool concurrent) {
    switch (c.kind) {
      case ObjectKind::kPrimaryKey:
        return {catalog::add_primary_key_sql(c.schema, c.parent, std::get<PrimaryKey>(object))};
      case ObjectKind::kUnique:
        return {catalog::add_unique_sql(c.schema, c.parent, std::get<UniqueConstraint>(object))};
      case ObjectKind::kCheck:
        return {catalog::add_check_sql(c.schema, c.parent, std::get<CheckConstraint>(object),
                                       not_valid)};
      case ObjectKind::kIndex:
        return {catalog::create_index_sql(c.schema, c.parent, std::get<Index>(object), concurrent)};
      case ObjectKind::kForeignKey:
        return {catalog::add_foreign_key_sql(c.schema, c.parent, std::get<ForeignKey>(object),
                                             not_valid)};
      case ObjectKind::kSchema:
      case ObjectKind::kExtension:
      case ObjectKind::kEnum:
      case ObjectKind::kEnumValue:
      case ObjectKind::kSequence:
      case ObjectKind::kTable:
      case ObjectKind::kColumn:
        break;  // not parts of a table
    }
    return {};
  }

  // What a primary key, unique constraint, check or index uses: its columns,
  // and the types, values and sequences its expressions name.
  std::vector<ObjectRef> part_uses(const Catalog& side, const Change& c,
                                   const diff::Object& object) const {
    switch (c.kind) {
      case ObjectKind::kPrimaryKey:
        return columns_of(c.schema, c.parent, std::get<PrimaryKey>(object).columns);
      case ObjectKind::kUnique:
        return columns_of(c.schema, c.parent, std::get<UniqueConstraint>(object).columns);
      case ObjectKind::kCheck:
        return expr_refs(side, c.schema, c.parent, std::get<CheckConstraint>(object).expression);
      case ObjectKind::kIndex:
        return index_uses(side, c.schema, c.parent, std::get<Index>(object));
      case ObjectKind::kForeignKey:
        return foreign_key_uses(side, c.schema, c.parent, std::get<ForeignKey>(object));
      case ObjectKind::kSchema:
      case ObjectKind::kExtension:
      case ObjectKind::kEnum:
      case ObjectKind::kEnumValue:
      case ObjectKind::kSequence:
      case ObjectKind::kTable:
      case ObjectKind::kColumn:
        break;  // not parts of a table
    }
    return {};
  }

  const Catalog& base_;
  const Catalog& to_;
  const PlannerOptions& opt_;
  std::vector<Pending> out_;
  size_t source_ = 0;  // the index of the change being planned
  std::set<std::pair<std::string, std::string>> dropped_tables_;
  std::set<std::tuple<std::string, std::string, std::string>> dropped_columns_;
  std::map<std::pair<std::string, std::string>,
           std::vector<std::tuple<std::string, std::string, std::string>>>
      recreated_columns_;
  std::set<std::tuple<std::string, std::string, std::string>> default_handled_;
  std::set<std::pair<std::string, std::string>> recreated_enums_;
  // Enums by their qualified name as column types write it (filled on first use).
  mutable std::map<std::string, std::pair<std::string, std::string>> base_enums_, to_enums_;
  std::map<std::pair<std::string, std::string>, std::vector<Sequence>> implicit_sequences_;
};

// The view steps (views.h) around the others.
Plan with_views(Plan p, const std::vector<Change>& changes, const Catalog& base,
                const Catalog& to) {
  ViewSteps v = plan_views(changes, base, to);
  if (v.before.empty() && v.after.empty()) return p;
  for (auto& s : v.before) {
    std::sort(s.hazards.begin(), s.hazards.end());
    s.hazards.erase(std::unique(s.hazards.begin(), s.hazards.end()), s.hazards.end());
  }
  for (auto& s : v.after) {
    std::sort(s.hazards.begin(), s.hazards.end());
    s.hazards.erase(std::unique(s.hazards.begin(), s.hazards.end()), s.hazards.end());
  }
  v.before.insert(v.before.end(), std::make_move_iterator(p.steps.begin()),
                  std::make_move_iterator(p.steps.end()));
  v.before.insert(v.before.end(), std::make_move_iterator(v.after.begin()),
                  std::make_move_iterator(v.after.end()));
  p.steps = std::move(v.before);
  return p;
}

}  // namespace

Plan plan_changes(const std::vector<Change>& changes, const Catalog& from, const Catalog& to,
                  const PlannerOptions& options) {
  const Catalog base = diff::apply_renames(from, to).renamed;
  Plan plan = with_views(Planner(base, to, options).run(changes), changes, base, to);
  plan.changes = changes;
  return plan;
}

StatementGraph statement_graph(const Catalog& from, const Catalog& to,
                               const PlannerOptions& options) {
  const Catalog base = diff::apply_renames(from, to).renamed;
  return Planner(base, to, options).graph(diff::diff(from, to));
}

Plan make_plan(const Catalog& from, const Catalog& to, const PlannerOptions& options) {
  diff::RenameResult r = diff::apply_renames(from, to);
  std::vector<Change> changes = diff::diff(from, to);
  Plan plan = with_views(Planner(r.renamed, to, options).run(changes), changes, r.renamed, to);
  std::set<std::string> unmanaged;
  for (const Catalog* c : {&from, &to})
    for (const auto& u : c->unmanaged) unmanaged.insert(u.kind + " " + u.schema + "." + u.name);
  plan.not_compared.assign(unmanaged.begin(), unmanaged.end());
  plan.changes = std::move(changes);
  return plan;
}

}  // namespace reconcile::plan
