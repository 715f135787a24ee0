// The `linkml` profile: LinkML's RelationalModelTransformer followed by
// SQLTableGenerator's PostgreSQL DDL (linkml-mapping §2, §3), producing a
// catalog instead of text. Deviations (documented in docs/mapping.md):
//  D1 (#3501) a class whose inherited identifier is not one of its columns
//     gets its own identifier as primary key, and foreign keys to it
//     reference that column;
//  D2 (Q3) a foreign key to a class whose primary key is all its columns
//     (a class with only a `key`) gets a UNIQUE constraint on the key, so
//     the foreign key is valid;
//  D3 explicit index names over 63 characters (which LinkML refuses) get
//     the bounded form of naming.h instead of failing;
//  D4 table names over 63 bytes (LinkML's generator refuses them) get the
//     bounded form of naming.h, so that two long names never become one;
//  D5 an enum with a label over 63 bytes (PostgreSQL refuses it) becomes
//     text with a CHECK listing the values;
//  D6 a class with an sql_definition annotation (a view) gets no table.
// Names PostgreSQL chooses itself in LinkML's DDL (unnamed primary keys,
// unique constraints, foreign keys, SERIAL sequences) are predicted by
// replaying LinkML's statement order through catalog::NameChooser, so a
// database built from LinkML's DDL is adopted as it is (name_pass below).
// Column names over 63 bytes are truncated as PostgreSQL does.
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "core/catalog/name_chooser.h"
#include "core/catalog/names.h"
#include "linkml/builtin_types.h"
#include "linkml/mapping/annotations.h"
#include "linkml/mapping/naming.h"
#include "linkml/mapping/postgis.h"
#include "linkml/mapping/profiles.h"

namespace reconcile::mapping::detail {
namespace {

using linkml::SlotDefinition;

struct RelAttr {
  std::string name;
  std::string slot_name;
  std::optional<std::string> range;
  bool required = false, identifier = false, key = false, multivalued = false, inlined = false,
       inlined_as_list = false, shared = false;
  bool backref = false, surrogate = false, primary_key = false;
  std::optional<std::string> description, singular_name;
  SourceLocation where;
  Annotations annotations;
};

struct RelUnique {
  std::string name;
  std::vector<std::string> slots;
  bool nulls_not_distinct = false;
  SourceLocation where;
};

struct RelClass {
  std::string name;
  std::optional<std::string> is_a;
  std::optional<std::string> description;
  std::vector<RelAttr> attrs;
  std::vector<RelUnique> uniques;
  const linkml::ClassDefinition* def = nullptr;  // null for join tables
  std::string owner;                             // join tables: the class they come from
  SourceLocation where;

  RelAttr* find(const std::string& n) {
    for (auto& a : attrs)
      if (a.name == n) return &a;
    return nullptr;
  }
  const RelAttr* find(const std::string& n) const {
    for (const auto& a : attrs)
      if (a.name == n) return &a;
    return nullptr;
  }
  // The first attribute that is an identifier or key (RMT
  // get_direct_identifier_attribute).
  const RelAttr* direct_pk() const {
    for (const auto& a : attrs)
      if (a.identifier || a.key) return &a;
    return nullptr;
  }
  void set(RelAttr a) {
    if (RelAttr* e = find(a.name)) {
      *e = std::move(a);
    } else {
      attrs.push_back(std::move(a));
    }
  }
};

RelAttr from_slot(const SlotDefinition& s) {
  RelAttr a;
  a.slot_name = s.name;
  a.name = s.alias.value_or(s.name);
  a.range = s.range;
  a.required = s.required.value_or(false);
  a.identifier = s.identifier.value_or(false);
  a.key = s.key.value_or(false);
  a.multivalued = s.multivalued.value_or(false);
  a.inlined = s.inlined.value_or(false);
  a.inlined_as_list = s.inlined_as_list.value_or(false);
  a.shared = s.annotations.contains("shared");
  a.description = s.description;
  a.singular_name = s.singular_name;
  a.where = s.where;
  a.annotations = s.annotations;
  return a;
}

// The relational schema of RMT: classes with attributes only.
class Relational {
 public:
  Relational(const linkml::SchemaView& sv, linkml::Diagnostics& diags) : sv_(sv), diags_(diags) {}

