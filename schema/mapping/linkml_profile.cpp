// The `linkml` profile: LinkML's RelationalModelTransformer followed by
// SQLTableGenerator's PostgreSQL DDL (linkml-mapping §2, §3), producing a
// catalog instead of text. Deviations (documented in docs/mapping.md):
//  D1 (#3501) a class whose inherited identifier is not one of its columns
//     gets its own identifier as primary key, and foreign keys to it
//     reference that column;
//  D2 (Q3) a foreign key to a class whose primary key is all its columns
//     (a class with only a `key`) gets a UNIQUE constraint on the key, so
//     the foreign key is valid;
//  D3 explicit index names over 63 characters are truncated like
//     PostgreSQL does instead of failing.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "schema/catalog/names.h"
#include "schema/linkml/builtin_types.h"
#include "schema/mapping/annotations.h"
#include "schema/mapping/naming.h"
#include "schema/mapping/profiles.h"

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

  std::vector<RelClass> classes;
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
        RelClass& cls = classes[i];
        const RelAttr* pk = cls.direct_pk();
        if (!pk) continue;
        std::string singular = a.singular_name.value_or(a.name);
        RelAttr backref;
        backref.name = backref.slot_name = cls.name + "_" + pk->name;
        backref.range = cls.name;
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
          jt.name = cls.name + "_" + singular;
          jt.owner = cls.name;
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
                             "' of class '" + cls.name + "' has the name of another class",
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
        if (!covered) t.uniques.push_back({catalog::default_unique_name(table, {col}), {col}});
      }
    }
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
  NameRegistry names_;

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
    placement_[c.name] = {schema, table};
    std::string what = c.def ? "class '" + c.name + "'" : "join table of class '" + c.owner + "'";
    names_.claim(relation_scope(schema), table, what, c.where, diags_);
  }

  // The base type name for a LinkML type name (§3.3 steps 4-5).
  std::optional<std::string> type_base(const std::string& range) const {
    if (const auto* b = linkml::find_builtin_type(range)) return std::string(b->base);
    if (const auto* t = sv_.get_type(range)) return t->base;
    return std::nullopt;
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
    if (const auto* e = sv_.get_enum(r)) {
      std::string schema = options_.target_schema;
      catalog::EnumType& et = out_.schemas[schema].enums[r];
      if (et.name.empty()) {
        et.name = r;
        for (const auto& [v, pv] : e->permissible_values) et.values.push_back(v);
        names_.claim(relation_scope(schema), r, "enum '" + r + "'", e->where, diags_);
      }
      return catalog::qualified(schema, r);
    }
    auto base = type_base(r);
    if (!base) return "text";
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
    if (pk != std::vector<std::string>{col}) extra_uniques_[placement_[target]].insert(col);
    return col;
  }

  void add_index(catalog::Table& t, const std::string& name, const std::vector<std::string>& cols) {
    std::string n = catalog::truncate_identifier(name);
    if (!index_names_.insert(n).second) return;
    catalog::Index ix;
    ix.name = n;
    for (const auto& c : cols) ix.keys.push_back(catalog::quote_ident(c));
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
      col.name = a.name;
      col.type = sql_range(a);
      col.not_null = a.required || in_pk(a.name);
      if (a.description) col.comment = a.description;
      const bool refers = a.range && rel_.get(*a.range) && sv_.is_class(*a.range);
      if (pk.size() == 1 && pk.front() == a.name && col.type == "integer" && !refers &&
          !annotation_text(a.annotations, "sql_type")) {
        catalog::Sequence seq;
        seq.name = catalog::default_serial_sequence_name(tname, a.name);
        seq.type = "integer";
        seq.max_value = 2147483647;
        seq.owned_by_table = tname;
        seq.owned_by_column = a.name;
        col.default_expr = "nextval(" +
                           catalog::quote_literal(catalog::qualified(schema, seq.name)) +
                           "::regclass)";
        s.sequences[seq.name] = seq;
      }
      if (auto d = sql_default_annotation(a.annotations)) col.default_expr = *d;
      if (refers) {
        catalog::ForeignKey fk;
        fk.name = catalog::default_fkey_name(tname, {a.name});
        fk.columns = {a.name};
        fk.ref_schema = placement_[*a.range].first;
        fk.ref_table = placement_[*a.range].second;
        fk.ref_columns = {fk_target_column(*a.range)};
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
      if (in_pk(a.name) || a.identifier || a.key)
        add_index(t, sqlalchemy_index_name(tname, a.name), {a.name});
      if (annotation_true(a.annotations, "unique"))
        t.uniques.push_back({catalog::default_unique_name(tname, {a.name}), {a.name}});
      if (annotation_true(a.annotations, "index"))
        add_index(t, catalog::default_index_name(tname, {a.name}), {a.name});
      t.columns.push_back(std::move(col));
    }
    if (!pk.empty()) t.primary_key = catalog::PrimaryKey{catalog::default_pkey_name(tname), pk};
    for (const auto& uk : c.uniques) {
      bool all = true;
      for (const auto& sl : uk.slots)
        if (!c.find(sl)) all = false;
      if (!all) continue;
      catalog::UniqueConstraint u;
      u.name = catalog::default_unique_name(tname, uk.slots);
      u.columns = uk.slots;
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
