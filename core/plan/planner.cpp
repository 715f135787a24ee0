#include "core/plan/planner.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/catalog/ddl.h"
#include "core/catalog/names.h"

namespace reconcile::plan {

using catalog::Catalog;
using catalog::CheckConstraint;
using catalog::Column;
using catalog::EnumType;
using catalog::ForeignKey;
using catalog::Identity;
using catalog::Index;
using catalog::PrimaryKey;
using catalog::qualified;
using catalog::quote_ident;
using catalog::quote_literal;
using catalog::Sequence;
using catalog::Table;
using catalog::UniqueConstraint;
using diff::Change;
using diff::ObjectKind;
using diff::Op;
namespace attr = diff::attr;

namespace {

// Layers of the dependency order (see planner.h).
enum Layer {
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
  int layer;
  size_t seq;
  Step step;
};

std::string alter_table(const std::string& schema, const std::string& table) {
  return "ALTER TABLE " + qualified(schema, table);
}

std::string comment_on_schema_sql(const std::string& schema,
                                  const std::optional<std::string>& comment) {
  return "COMMENT ON SCHEMA " + quote_ident(schema) + " IS " +
         (comment && !comment->empty() ? catalog::quote_text_literal(*comment)
                                       : std::string("NULL"));
}

bool volatile_expr(const std::string& e) {
  for (const char* f : {"nextval(", "random(", "clock_timestamp(", "gen_random_uuid(",
                        "uuid_generate_", "timeofday("})
    if (e.find(f) != std::string::npos) return true;
  return false;
}

std::string sequence_options_sql(const std::string& schema, const Sequence& s) {
  return "ALTER SEQUENCE " + qualified(schema, s.name) + " AS " + s.type + " INCREMENT BY " +
         std::to_string(s.increment) + " MINVALUE " + std::to_string(s.min_value) + " MAXVALUE " +
         std::to_string(s.max_value) + " START WITH " + std::to_string(s.start) + " CACHE " +
         std::to_string(s.cache) + (s.cycle ? " CYCLE" : " NO CYCLE");
}

std::string owned_by_sql(const std::string& schema, const Sequence& s) {
  if (s.owned_by_table && s.owned_by_column) return catalog::sequence_owned_by_sql(schema, s);
  return "ALTER SEQUENCE " + qualified(schema, s.name) + " OWNED BY NONE";
}

// "public.mood" / "public.mood[]" naming the enum `e`?
bool uses_enum(const std::string& type, const std::string& q) {
  return type == q || type == q + "[]";
}

class Planner {
 public:
  Planner(const Catalog& base, const Catalog& to, const PlannerOptions& o)
      : base_(base), to_(to), opt_(o) {}

  Plan run(const std::vector<Change>& changes) {
    prepare(changes);
    for (const Change& c : changes) plan(c);
    std::stable_sort(out_.begin(), out_.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.layer, a.seq) < std::tie(b.layer, b.seq);
    });
    Plan p;
    for (Pending& x : out_) {
      std::sort(x.step.hazards.begin(), x.step.hazards.end());
      x.step.hazards.erase(std::unique(x.step.hazards.begin(), x.step.hazards.end()),
                           x.step.hazards.end());
      p.steps.push_back(std::move(x.step));
    }
    return p;
  }

 private:
  // ------------------------------------------------------------------ helpers
  bool existed(const std::string& schema, const std::string& table) const {
    return base_.find_table(schema, table) != nullptr;
  }