  // Deque: join tables are appended while classes are being read, and
  // pointers/references to the existing ones must stay valid.
  std::deque<RelClass> classes;
  std::map<std::string, size_t> index;

  RelClass* get(const std::string& n) {
    auto it = index.find(n);
    return it == index.end() ? nullptr : &classes[it->second];
  }
  const RelClass* get(const std::string& n) const {
    auto it = index.find(n);
    return it == index.end() ? nullptr : &classes[it->second];
  }

  void build() {
    flatten();
    primary_keys();
    multivalued();
    foreign_keys();
  }

  // get_identifier_slot on the relational schema: alphabetical over the
  // class's attributes and those of its is_a ancestors (nearest wins).
  const RelAttr* identifier(const std::string& cls, bool use_key) const {
    std::map<std::string, const RelAttr*> slots;
    std::set<std::string> seen;
    std::string cur = cls;
    while (const RelClass* c = get(cur)) {
      if (!seen.insert(cur).second) break;
      for (const auto& a : c->attrs) slots.emplace(a.name, &a);
      if (!c->is_a) break;
      cur = *c->is_a;
    }
    for (const auto& [n, a] : slots)
      if (a->identifier) return a;
    if (use_key)
      for (const auto& [n, a] : slots)
        if (a->key) return a;
    return nullptr;
  }

 private:
  const linkml::SchemaView& sv_;
  linkml::Diagnostics& diags_;
  std::set<std::string> multivalued_names_;
  std::map<std::string, bool> has_identifier_;
  bool source_has_identifier(const std::string& cls) {
    auto it = has_identifier_.find(cls);
    if (it != has_identifier_.end()) return it->second;
    bool v = sv_.identifier_slot(cls).has_value();
    has_identifier_[cls] = v;
    return v;
  }
  std::map<std::string, std::string> forward_map_;

  void add(RelClass c) {
    index[c.name] = classes.size();
    classes.push_back(std::move(c));
  }

  // Step A.
  void flatten() {
    for (const auto& [name, def] : sv_.schema().classes) {
      if (is_view(def)) continue;  // views.h
      RelClass c;
      c.name = name;
      c.is_a = def.is_a;
      c.description = def.description;
      c.def = &def;
      c.where = def.where;
      for (const auto& s : sv_.class_induced_slots(name)) c.set(from_slot(s));
      for (const auto& [ukname, uk] : def.unique_keys)
        c.uniques.push_back({ukname, uk.slots,
                             uk.consider_nulls_inequal.has_value() && !*uk.consider_nulls_inequal,
                             uk.where});
      add(std::move(c));
    }
  }

  // Step B.
  void primary_keys() {
    for (auto& c : classes) {
      if (c.direct_pk()) continue;
      std::string name;
      for (const char* candidate : {"id", "uid", "identifier", "pk"}) {
        if (!c.find(candidate)) {
          name = candidate;
          break;
        }
      }
      if (name.empty()) {
        diags_.error("no-surrogate-key-name",
                     "class '" + c.name +
                         "' has no identifier and already has attributes id, uid, identifier and "
                         "pk, so no surrogate key can be added",
                     c.where, "declare one of its slots `identifier: true`");
        continue;
      }
      RelAttr a;
      a.name = a.slot_name = name;
      a.range = "integer";
      a.identifier = a.required = a.surrogate = true;
      a.where = c.where;
      c.attrs.insert(c.attrs.begin(), std::move(a));
    }
  }

