#include "core/diff/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/catalog/names.h"
#include "core/diff/expr_rewrite.h"

namespace reconcile::diff {

using catalog::Catalog;
using catalog::CheckConstraint;
using catalog::Column;
using catalog::EnumType;
using catalog::ForeignKey;
using catalog::Index;
using catalog::PrimaryKey;
using catalog::RenameHint;
using catalog::Schema;
using catalog::Sequence;
using catalog::Table;
using catalog::UniqueConstraint;

std::string Change::path() const {
  return catalog::ObjectRef{kind, schema, parent, name}.path();
}

const char* op_name(Op op) {
  return util::enum_name(op).data();
}

namespace {

Change make(Op op, ObjectKind kind, std::string schema, std::string parent, std::string name) {
  Change c;
  c.op = op;
  c.kind = kind;
  c.schema = std::move(schema);
  c.parent = std::move(parent);
  c.name = std::move(name);
  return c;
}

Change rename_change(ObjectKind kind, const std::string& schema, const std::string& parent,
                     const std::string& from, const std::string& to) {
  Change c = make(Op::kRename, kind, schema, parent, from);
  c.new_name = to;
  return c;
}

bool has_value(const EnumType& e, const std::string& v) {
  return std::find(e.values.begin(), e.values.end(), v) != e.values.end();
}

// ---------------------------------------------------------------------------
// Renames

void rename_table(Catalog& c, const std::string& schema, const std::string& from,
                  const std::string& to) {
  Schema& s = c.schemas.at(schema);
  auto node = s.tables.extract(from);
  node.key() = to;
  node.mapped().name = to;
  s.tables.insert(std::move(node));
  for (auto& [sn, sch] : c.schemas) {
    for (auto& [tn, t] : sch.tables) {
      for (ForeignKey& fk : t.foreign_keys)
        if (fk.ref_schema == schema && fk.ref_table == from) fk.ref_table = to;
    }
  }
  for (auto& [qn, seq] : s.sequences)
    if (seq.owned_by_table == from) seq.owned_by_table = to;
}

void rename_in_list(std::vector<std::string>& cols, const std::string& from,
                    const std::string& to) {
  for (std::string& c : cols)
    if (c == from) c = to;
}

void rename_column(Catalog& c, const std::string& schema, const std::string& table,
                   const std::string& from, const std::string& to) {
  Table& t = c.schemas.at(schema).tables.at(table);
  t.find_column(from)->name = to;
  if (t.primary_key) rename_in_list(t.primary_key->columns, from, to);
  for (UniqueConstraint& u : t.uniques) rename_in_list(u.columns, from, to);
  for (ForeignKey& fk : t.foreign_keys) rename_in_list(fk.columns, from, to);
  for (CheckConstraint& ck : t.checks) ck.expression = rename_identifier(ck.expression, from, to);
  for (Index& ix : t.indexes) {
    for (std::string& k : ix.keys) k = rename_identifier(k, from, to);
    rename_in_list(ix.include, from, to);
    if (ix.predicate) ix.predicate = rename_identifier(*ix.predicate, from, to);
  }
  for (Column& col : t.columns)
    if (col.generated) col.generated = rename_identifier(*col.generated, from, to);
  for (auto& [sn, sch] : c.schemas)
    for (auto& [tn, other] : sch.tables)
      for (ForeignKey& fk : other.foreign_keys)
        if (fk.ref_schema == schema && fk.ref_table == table)
          rename_in_list(fk.ref_columns, from, to);
  for (auto& [qn, seq] : c.schemas.at(schema).sequences)
    if (seq.owned_by_table == table && seq.owned_by_column == from) seq.owned_by_column = to;
}

// Applies `f` to every expression and type string of every table.
template <class F>
void for_each_text(Catalog& c, F&& f) {
  for (auto& [sn, sch] : c.schemas)
    for (auto& [tn, t] : sch.tables) {
      for (Column& col : t.columns) {
        f(col.type);
        if (col.default_expr) f(*col.default_expr);
        if (col.generated) f(*col.generated);
      }
      for (CheckConstraint& ck : t.checks) f(ck.expression);
      for (Index& ix : t.indexes) {
        for (std::string& k : ix.keys) f(k);
        if (ix.predicate) f(*ix.predicate);
      }
    }
}

void rename_enum(Catalog& c, const std::string& schema, const std::string& from,
                 const std::string& to) {
  Schema& s = c.schemas.at(schema);
  auto node = s.enums.extract(from);
  node.key() = to;
  node.mapped().name = to;
  s.enums.insert(std::move(node));
  const std::string old_q = catalog::qualified(schema, from);
  const std::string new_q = catalog::qualified(schema, to);
  for_each_text(c, [&](std::string& text) { text = rename_type_reference(text, old_q, new_q); });
}

void rename_enum_value(Catalog& c, const std::string& schema, const std::string& type,
                       const std::string& from, const std::string& to) {
  EnumType& e = c.schemas.at(schema).enums.at(type);
  for (std::string& v : e.values)
    if (v == from) v = to;
  const std::string q = "::" + catalog::qualified(schema, type);
  const std::string old_lit = catalog::quote_literal(from) + q;
  const std::string new_lit = catalog::quote_literal(to) + q;
  for_each_text(c, [&](std::string& text) { text = replace_all(text, old_lit, new_lit); });
}

}  // namespace

RenameResult apply_renames(const Catalog& from, const Catalog& to) {
  RenameResult r{from, {}};
  Catalog& cur = r.renamed;
  std::vector<RenameHint> hints = to.renames;
  std::sort(hints.begin(), hints.end());
  // Tables and enums first, so that column and value hints can name their
  // parent in the desired catalog's terms.
  std::map<std::pair<std::string, std::string>, std::string> table_map, enum_map;
  auto kind_rank = [](RenameHint::Kind k) {
    switch (k) {
      case RenameHint::Kind::kTable:
        return 0;
      case RenameHint::Kind::kEnum:
        return 1;
      case RenameHint::Kind::kColumn:
        return 2;
      case RenameHint::Kind::kEnumValue:
        return 3;
    }
    return 4;
  };
  std::stable_sort(hints.begin(), hints.end(), [&](const RenameHint& a, const RenameHint& b) {
    return kind_rank(a.kind) < kind_rank(b.kind);
  });
  for (const RenameHint& h : hints) {
    if (h.from == h.to || !cur.schemas.count(h.schema) || !to.schemas.count(h.schema)) continue;
    const Schema& cs = cur.schemas.at(h.schema);
    const Schema& ts = to.schemas.at(h.schema);
    switch (h.kind) {
      case RenameHint::Kind::kTable:
        if (cs.tables.count(h.from) && !cs.tables.count(h.to) && ts.tables.count(h.to) &&
            !ts.tables.count(h.from)) {
          rename_table(cur, h.schema, h.from, h.to);
          table_map[{h.schema, h.from}] = h.to;
          r.renames.push_back(rename_change(ObjectKind::kTable, h.schema, "", h.from, h.to));
        }
        break;
      case RenameHint::Kind::kEnum:
        if (cs.enums.count(h.from) && !cs.enums.count(h.to) && ts.enums.count(h.to) &&
            !ts.enums.count(h.from)) {
          rename_enum(cur, h.schema, h.from, h.to);
          enum_map[{h.schema, h.from}] = h.to;
          r.renames.push_back(rename_change(ObjectKind::kEnum, h.schema, "", h.from, h.to));
        }
        break;
      case RenameHint::Kind::kColumn: {
        std::string parent = h.parent;
        if (auto it = table_map.find({h.schema, parent}); it != table_map.end())
          parent = it->second;
        auto ct = cs.tables.find(parent);
        auto tt = ts.tables.find(parent);
        if (ct == cs.tables.end() || tt == ts.tables.end()) break;
        if (ct->second.find_column(h.from) && !ct->second.find_column(h.to) &&
            tt->second.find_column(h.to) && !tt->second.find_column(h.from)) {
          rename_column(cur, h.schema, parent, h.from, h.to);
          r.renames.push_back(rename_change(ObjectKind::kColumn, h.schema, parent, h.from, h.to));
        }
        break;
      }
      case RenameHint::Kind::kEnumValue: {
        std::string parent = h.parent;
        if (auto it = enum_map.find({h.schema, parent}); it != enum_map.end()) parent = it->second;
        auto ce = cs.enums.find(parent);
        auto te = ts.enums.find(parent);
        if (ce == cs.enums.end() || te == ts.enums.end()) break;
        if (has_value(ce->second, h.from) && !has_value(ce->second, h.to) &&
            has_value(te->second, h.to) && !has_value(te->second, h.from)) {
          rename_enum_value(cur, h.schema, parent, h.from, h.to);
          r.renames.push_back(
              rename_change(ObjectKind::kEnumValue, h.schema, parent, h.from, h.to));
        }
        break;
      }
    }
  }
  return r;
}

namespace {

// ---------------------------------------------------------------------------
// Structural comparison (after renames)

using KeyRef = std::tuple<std::string, std::string, std::vector<std::string>>;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Index keys that are plain columns, unquoted ("Name" -> Name).
std::vector<std::string> unquoted_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const std::string& k : keys) {
    if (k.size() >= 2 && k.front() == '"' && k.back() == '"')
      out.push_back(replace_all(k.substr(1, k.size() - 2), "\"\"", "\""));
    else
      out.push_back(k);
  }
  return out;
}