  void add(int layer, Step s) { out_.push_back(Pending{layer, out_.size(), std::move(s)}); }

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
    const std::string q = quote_ident(c.schema);
    if (c.op == Op::kCreate) {
      Step s = step("create schema " + c.schema, {c.schema});
      s.up = {catalog::create_schema_sql(c.schema)};
      const auto& after = c.after_as<catalog::Schema>();
      if (after.comment) s.up.push_back(comment_on_schema_sql(c.schema, after.comment));
      s.down = {"DROP SCHEMA " + q};
      add(kCreateSchema, std::move(s));
    } else if (c.op == Op::kDrop) {
      Step s = step("drop schema " + c.schema, {c.schema});
      s.up = {"DROP SCHEMA " + q};
      s.down = {catalog::create_schema_sql(c.schema)};
      const auto& before = c.before_as<catalog::Schema>();
      if (before.comment) s.down.push_back(comment_on_schema_sql(c.schema, before.comment));
      add(kDropSchema, std::move(s));
    } else if (c.op == Op::kAlter) {
      Step s = step("comment on schema " + c.schema, {c.schema});
      s.up = {comment_on_schema_sql(c.schema, c.after_as<catalog::Schema>().comment)};
      s.down = {comment_on_schema_sql(c.schema, c.before_as<catalog::Schema>().comment)};
      add(kComment, std::move(s));
    }
  }

  void plan_extension(const Change& c) {
    const std::string q = quote_ident(c.name);
    if (c.op == Op::kCreate) {
      Step s = step("create extension " + c.name, {c.name});
      s.up = {catalog::create_extension_sql(c.after_as<catalog::Extension>())};
      s.down = {"DROP EXTENSION " + q};
      add(kExtension, std::move(s));
    } else if (c.op == Op::kDrop) {
      Step s = step("drop extension " + c.name, {c.name});
      s.up = {"DROP EXTENSION " + q};
      s.down = {catalog::create_extension_sql(c.before_as<catalog::Extension>())};
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible};
      add(kDropExtension, std::move(s));
    } else if (c.op == Op::kAlter) {
      Step s =
          step("move extension " + c.name + " to schema " + c.after_as<catalog::Extension>().schema,
               {c.name});
      s.up = {"ALTER EXTENSION " + q + " SET SCHEMA " +
              quote_ident(c.after_as<catalog::Extension>().schema)};
      s.down = {"ALTER EXTENSION " + q + " SET SCHEMA " +
                quote_ident(c.before_as<catalog::Extension>().schema)};
      add(kExtension, std::move(s));
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
    add(layer, std::move(s));
  }

  void plan_enum(const Change& c) {
    const std::string q = qualified(c.schema, c.name);
    const std::string path = c.path();
    if (c.op == Op::kRename) {
      return plan_rename(
          c, "type", "ALTER TYPE " + q + " RENAME TO " + quote_ident(c.new_name),
          "ALTER TYPE " + qualified(c.schema, c.new_name) + " RENAME TO " + quote_ident(c.name),
          kRename, false);
    }
    if (c.op == Op::kCreate) {
      Step s = step("create enum " + path, {path});
      s.up = build_enum(c.schema, c.after_as<EnumType>());
      s.down = {catalog::drop_enum_sql(c.schema, c.name)};
      add(kCreateEnum, std::move(s));
      return;
    }
    if (c.op == Op::kDrop) {
      Step s = step("drop enum " + path, {path});
      s.up = {catalog::drop_enum_sql(c.schema, c.name)};
      s.down = build_enum(c.schema, c.before_as<EnumType>());
      add(kDropTypeOrSequence, std::move(s));
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
      add(kComment, std::move(s));
    }
  }

  void plan_enum_recreate(const Change& c, const EnumType& b, const EnumType& a) {
    const std::string q = qualified(c.schema, c.name);
    const std::string old_name = catalog::make_object_name(c.name, "", "old");
    Step s =
        step("recreate enum " + c.path() + " with values (" + join(a.values) + ")", {c.path()});
    s.up.push_back("ALTER TYPE " + q + " RENAME TO " + quote_ident(old_name));
    s.up.push_back(catalog::create_enum_sql(c.schema, a));
    if (a.comment) s.up.push_back(catalog::comment_on_type_sql(c.schema, c.name, a.comment));
    bool removed = false;
    for (const std::string& v : b.values)
      if (std::find(a.values.begin(), a.values.end(), v) == a.values.end()) removed = true;
    for (const auto& [sn, tn, cn] : recreated_columns_[{c.schema, c.name}]) {
      const Column* bc = base_.find_table(sn, tn)->find_column(cn);
      const Column* ac = to_.find_table(sn, tn)->find_column(cn);
      const bool array = bc->type != q;
      const std::string at = alter_table(sn, tn);
      const std::string col = quote_ident(cn);
      if (bc->default_expr) s.up.push_back(at + " ALTER COLUMN " + col + " DROP DEFAULT");
      s.up.push_back(at + " ALTER COLUMN " + col + " TYPE " + bc->type + " USING " + col +
                     (array ? "::text[]::" : "::text::") + bc->type);
      if (ac->default_expr)
        s.up.push_back(at + " ALTER COLUMN " + col + " SET DEFAULT " + *ac->default_expr);
      s.objects.push_back(sn + "." + tn + "." + cn);
      s.hazards.push_back(Hazard::kRewritesTable);
      s.hazards.push_back(Hazard::kAccessExclusiveLock);
    }
    s.hazards.push_back(Hazard::kNotReversible);
    if (removed) s.hazards.push_back(Hazard::kDeletesData);
    add(kRecreateEnum, std::move(s));
    Step d = step("drop the replaced enum " + c.schema + "." + old_name, {c.path()});
    d.up = {catalog::drop_enum_sql(c.schema, old_name)};
    d.hazards = {Hazard::kNotReversible};
    add(kDropTypeOrSequence, std::move(d));
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  }

  void plan_enum_value(const Change& c) {
    const std::string q = qualified(c.schema, c.parent);
    if (c.op == Op::kRename) {
      return plan_rename(c, "enum value",
                         "ALTER TYPE " + q + " RENAME VALUE " + quote_literal(c.name) + " TO " +
                             quote_literal(c.new_name),
                         "ALTER TYPE " + q + " RENAME VALUE " + quote_literal(c.new_name) + " TO " +
                             quote_literal(c.name),
                         kRename, false);
    }
    if (c.op != Op::kCreate) return;
    Step s = step("add value " + quote_literal(c.name) + " to enum " + c.schema + "." + c.parent,
                  {c.schema + "." + c.parent});
    std::string sql = "ALTER TYPE " + q + " ADD VALUE " + quote_literal(c.name);
    if (!c.neighbor.empty())
      sql += std::string(c.before_neighbor ? " BEFORE " : " AFTER ") + quote_literal(c.neighbor);
    s.up = {sql};
    s.transactional = false;
    s.hazards = {Hazard::kCannotRunInTransaction, Hazard::kNotReversible};
    add(kAddEnumValue, std::move(s));
  }

  void plan_sequence(const Change& c) {
    const std::string path = c.path();
    if (c.op == Op::kCreate) {
      const Sequence& a = c.after_as<Sequence>();
      Step s = step("create sequence " + path, {path});
      s.up = {catalog::create_sequence_sql(c.schema, a)};
      s.down = {catalog::drop_sequence_sql(c.schema, c.name)};
      add(kSequence, std::move(s));
      if (a.owned_by_table) {
        Step o = step("set owner of sequence " + path, {path});
        o.up = {owned_by_sql(c.schema, a)};
        Sequence none = a;
        none.owned_by_table.reset();
        none.owned_by_column.reset();
        o.down = {owned_by_sql(c.schema, none)};
        add(kSequenceOwner, std::move(o));
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
      if (b.owned_by_table) s.down.push_back(owned_by_sql(c.schema, b));
      s.hazards = {Hazard::kNotReversible};  // its current value is lost
      add(kDropTypeOrSequence, std::move(s));
      return;
    }
    if (c.op != Op::kAlter) return;
    const Sequence& b = c.before_as<Sequence>();
    const Sequence& a = c.after_as<Sequence>();
    if (c.attrs & attr::kSequenceOptions) {
      Step s = step("alter sequence " + path, {path});
      s.up = {sequence_options_sql(c.schema, a)};
      s.down = {sequence_options_sql(c.schema, b)};
      add(kSequence, std::move(s));
    }
    if (c.attrs & attr::kSequenceOwner) {
      Step s = step("set owner of sequence " + path, {path});
      s.up = {owned_by_sql(c.schema, a)};
      s.down = {owned_by_sql(c.schema, b)};
      const bool release = !a.owned_by_table;
      add(release ? kReleaseSequence : kSequenceOwner, std::move(s));
    }
  }

  // Foreign keys of a dropped table are dropped on their own first, so that
  // tables referencing each other can be dropped in any order.
  void plan_table(const Change& c) {
    const std::string path = c.path();
    if (c.op == Op::kRename) {
      return plan_rename(
          c, "table", alter_table(c.schema, c.name) + " RENAME TO " + quote_ident(c.new_name),
          alter_table(c.schema, c.new_name) + " RENAME TO " + quote_ident(c.name), kRename, true);
    }
    if (c.op == Op::kCreate) {
      const Table& t = c.after_as<Table>();
      Step s = step("create table " + path, {path});
      s.up = build_table(c.schema, t);
      s.down = {catalog::drop_table_sql(c.schema, t.name)};
      add(kCreateTable, std::move(s));
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
        for (const Sequence& q : seqs->second) s.down.push_back(owned_by_sql(c.schema, q));
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible, Hazard::kAccessExclusiveLock};
      add(kDropTable, std::move(s));
      return;
    }
    if (c.op == Op::kAlter && (c.attrs & attr::kComment)) {
      Step s = step("comment on table " + path, {path});
      s.up = {catalog::comment_on_table_sql(c.schema, c.name, c.after_as<Table>().comment)};
      s.down = {catalog::comment_on_table_sql(c.schema, c.name, c.before_as<Table>().comment)};
      add(kComment, std::move(s));
    }
  }

  std::vector<std::string> add_column_sql(const std::string& schema, const std::string& table,
                                          const Column& col) const {
    std::vector<std::string> s{alter_table(schema, table) + " ADD COLUMN " +
                               catalog::column_definition_sql(col)};
    if (col.comment)
      s.push_back(catalog::comment_on_column_sql(schema, table, col.name, col.comment));
    return s;
  }

  void plan_column(const Change& c) {
    const std::string path = c.path();
    const std::string at = alter_table(c.schema, c.parent);
    const std::string drop = at + " DROP COLUMN " + quote_ident(c.name);
    if (c.op == Op::kRename) {
      return plan_rename(
          c, "column",
          at + " RENAME COLUMN " + quote_ident(c.name) + " TO " + quote_ident(c.new_name),
          at + " RENAME COLUMN " + quote_ident(c.new_name) + " TO " + quote_ident(c.name), kRename,
          true);
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
      add(col.generated ? kAddGeneratedColumn : kAddColumn, std::move(s));
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
      for (const Sequence& q : mine) s.down.push_back(owned_by_sql(c.schema, q));
      s.hazards = {Hazard::kDeletesData, Hazard::kNotReversible, Hazard::kAccessExclusiveLock};
      add(col.generated ? kDropGeneratedColumn : kDropColumn, std::move(s));
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
      add(kComment, std::move(s));
    }
    m &= ~attr::kComment;
    if (!m) return;
    std::vector<Hazard> hz{Hazard::kAccessExclusiveLock};
    Step s = step("alter column " + path + describe_alter(b, a, m), {path});
    s.up = alter_column(c.schema, c.parent, b, a, m, &hz);
    s.down = alter_column(c.schema, c.parent, a, b, m, nullptr);
    s.hazards = hz;
    add(kAlterColumn, std::move(s));
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
    const std::string at = alter_table(schema, table) + " ALTER COLUMN " + quote_ident(a.name);
    std::vector<std::string> s;
    const bool retype = m & (attr::kType | attr::kCollation);
    if ((m & attr::kGenerated) && b.generated && !a.generated) s.push_back(at + " DROP EXPRESSION");
    if ((m & attr::kIdentity) && b.identity != Identity::kNone && a.identity == Identity::kNone)
      s.push_back(at + " DROP IDENTITY");
    const bool reset_default = (m & attr::kDefault) || (retype && b.default_expr);
    if (reset_default && b.default_expr) s.push_back(at + " DROP DEFAULT");
    if (retype) {
      std::string sql = at + " TYPE " + a.type;
      if (a.collation)
        sql += " COLLATE " + catalog::collation_sql(*a.collation);
      else if (b.collation)
        sql += " COLLATE pg_catalog.\"default\"";
      if (m & attr::kType) {
        const TypeChange tc = classify_type_change(b.type, a.type);
        const std::string col = quote_ident(a.name);
        if (enum_type(a.type)) {
          sql += " USING " + col +
                 (a.type.size() > 2 && a.type.ends_with("[]") ? "::text[]::" : "::text::") + a.type;
        } else if (tc.needs_using) {
          sql += " USING " + col + "::" + a.type;
        }
        if (hz) {
          if (tc.rewrites) hz->push_back(Hazard::kRewritesTable);
          if (tc.narrows) {
            hz->push_back(Hazard::kDeletesData);
            hz->push_back(Hazard::kNotReversible);
          }
        }
      }
      s.push_back(sql);
    }
    if (m & attr::kNotNull) {
      if (!a.not_null) {
        s.push_back(at + " DROP NOT NULL");
      } else {
        // Validate with a CHECK first, so SET NOT NULL needs no scan under the lock.
        const std::string ck = quote_ident(catalog::make_object_name(table, a.name, "not_null"));
        const std::string t = alter_table(schema, table);
        s.push_back(t + " ADD CONSTRAINT " + ck + " CHECK (" + quote_ident(a.name) +
                    " IS NOT NULL) NOT VALID");
        s.push_back(t + " VALIDATE CONSTRAINT " + ck);
        s.push_back(at + " SET NOT NULL");
        s.push_back(t + " DROP CONSTRAINT " + ck);
        if (hz) hz->push_back(Hazard::kValidatesConstraint);
      }
    }
    if ((m & attr::kIdentity) && a.identity != Identity::kNone) {
      const char* kind = a.identity == Identity::kAlways ? "ALWAYS" : "BY DEFAULT";
      if (b.identity == Identity::kNone)
        s.push_back(at + " ADD GENERATED " + kind + " AS IDENTITY");
      else
        s.push_back(at + " SET GENERATED " + kind);
    }
    if (reset_default && a.default_expr) s.push_back(at + " SET DEFAULT " + *a.default_expr);
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
              alter_table(schema, table) + " VALIDATE CONSTRAINT " + quote_ident(fk.name)};
      s.hazards = {Hazard::kValidatesConstraint, Hazard::kAccessExclusiveLock};
    } else {
      s.up = {catalog::add_foreign_key_sql(schema, table, fk, false)};
    }
    s.down = {catalog::drop_constraint_sql(schema, table, fk.name)};
    add(kAddForeignKey, std::move(s));
  }

  void drop_foreign_key(const std::string& schema, const std::string& table, const ForeignKey& fk) {
    const std::string path = schema + "." + table + "." + fk.name;
    Step s = step("drop foreign key " + path, {path, schema + "." + table});
    s.up = {catalog::drop_constraint_sql(schema, table, fk.name)};
    s.down = {catalog::add_foreign_key_sql(schema, table, fk, false)};
    s.hazards = {Hazard::kAccessExclusiveLock};
    add(kDropForeignKey, std::move(s));
  }

  void plan_constraint(const Change& c) {
    const std::string path = c.path();
    const std::string& schema = c.schema;
    const std::string& table = c.parent;
    const bool on_existing = existed(schema, table);
    if (c.op == Op::kRename) {
      if (c.kind == ObjectKind::kIndex) {
        return plan_rename(
            c, "index",
            "ALTER INDEX " + qualified(schema, c.name) + " RENAME TO " + quote_ident(c.new_name),
            "ALTER INDEX " + qualified(schema, c.new_name) + " RENAME TO " + quote_ident(c.name),
            kRenameConstraint, true);
      }
      const std::string at = alter_table(schema, table);
      return plan_rename(
          c, "constraint",
          at + " RENAME CONSTRAINT " + quote_ident(c.name) + " TO " + quote_ident(c.new_name),
          at + " RENAME CONSTRAINT " + quote_ident(c.new_name) + " TO " + quote_ident(c.name),
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
      switch (c.kind) {
        case ObjectKind::kPrimaryKey:
          s.up = {catalog::add_primary_key_sql(schema, table, c.after_as<PrimaryKey>())};
          break;
        case ObjectKind::kUnique:
          s.up = {catalog::add_unique_sql(schema, table, c.after_as<UniqueConstraint>())};
          break;
        case ObjectKind::kCheck:
          if (on_existing) {
            s.up = {catalog::add_check_sql(schema, table, c.after_as<CheckConstraint>(), true),
                    alter_table(schema, table) + " VALIDATE CONSTRAINT " + quote_ident(c.name)};
            s.hazards.push_back(Hazard::kValidatesConstraint);
          } else {
            s.up = {catalog::add_check_sql(schema, table, c.after_as<CheckConstraint>(), false)};
          }
          break;
        default:
          s.up = {catalog::create_index_sql(schema, table, c.after_as<Index>(), concurrent)};
          break;
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
      add(kAddConstraint, std::move(s));
      return;
    }
    if (c.op == Op::kDrop) {
      Step s = step("drop " + label + " " + path, {path, schema + "." + table});
      switch (c.kind) {
        case ObjectKind::kPrimaryKey:
          s.down = {catalog::add_primary_key_sql(schema, table, c.before_as<PrimaryKey>())};
          break;
        case ObjectKind::kUnique:
          s.down = {catalog::add_unique_sql(schema, table, c.before_as<UniqueConstraint>())};
          break;
        case ObjectKind::kCheck:
          s.down = {catalog::add_check_sql(schema, table, c.before_as<CheckConstraint>(), false)};
          break;
        default:
          s.down = {catalog::create_index_sql(schema, table, c.before_as<Index>(), concurrent)};
          break;
      }
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
      add(kDropConstraint, std::move(s));
    }
  }

  const Catalog& base_;
  const Catalog& to_;
  const PlannerOptions& opt_;
  std::vector<Pending> out_;
  std::set<std::pair<std::string, std::string>> dropped_tables_;
  std::set<std::tuple<std::string, std::string, std::string>> dropped_columns_;
  std::map<std::pair<std::string, std::string>,
           std::vector<std::tuple<std::string, std::string, std::string>>>
      recreated_columns_;
  std::set<std::tuple<std::string, std::string, std::string>> default_handled_;
  std::map<std::pair<std::string, std::string>, std::vector<Sequence>> implicit_sequences_;
};

}  // namespace

Plan plan_changes(const std::vector<Change>& changes, const Catalog& from, const Catalog& to,
                  const PlannerOptions& options) {
  const Catalog base = diff::apply_renames(from, to).renamed;
  return Planner(base, to, options).run(changes);
}

Plan make_plan(const Catalog& from, const Catalog& to, const PlannerOptions& options) {
  diff::RenameResult r = diff::apply_renames(from, to);
  std::vector<Change> changes = diff::diff(from, to);
  Plan plan = Planner(r.renamed, to, options).run(changes);
  std::set<std::string> unmanaged;
  for (const Catalog* c : {&from, &to})
    for (const auto& u : c->unmanaged) unmanaged.insert(u.kind + " " + u.schema + "." + u.name);
  plan.not_compared.assign(unmanaged.begin(), unmanaged.end());
  return plan;
}

}  // namespace reconcile::plan