  // Step C.
  void multivalued() {
    const size_t n = classes.size();
    for (size_t i = 0; i < n; ++i) {
      const std::vector<RelAttr> snapshot = classes[i].attrs;
      for (const auto& a : snapshot) {
        if (!a.multivalued) continue;
        // Copies: the target's attributes (possibly this class's own) and
        // the class list grow below.
        const RelAttr* pk = classes[i].direct_pk();
        if (!pk) continue;
        const std::string cls_name = classes[i].name;
        const std::string pk_name = pk->name;
        std::string singular = a.singular_name.value_or(a.name);
        RelAttr backref;
        backref.name = backref.slot_name = cls_name + "_" + pk_name;
        backref.range = cls_name;
        backref.description = "Autocreated FK slot";
        backref.backref = true;
        backref.where = a.where;
        const bool range_is_class = a.range && get(*a.range) && sv_.is_class(*a.range);
        if (range_is_class && (a.inlined || a.inlined_as_list || a.shared)) {
          RelClass* target = get(*a.range);
          std::string bname = backref.name;
          target->set(std::move(backref));
          std::vector<const RelAttr*> keys;
          for (const auto& t : target->attrs)
            if (t.key) keys.push_back(&t);
          if (!keys.empty())
            target->uniques.push_back(
                {target->name + "_" + keys[0]->name, {bname, keys[0]->name}, false, a.where});
        } else {
          RelClass jt;
          jt.name = cls_name + "_" + singular;
          jt.owner = cls_name;
          jt.where = a.where;
          RelAttr value = a;
          value.name = singular;
          value.multivalued = false;
          value.inlined = true;
          value.identifier = value.key = false;
          jt.attrs.push_back(std::move(backref));
          jt.attrs.push_back(std::move(value));
          if (get(jt.name)) {
            diags_.error("name-collision",
                         "the join table \"" + jt.name + "\" for slot '" + a.slot_name +
                             "' of class '" + cls_name + "' has the name of another class",
                         a.where, "set singular_name on the slot");
          } else {
            add(std::move(jt));
          }
        }
        RelClass& again = classes[i];
        again.attrs.erase(std::remove_if(again.attrs.begin(), again.attrs.end(),
                                         [&](const RelAttr& x) { return x.name == a.name; }),
                          again.attrs.end());
        multivalued_names_.insert(a.name);
      }
    }
  }

  // Step D.
  void foreign_keys() {
    for (auto& cls : classes) {
      if (const RelAttr* pk = identifier(cls.name, false)) {
        std::string pk_name = pk->name;
        if (RelAttr* a = cls.find(pk_name)) a->primary_key = true;
      } else {
        for (auto& a : cls.attrs) a.primary_key = true;
      }
      std::vector<RelAttr> moved;
      std::vector<RelAttr> kept;
      for (auto& a : cls.attrs) {
        const RelClass* target = a.range ? get(*a.range) : nullptr;
        if (target && sv_.is_class(*a.range) && !a.backref && !a.multivalued) {
          const RelAttr* tpk = target->direct_pk();
          bool is_inlined = a.inlined || !source_has_identifier(*a.range);
          if (tpk && is_inlined) {
            std::string renamed = a.name + "_" + tpk->name;
            forward_map_[a.name] = renamed;
            a.name = renamed;
            moved.push_back(a);
            continue;
          }
        }
        kept.push_back(a);
      }
      for (auto& m : moved) kept.push_back(std::move(m));
      cls.attrs = std::move(kept);
      std::vector<RelUnique> uniques;
      for (auto uk : cls.uniques) {
        bool drop = false;
        for (const auto& s : uk.slots)
          if (multivalued_names_.count(s)) drop = true;
        if (drop) {
          diags_.warn("unique-key-dropped",
                      "unique key '" + uk.name + "' of class '" + cls.name +
                          "' uses a multivalued slot; LinkML drops it, and so does the linkml "
                          "profile",
                      uk.where);
          continue;
        }
        for (auto& s : uk.slots) {
          auto it = forward_map_.find(s);
          if (it != forward_map_.end()) s = it->second;
        }
        uniques.push_back(std::move(uk));
      }
      cls.uniques = std::move(uniques);
    }
  }
};

// Builds the catalog from the relational schema (SQLTableGenerator).
class Emitter {
 public:
  Emitter(const linkml::SchemaView& sv, const Relational& rel, const MappingOptions& options,
          linkml::Diagnostics& diags)
      : sv_(sv), rel_(rel), options_(options), diags_(diags) {}