// Copies with the name cleared, to compare definitions only.
template <class T>
T unnamed(T v) {
  v.name.clear();
  return v;
}

class Differ {
 public:
  Differ(const Catalog& base, const Catalog& to) : base_(base), to_(to) { collect_dropped_keys(); }

  std::vector<Change> run() {
    // Extensions
    for (const auto& [name, e] : base_.extensions) {
      auto it = to_.extensions.find(name);
      if (it == to_.extensions.end()) {
        Change c = make(Op::kDrop, ObjectKind::kExtension, "", "", name);
        c.before = e;
        out_.push_back(std::move(c));
      } else if (!(it->second == e)) {
        Change c = make(Op::kAlter, ObjectKind::kExtension, "", "", name);
        c.before = e;
        c.after = it->second;
        c.attrs = attr::kExtensionSchema;
        out_.push_back(std::move(c));
      }
    }
    for (const auto& [name, e] : to_.extensions) {
      if (base_.extensions.count(name)) continue;
      Change c = make(Op::kCreate, ObjectKind::kExtension, "", "", name);
      c.after = e;
      out_.push_back(std::move(c));
    }
    // Schemas
    std::set<std::string> names;
    for (const auto& [n, s] : base_.schemas) names.insert(n);
    for (const auto& [n, s] : to_.schemas) names.insert(n);
    static const Schema kEmpty;
    for (const std::string& n : names) {
      auto b = base_.schemas.find(n);
      auto a = to_.schemas.find(n);
      const Schema* bs = b == base_.schemas.end() ? nullptr : &b->second;
      const Schema* as = a == to_.schemas.end() ? nullptr : &a->second;
      if (!bs) {
        Change c = make(Op::kCreate, ObjectKind::kSchema, n, "", "");
        c.after = shell(*as);
        out_.push_back(std::move(c));
      } else if (as && bs->comment != as->comment) {
        Change c = make(Op::kAlter, ObjectKind::kSchema, n, "", "");
        c.before = shell(*bs);
        c.after = shell(*as);
        c.attrs = attr::kComment;
        out_.push_back(std::move(c));
      }
      compare_schema(n, bs ? *bs : kEmpty, as ? *as : kEmpty);
      if (!as) {
        Change c = make(Op::kDrop, ObjectKind::kSchema, n, "", "");
        c.before = shell(*bs);
        out_.push_back(std::move(c));
      }
    }
    return std::move(out_);
  }