  catalog::Catalog emit() {
    for (const auto& c : rel_.classes) place(c);
    for (const auto& c : rel_.classes) pk_columns_[c.name] = primary_key(c);
    for (const auto& c : rel_.classes) table(c);
    for (auto& [key, cols] : extra_uniques_) {
      auto& [schema, table] = key;
      catalog::Table& t = out_.schemas[schema].tables[table];
      for (const auto& col : cols) {
        bool covered = false;
        for (const auto& u : t.uniques)
          if (u.columns == std::vector<std::string>{col}) covered = true;
        if (t.primary_key && t.primary_key->columns == std::vector<std::string>{col})
          covered = true;
        // D2 uniques come first: they stand before the class's own ones.
        if (!covered) t.uniques.insert(t.uniques.begin(), {"", {col}});
      }
    }
    name_pass();
    return std::move(out_);
  }

 private:
  const linkml::SchemaView& sv_;
  const Relational& rel_;
  const MappingOptions& options_;
  linkml::Diagnostics& diags_;
  catalog::Catalog out_;
  std::map<std::string, std::pair<std::string, std::string>> placement_;  // class -> schema, table
  std::map<std::string, std::vector<std::string>> pk_columns_;
  std::set<std::string> index_names_;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> extra_uniques_;
  std::set<std::string> long_label_warned_;
  NameRegistry names_;

  // A column name as PostgreSQL keeps it (truncated to 63 bytes).
  static std::string column(const std::string& name) { return catalog::truncate_identifier(name); }
  static std::vector<std::string> columns(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(column(n));
    return out;
  }

  void place(const RelClass& c) {
    const linkml::ClassDefinition* def = c.def;
    if (!def && !c.owner.empty()) def = sv_.get_class(c.owner);
    std::string schema = options_.target_schema;
    std::string table = c.name;
    if (def) {
      if (auto s = name_annotation(def->annotations, "sql_schema")) schema = *s;
      if (c.def)
        if (auto t = name_annotation(def->annotations, "sql_table")) table = *t;
    }
    std::string what = c.def ? "class '" + c.name + "'" : "join table of class '" + c.owner + "'";
    if (table.size() > catalog::kMaxIdentifierBytes) {
      std::string bounded = bounded_name(table);
      diags_.warn("long-name",
                  (c.def ? "the table of " : "the ") + what + ", \"" + table +
                      "\", is longer than PostgreSQL's 63 bytes (LinkML's generator refuses it); "
                      "it is named \"" +
                      bounded + "\"",
                  c.where, "give it a shorter name (sql_table annotation, or singular_name)");
      table = bounded;
    }
    placement_[c.name] = {schema, table};
    names_.claim(relation_scope(schema), table, what, c.where, diags_);
  }

  // The base type name for a LinkML type name (§3.3 steps 4-5).
  std::optional<std::string> type_base(const std::string& range) const {
    if (const auto* b = linkml::find_builtin_type(range)) return std::string(b->base);
    if (const auto* t = sv_.get_type(range)) return t->base;
    return std::nullopt;
  }

  // The enum of an attribute whose column is text with a CHECK (D5).
  const linkml::EnumDefinition* long_label_enum(const RelAttr& a) const {
    if (!a.range || annotation_text(a.annotations, "sql_type")) return nullptr;
    if (rel_.get(*a.range) && sv_.is_class(*a.range)) return nullptr;
    const linkml::EnumDefinition* e = sv_.get_enum(*a.range);
    return e && long_enum_label(*e) ? e : nullptr;
  }

  std::string sql_range(const RelAttr& a, int depth = 0) {
    if (auto t = sql_type_annotation(a.annotations)) return *t;
    if (!a.range) return "text";
    const std::string& r = *a.range;
    if (const RelClass* target = rel_.get(r); target && sv_.is_class(r)) {
      if (depth > 8) return "text";
      const RelAttr* pk = target->direct_pk();
      if (!pk) pk = rel_.identifier(r, false);
      return pk ? sql_range(*pk, depth + 1) : "text";
    }
    if (const auto* c = sv_.get_class(r); c && is_view(*c)) {
      // D6: a view has no table; the column holds its identifier's value.
      if (depth > 8) return "text";
      auto id = sv_.identifier_slot(r);
      return id ? sql_range(from_slot(*id), depth + 1) : "text";
    }
    if (const auto* e = sv_.get_enum(r)) {
      if (long_enum_label(*e)) {
        if (long_label_warned_.insert(r).second) warn_long_enum_label(r, *e, diags_);
        return "text";
      }
      std::string schema = options_.target_schema;
      const std::string tname = catalog::truncate_identifier(r);
      catalog::EnumType& et = out_.schemas[schema].enums[tname];
      if (et.name.empty()) {
        et.name = tname;
        for (const auto& [v, pv] : e->permissible_values) et.values.push_back(v);
        names_.claim(relation_scope(schema), r, "enum '" + r + "'", e->where, diags_);
      }
      return catalog::qualified(schema, tname);
    }
    // A type whose sql_type is a PostGIS type (LinkML's generator has no
    // such type; reconcile honours it in both profiles).
    if (const auto* t = sv_.get_type(r))
      if (auto st = sql_type_annotation(t->annotations)) {
        std::string error;
        if (parse_postgis_type(*st, error) || !error.empty()) return *st;
      }
    auto base = type_base(r);
    if (!base) return is_postgis_range(sv_, r) ? r : "text";
    static const std::map<std::string, std::string> kRangeMap = {
        {"str", "text"},
        {"string", "text"},
        {"String", "text"},
        {"NCName", "text"},
        {"URIorCURIE", "text"},
        {"URI", "text"},
        {"int", "integer"},
        {"Decimal", "numeric"},
        {"double", "double precision"},
        {"float", "double precision"},
        {"Bool", "boolean"},
        {"XSDTime", "time without time zone"},
        {"XSDDate", "date"},
        {"XSDDateTime", "timestamp without time zone"},
    };
    auto it = kRangeMap.find(*base);
    return it == kRangeMap.end() ? "text" : it->second;
  }

  std::vector<std::string> primary_key(const RelClass& c) {
    if (const RelAttr* pk = rel_.identifier(c.name, false)) {
      if (c.find(pk->name)) return {pk->name};
      // D1 (#3501): the inherited identifier is not a column here.
      std::vector<std::string> own;
      for (const auto& a : c.attrs)
        if (a.identifier) own.push_back(a.name);
      std::sort(own.begin(), own.end());
      if (!own.empty()) return {own.front()};
      if (const RelAttr* d = c.direct_pk()) return {d->name};
    }
    std::vector<std::string> cols;
    for (const auto& a : c.attrs)
      if (a.primary_key) cols.push_back(a.name);
    return cols;
  }

  // The column a foreign key to class `target` references.
  std::string fk_target_column(const std::string& target) {
    const RelClass* t = rel_.get(target);
    const RelAttr* ref = rel_.identifier(target, true);
    std::string col = ref ? ref->name : "";
    if (!t->find(col)) {
      const auto& pk = pk_columns_[target];
      col = pk.empty() ? col : pk.front();
    }
    const auto& pk = pk_columns_[target];
    if (pk != std::vector<std::string>{col}) extra_uniques_[placement_[target]].insert(column(col));
    return col;
  }

  void add_index(catalog::Table& t, const std::string& name, const std::vector<std::string>& cols) {
    std::string n = bounded_name(name);
    if (!index_names_.insert(n).second) return;
    catalog::Index ix;
    ix.name = n;
    for (const auto& c : cols) ix.keys.push_back(catalog::quote_ident(column(c)));
    t.indexes.push_back(std::move(ix));
  }