 private:
  static Schema shell(const Schema& s) {
    Schema x;
    x.name = s.name;
    x.comment = s.comment;
    return x;
  }

  // Keys (primary keys, unique constraints, unique indexes) that are dropped or
  // replaced: foreign keys referencing them must be dropped first.
  void collect_dropped_keys() {
    for (const auto& [sn, bs] : base_.schemas) {
      auto as = to_.schemas.find(sn);
      for (const auto& [tn, bt] : bs.tables) {
        const Table* at = nullptr;
        if (as != to_.schemas.end()) {
          auto it = as->second.tables.find(tn);
          if (it != as->second.tables.end()) at = &it->second;
        }
        if (!at) continue;  // the referencing foreign keys disappear as well
        if (bt.primary_key &&
            !(at->primary_key && unnamed(*at->primary_key) == unnamed(*bt.primary_key)))
          dropped_keys_.insert({sn, tn, sorted(bt.primary_key->columns)});
        for (const UniqueConstraint& u : bt.uniques)
          if (!has_same_definition(at->uniques, u))
            dropped_keys_.insert({sn, tn, sorted(u.columns)});
        for (const Index& ix : bt.indexes)
          if (ix.unique && !has_same_definition(at->indexes, ix))
            dropped_keys_.insert({sn, tn, sorted(unquoted_keys(ix.keys))});
      }
    }
  }