  void table(const RelClass& c) {
    const auto& [schema, tname] = placement_[c.name];
    catalog::Schema& s = out_.schemas[schema];
    s.name = schema;
    catalog::Table& t = s.tables[tname];
    t.name = tname;
    t.comment = c.description.value_or("None");
    const auto& pk = pk_columns_[c.name];
    auto in_pk = [&pk](const std::string& n) {
      return std::find(pk.begin(), pk.end(), n) != pk.end();
    };
    for (const auto& a : c.attrs) {
      names_.claim(column_scope(schema, tname), a.name, "slot '" + a.slot_name + "'", a.where,
                   diags_);
      catalog::Column col;
      col.name = column(a.name);
      {
        const auto* st = a.annotations.find("sql_type");
        col.type = resolve_postgis(sql_range(a), options_, st ? st->where : a.where, diags_);
      }
      col.not_null = a.required || in_pk(a.name);
      if (a.description) col.comment = a.description;
      const bool refers = a.range && rel_.get(*a.range) && sv_.is_class(*a.range);
      if (pk.size() == 1 && pk.front() == a.name && col.type == "integer" && !refers &&
          !annotation_text(a.annotations, "sql_type")) {
        // SERIAL; the sequence's name is PostgreSQL's choice (name_pass).
        catalog::Sequence seq;
        seq.type = "integer";
        seq.max_value = 2147483647;
        seq.owned_by_table = tname;
        seq.owned_by_column = col.name;
        serials_[{schema, tname}] = seq;
      }
      if (auto d = sql_default_annotation(a.annotations)) col.default_expr = *d;
      if (refers) {
        catalog::ForeignKey fk;
        fk.columns = {col.name};
        fk.ref_schema = placement_[*a.range].first;
        fk.ref_table = placement_[*a.range].second;
        fk.ref_columns = {column(fk_target_column(*a.range))};
        if (auto od = annotation_text(a.annotations, "on_delete")) {
          if (auto act = parse_fk_action(*od)) {
            fk.on_delete = *act;
          } else {
            diags_.error("invalid-annotation",
                         "on_delete must be CASCADE, SET NULL, SET DEFAULT, "
                         "RESTRICT or NO ACTION, not '" +
                             *od + "'",
                         a.where);
          }
        }
        t.foreign_keys.push_back(std::move(fk));
      }
      if (const linkml::EnumDefinition* e = long_label_enum(a)) {
        t.checks.push_back({"", in_list_check(col.name, enum_values(*e))});
        check_columns_[{schema, tname}].push_back(col.name);
      }
      if (in_pk(a.name) || a.identifier || a.key)
        add_index(t, sqlalchemy_index_name(tname, a.name), {a.name});
      if (annotation_true(a.annotations, "unique")) t.uniques.push_back({"", {col.name}});
      if (auto method = index_method_annotation(a.annotations)) {
        const std::string ixname = bounded_name(catalog::default_index_name(tname, {col.name}));
        add_index(t, ixname, {a.name});
        for (auto& ix : t.indexes)
          if (ix.name == ixname) ix.method = *method;
      }
      t.columns.push_back(std::move(col));
    }
    if (!pk.empty()) t.primary_key = catalog::PrimaryKey{"", columns(pk)};
    for (const auto& uk : c.uniques) {
      bool all = true;
      for (const auto& sl : uk.slots)
        if (!c.find(sl)) all = false;
      if (!all) continue;
      catalog::UniqueConstraint u;
      u.columns = columns(uk.slots);
      u.nulls_not_distinct = uk.nulls_not_distinct;
      bool dup = false;
      for (const auto& e : t.uniques)
        if (e.columns == u.columns) dup = true;
      if (!dup) t.uniques.push_back(u);
      std::string ixname = tname;
      for (const auto& sl : uk.slots) ixname += "_" + sl;
      add_index(t, ixname + "_idx", uk.slots);
    }
    if (c.def) {
      if (const auto* idx = c.def->annotations.find("index"); idx && idx->is_map) {
        std::vector<std::pair<std::string, std::vector<std::string>>> entries = idx->map;
        std::sort(entries.begin(), entries.end());
        for (const auto& [name, cols] : entries) {
          bool ok = true;
          for (const auto& col : cols)
            if (!c.find(col)) {
              diags_.error("invalid-annotation",
                           "index '" + name + "' of class '" + c.name + "' names '" + col +
                               "', which is not a column of it",
                           idx->where);
              ok = false;
            }
          if (ok) add_index(t, name, cols);
        }
      }
    }
    creation_order_.push_back({schema, tname});
  }

  // --- Names PostgreSQL chooses for LinkML's unnamed objects -------------
  using TableKey = std::pair<std::string, std::string>;  // schema, table
  std::map<TableKey, catalog::Sequence> serials_;
  std::map<TableKey, std::vector<std::string>> check_columns_;  // parallel to Table::checks
  std::vector<TableKey> creation_order_;  // construction (relational class) order

  // SQLAlchemy's create_all order (linkml-mapping §3.1): Kahn levels over
  // the construction order, a table after the tables its foreign keys
  // reference (self-references aside). The tables of foreign-key cycles
  // (non-trivial strongly connected components) have all their foreign keys
  // taken out of CREATE TABLE: those come last as ALTER TABLE statements.
  std::vector<TableKey> linkml_order(std::set<TableKey>& in_cycles) const {
    std::map<TableKey, std::set<TableKey>> deps;
    for (const auto& key : creation_order_) {
      auto& d = deps[key];
      const catalog::Table& t = *out_.find_table(key.first, key.second);
      for (const auto& fk : t.foreign_keys) {
        TableKey ref{fk.ref_schema, fk.ref_table};
        if (ref != key && out_.find_table(ref.first, ref.second)) d.insert(ref);
      }
    }
    in_cycles = cycle_members(deps);
    for (auto& [key, d] : deps)
      if (in_cycles.count(key)) d.clear();
    // Kahn levels in linear time: a level holds the tables whose last
    // missing reference was created in the level before, in construction
    // order.
    std::map<TableKey, size_t> position;
    for (size_t i = 0; i < creation_order_.size(); ++i) position[creation_order_[i]] = i;
    std::map<TableKey, std::vector<TableKey>> dependents;
    std::map<TableKey, size_t> missing;
    std::set<size_t> remaining, level;
    for (const auto& key : creation_order_) {
      for (const auto& r : deps[key]) dependents[r].push_back(key);
      missing[key] = deps[key].size();
      remaining.insert(position[key]);
      if (deps[key].empty()) level.insert(position[key]);
    }
    std::vector<TableKey> order;
    while (!remaining.empty()) {
      if (level.empty()) level.insert(*remaining.begin());  // cannot happen once cycles are cut
      std::set<size_t> next;
      for (size_t i : level) {
        remaining.erase(i);
        order.push_back(creation_order_[i]);
      }
      for (size_t i : level)
        for (const auto& d : dependents[creation_order_[i]])
          if (remaining.count(position[d]) && --missing[d] == 0) next.insert(position[d]);
      level = std::move(next);
    }
    return order;
  }

  // Members of strongly connected components with more than one table
  // (Tarjan, iterative).
  static std::set<TableKey> cycle_members(const std::map<TableKey, std::set<TableKey>>& deps) {
    std::map<TableKey, int> index, low;
    std::set<TableKey> on_stack, out;
    std::vector<TableKey> stack;
    int counter = 0;
    for (const auto& [root, _] : deps) {
      if (index.count(root)) continue;
      // frame: node, iterator position over its successors
      std::vector<std::pair<TableKey, std::set<TableKey>::const_iterator>> frames;
      auto push = [&](const TableKey& v) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack.insert(v);
        frames.push_back({v, deps.at(v).begin()});
      };
      push(root);
      while (!frames.empty()) {
        auto& [v, it] = frames.back();
        const TableKey node = v;
        if (it != deps.at(node).end()) {
          const TableKey w = *it;
          ++it;
          if (!index.count(w)) {
            push(w);
          } else if (on_stack.count(w)) {
            low[node] = std::min(low[node], index[w]);
          }
          continue;
        }
        frames.pop_back();
        if (!frames.empty()) {
          const TableKey parent = frames.back().first;
          low[parent] = std::min(low[parent], low[node]);
        }
        if (low[node] == index[node]) {
          std::vector<TableKey> component;
          TableKey w;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack.erase(w);
            component.push_back(w);
          } while (w != node);
          if (component.size() > 1) out.insert(component.begin(), component.end());
        }
      }
    }
    return out;
  }