  // True when `list` holds an object equal to `v` under its own name or one
  // with the same definition under another name (which becomes a rename).
  template <class T>
  static bool has_same_definition(const std::vector<T>& list, const T& v) {
    for (const T& x : list)
      if (x.name == v.name) return x == v;
    const T u = unnamed(v);
    for (const T& x : list)
      if (unnamed(x) == u) return true;
    return false;
  }

  void compare_schema(const std::string& sn, const Schema& b, const Schema& a) {
    // Enums
    for (const auto& [n, e] : b.enums)
      if (!a.enums.count(n)) {
        Change c = make(Op::kDrop, ObjectKind::kEnum, sn, "", n);
        c.before = e;
        out_.push_back(std::move(c));
      }
    for (const auto& [n, e] : a.enums) {
      auto it = b.enums.find(n);
      if (it == b.enums.end()) {
        Change c = make(Op::kCreate, ObjectKind::kEnum, sn, "", n);
        c.after = e;
        out_.push_back(std::move(c));
      } else {
        compare_enum(sn, it->second, e);
      }
    }
    // Sequences
    for (const auto& [n, s] : b.sequences)
      if (!a.sequences.count(n)) {
        Change c = make(Op::kDrop, ObjectKind::kSequence, sn, "", n);
        c.before = s;
        out_.push_back(std::move(c));
      }
    for (const auto& [n, s] : a.sequences) {
      auto it = b.sequences.find(n);
      if (it == b.sequences.end()) {
        Change c = make(Op::kCreate, ObjectKind::kSequence, sn, "", n);
        c.after = s;
        out_.push_back(std::move(c));
      } else if (!(it->second == s)) {
        Change c = make(Op::kAlter, ObjectKind::kSequence, sn, "", n);
        c.before = it->second;
        c.after = s;
        Sequence x = it->second, y = s;
        if (x.owned_by_table != y.owned_by_table || x.owned_by_column != y.owned_by_column)
          c.attrs |= attr::kSequenceOwner;
        x.owned_by_table = y.owned_by_table;
        x.owned_by_column = y.owned_by_column;
        if (!(x == y)) c.attrs |= attr::kSequenceOptions;
        out_.push_back(std::move(c));
      }
    }
    // Tables
    for (const auto& [n, t] : b.tables)
      if (!a.tables.count(n)) {
        Change c = make(Op::kDrop, ObjectKind::kTable, sn, "", n);
        c.before = t;
        out_.push_back(std::move(c));
      }
    for (const auto& [n, t] : a.tables) {
      auto it = b.tables.find(n);
      if (it == b.tables.end()) {
        Change c = make(Op::kCreate, ObjectKind::kTable, sn, "", n);
        c.after = t;
        out_.push_back(std::move(c));
      } else if (!(it->second == t) ||
                 std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                             [&](const ForeignKey& fk) { return references_dropped_key(fk); })) {
        compare_table(sn, it->second, t);
      }
    }
  }

  void compare_enum(const std::string& sn, const EnumType& b, const EnumType& a) {
    if (b.values != a.values) {
      // Additions only when the old values keep their relative order.
      bool additive = true;
      size_t pos = 0;
      for (const std::string& v : b.values) {
        auto it = std::find(a.values.begin() + static_cast<long>(pos), a.values.end(), v);
        if (it == a.values.end()) {
          additive = false;
          break;
        }
        pos = static_cast<size_t>(it - a.values.begin()) + 1;
      }
      if (additive) {
        for (size_t i = 0; i < a.values.size(); ++i) {
          if (has_value(b, a.values[i])) continue;
          Change c = make(Op::kCreate, ObjectKind::kEnumValue, sn, a.name, a.values[i]);
          if (i > 0) {
            c.neighbor = a.values[i - 1];
            c.before_neighbor = false;
          } else if (!b.values.empty()) {
            c.neighbor = b.values.front();
            c.before_neighbor = true;
          }
          out_.push_back(std::move(c));
        }
      } else {
        Change c = make(Op::kAlter, ObjectKind::kEnum, sn, "", a.name);
        c.before = b;
        c.after = a;
        c.attrs = attr::kValues | (b.comment != a.comment ? attr::kComment : 0u);
        out_.push_back(std::move(c));
        return;
      }
    }
    if (b.comment != a.comment) {
      Change c = make(Op::kAlter, ObjectKind::kEnum, sn, "", a.name);
      c.before = b;
      c.after = a;
      c.attrs = attr::kComment;
      out_.push_back(std::move(c));
    }
  }

  static unsigned column_attrs(const Column& b, const Column& a) {
    unsigned m = 0;
    if (b.type != a.type) m |= attr::kType;
    if (b.default_expr != a.default_expr) m |= attr::kDefault;
    if (b.not_null != a.not_null) m |= attr::kNotNull;
    if (b.identity != a.identity) m |= attr::kIdentity;
    if (b.generated != a.generated) m |= attr::kGenerated;
    if (b.collation != a.collation) m |= attr::kCollation;
    if (b.comment != a.comment) m |= attr::kComment;
    return m;
  }

  void compare_table(const std::string& sn, const Table& b, const Table& a) {
    const std::string& tn = a.name;
    if (b.comment != a.comment) {
      Change c = make(Op::kAlter, ObjectKind::kTable, sn, "", tn);
      Table bs, as;
      bs.name = as.name = tn;
      bs.comment = b.comment;
      as.comment = a.comment;
      c.before = bs;
      c.after = as;
      c.attrs = attr::kComment;
      out_.push_back(std::move(c));
    }
    // Columns
    for (const Column& bc : b.columns) {
      const Column* ac = a.find_column(bc.name);
      if (!ac) {
        Change c = make(Op::kDrop, ObjectKind::kColumn, sn, tn, bc.name);
        c.before = bc;
        out_.push_back(std::move(c));
      }
    }
    for (const Column& ac : a.columns) {
      const Column* bc = b.find_column(ac.name);
      if (!bc) {
        Change c = make(Op::kCreate, ObjectKind::kColumn, sn, tn, ac.name);
        c.after = ac;
        out_.push_back(std::move(c));
        continue;
      }
      const unsigned m = column_attrs(*bc, ac);
      if (!m) continue;
      if ((m & attr::kGenerated) && ac.generated) {
        // PostgreSQL 15 cannot change a generation expression: replace the column.
        Change d = make(Op::kDrop, ObjectKind::kColumn, sn, tn, ac.name);
        d.before = *bc;
        out_.push_back(std::move(d));
        Change c = make(Op::kCreate, ObjectKind::kColumn, sn, tn, ac.name);
        c.after = ac;
        out_.push_back(std::move(c));
        continue;
      }
      Change c = make(Op::kAlter, ObjectKind::kColumn, sn, tn, ac.name);
      c.before = *bc;
      c.after = ac;
      c.attrs = m;
      out_.push_back(std::move(c));
    }
    // Primary key
    if (b.primary_key != a.primary_key) {
      if (b.primary_key && a.primary_key && unnamed(*b.primary_key) == unnamed(*a.primary_key)) {
        out_.push_back(rename_change(ObjectKind::kPrimaryKey, sn, tn, b.primary_key->name,
                                     a.primary_key->name));
      } else {
        if (b.primary_key) {
          Change c = make(Op::kDrop, ObjectKind::kPrimaryKey, sn, tn, b.primary_key->name);
          c.before = *b.primary_key;
          out_.push_back(std::move(c));
        }
        if (a.primary_key) {
          Change c = make(Op::kCreate, ObjectKind::kPrimaryKey, sn, tn, a.primary_key->name);
          c.after = *a.primary_key;
          out_.push_back(std::move(c));
        }
      }
    }
    compare_named(sn, tn, ObjectKind::kUnique, b.uniques, a.uniques);
    compare_named(sn, tn, ObjectKind::kCheck, b.checks, a.checks);
    compare_named(sn, tn, ObjectKind::kIndex, b.indexes, a.indexes);
    compare_named(sn, tn, ObjectKind::kForeignKey, b.foreign_keys, a.foreign_keys);
  }

  bool references_dropped_key(const ForeignKey& fk) const {
    return dropped_keys_.count({fk.ref_schema, fk.ref_table, sorted(fk.ref_columns)}) > 0;
  }

  template <class T>
  void compare_named(const std::string& sn, const std::string& tn, ObjectKind kind,
                     const std::vector<T>& b, const std::vector<T>& a) {
    std::map<std::string, const T*> bm, am;
    for (const T& x : b) bm[x.name] = &x;
    for (const T& x : a) am[x.name] = &x;
    std::vector<const T*> drops, creates;
    for (const auto& [n, x] : bm) {
      auto it = am.find(n);
      bool replace = it != am.end() && !(*it->second == *x);
      if constexpr (std::is_same_v<T, ForeignKey>) {
        if (it != am.end() && !replace && references_dropped_key(*x)) replace = true;
      }
      if (it == am.end() || replace) drops.push_back(x);
      if (replace) creates.push_back(it->second);
    }
    for (const auto& [n, x] : am)
      if (!bm.count(n)) creates.push_back(x);
    std::sort(creates.begin(), creates.end(),
              [](const T* l, const T* r) { return l->name < r->name; });
    // Pair a pure drop and a pure create of the same definition into a rename.
    std::set<const T*> renamed_drop, renamed_create;
    for (const T* d : drops) {
      if (am.count(d->name)) continue;
      if constexpr (std::is_same_v<T, ForeignKey>) {
        if (references_dropped_key(*d)) continue;
      }
      const T ud = unnamed(*d);
      for (const T* c : creates) {
        if (bm.count(c->name) || renamed_create.count(c)) continue;
        if (unnamed(*c) == ud) {
          renamed_drop.insert(d);
          renamed_create.insert(c);
          out_.push_back(rename_change(kind, sn, tn, d->name, c->name));
          break;
        }
      }
    }
    for (const T* d : drops) {
      if (renamed_drop.count(d)) continue;
      Change c = make(Op::kDrop, kind, sn, tn, d->name);
      c.before = *d;
      out_.push_back(std::move(c));
    }
    for (const T* x : creates) {
      if (renamed_create.count(x)) continue;
      Change c = make(Op::kCreate, kind, sn, tn, x->name);
      c.after = *x;
      out_.push_back(std::move(c));
    }
  }

  const Catalog& base_;
  const Catalog& to_;
  std::set<KeyRef> dropped_keys_;
  std::vector<Change> out_;
};

}  // namespace

std::vector<Change> diff(const Catalog& from, const Catalog& to) {
  RenameResult r = apply_renames(from, to);
  std::vector<Change> out = std::move(r.renames);
  std::vector<Change> rest = Differ(r.renamed, to).run();
  out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  return out;
}

}  // namespace reconcile::diff