  // Replays LinkML's DDL (CREATE TABLE per table in create_all order, then
  // the ALTER TABLE ... ADD FOREIGN KEY of cycles, which LinkML prints in an
  // order that changes between runs; they are taken sorted, as its output
  // usually is) through PostgreSQL's naming rules.
  void name_pass() {
    std::set<TableKey> in_cycles;
    const std::vector<TableKey> order = linkml_order(in_cycles);
    catalog::NameChooser chooser;
    struct Deferred {
      std::string text;  // the ALTER TABLE statement as SQLAlchemy prints it
      TableKey table;
      size_t fk;
    };
    std::vector<Deferred> deferred;
    for (const auto& key : order) {
      const auto& [schema, tname] = key;
      catalog::Table& t = out_.schemas[schema].tables[tname];
      // transformCreateStmt: SERIAL sequences, then the table, its checks,
      // its primary key and unique indexes, then its foreign keys.
      if (auto it = serials_.find(key); it != serials_.end()) {
        catalog::Sequence seq = it->second;
        seq.name = chooser.serial_sequence(schema, tname, *seq.owned_by_column);
        if (catalog::Column* col = t.find_column(*seq.owned_by_column))
          col->default_expr = "nextval(" +
                              catalog::quote_literal(catalog::qualified(schema, seq.name)) +
                              "::regclass)";
        out_.schemas[schema].sequences[seq.name] = seq;
      }
      chooser.take_relation(schema, tname);
      const auto& check_cols = check_columns_[key];
      for (size_t i = 0; i < t.checks.size() && i < check_cols.size(); ++i)
        t.checks[i].name = chooser.choose_constraint(schema, tname, check_cols[i], "check");
      if (t.primary_key) t.primary_key->name = chooser.primary_key(schema, tname);
      for (auto& u : t.uniques) u.name = chooser.unique(schema, tname, u.columns);
      for (size_t i = 0; i < t.foreign_keys.size(); ++i) {
        catalog::ForeignKey& fk = t.foreign_keys[i];
        if (in_cycles.count(key)) {
          deferred.push_back({"ALTER TABLE " + sqlalchemy_quote(tname) + " ADD FOREIGN KEY(" +
                                  sqlalchemy_quote(fk.columns[0]) + ") REFERENCES " +
                                  sqlalchemy_quote(fk.ref_table) + " (" +
                                  sqlalchemy_quote(fk.ref_columns[0]) + ");",
                              key, i});
          continue;
        }
        fk.name = chooser.foreign_key(schema, tname, fk.columns);
      }
      for (const auto& ix : t.indexes) chooser.take_relation(schema, ix.name);
    }
    std::stable_sort(deferred.begin(), deferred.end(),
                     [](const Deferred& a, const Deferred& b) { return a.text < b.text; });
    for (const auto& d : deferred) {
      catalog::Table& t = out_.schemas[d.table.first].tables[d.table.second];
      catalog::ForeignKey& fk = t.foreign_keys[d.fk];
      fk.name = chooser.foreign_key(d.table.first, d.table.second, fk.columns);
    }
    // Index-backed constraints and indexes share the relation names of the
    // schema with tables: a clash would make the DDL fail.
    for (const auto& [schema, tname] : order) {
      const catalog::Table& t = out_.schemas[schema].tables[tname];
      const std::string what = "table \"" + tname + "\"";
      if (t.primary_key)
        names_.claim(relation_scope(schema), t.primary_key->name, "the primary key of " + what, {},
                     diags_);
      for (const auto& u : t.uniques)
        names_.claim(relation_scope(schema), u.name, "a unique constraint of " + what, {}, diags_);
      for (const auto& ix : t.indexes)
        names_.claim(relation_scope(schema), ix.name, "index of " + what, {}, diags_);
    }
  }
};

}  // namespace

catalog::Catalog map_linkml_profile(const linkml::SchemaView& sv, const MappingOptions& options,
                                    linkml::Diagnostics& diagnostics) {
  Relational rel(sv, diagnostics);
  rel.build();
  Emitter e(sv, rel, options, diagnostics);
  return e.emit();
}

}  // namespace reconcile::mapping::detail
