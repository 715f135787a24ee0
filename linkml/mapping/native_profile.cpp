// The `native` profile (docs/mapping.md): snake_case names, tables only for
// concrete classes, identity surrogate keys, typeof chains followed,
// timestamptz for datetime, ifabsent -> DEFAULT, min/max -> CHECK, every
// identifier after the first and every key -> UNIQUE, references -> `<slot>_id`
// foreign keys, multivalued slots -> join tables or back-reference columns.
//
// Every name it generates (tables, join tables, columns, constraints,
// indexes, enum types) goes through bounded_name / bounded_object_name
// (naming.h): at most 63 bytes, deterministic, and the same text is used to
// create, introspect and compare, so long LinkML names converge.
#include <algorithm>
#include <map>
#include <set>

#include "core/catalog/names.h"
#include "linkml/builtin_types.h"
#include "linkml/mapping/annotations.h"
#include "linkml/mapping/literals.h"
#include "linkml/mapping/naming.h"
#include "linkml/mapping/profiles.h"

namespace reconcile::mapping::detail {
namespace {

using linkml::ClassDefinition;
using linkml::SlotDefinition;

bool flag(const std::optional<bool>& b) {
  return b.value_or(false);
}

struct PkInfo {
  std::string schema, table, column, type;
  bool exists = false;
};

std::string builtin_native_type(const std::string& name) {
  static const std::map<std::string, std::string> kMap = {
      {"string", "text"},
      {"integer", "integer"},
      {"boolean", "boolean"},
      {"float", "double precision"},
      {"double", "double precision"},
      {"decimal", "numeric"},
      {"time", "time without time zone"},
      {"date", "date"},
      {"datetime", "timestamp with time zone"},
  };
  auto it = kMap.find(name);
  return it == kMap.end() ? "text" : it->second;
}

std::optional<std::string> base_native_type(const std::string& base) {
  static const std::map<std::string, std::string> kMap = {
      {"str", "text"},
      {"int", "integer"},
      {"Bool", "boolean"},
      {"bool", "boolean"},
      {"float", "double precision"},
      {"double", "double precision"},
      {"Decimal", "numeric"},
      {"XSDTime", "time without time zone"},
      {"XSDDate", "date"},
      {"XSDDateTime", "timestamp with time zone"},
      {"URI", "text"},
      {"URIorCURIE", "text"},
      {"Curie", "text"},
      {"NCName", "text"},
      {"ElementIdentifier", "text"},
      {"NodeIdentifier", "text"},
  };
  auto it = kMap.find(base);
  if (it == kMap.end()) return std::nullopt;
  return it->second;
}

class NativeMapper {
 public:
  NativeMapper(const linkml::SchemaView& sv, const MappingOptions& options,
               linkml::Diagnostics& diags)
      : sv_(sv), options_(options), diags_(diags) {}

  catalog::Catalog run() {
    for (const auto& [name, def] : sv_.schema().classes)
      if (concrete(def)) place(name, def);
    for (const auto& [name, def] : sv_.schema().classes)
      if (concrete(def)) table(name, def);
    for (const auto& [name, def] : sv_.schema().classes)
      if (concrete(def)) multivalued(name, def);
    return std::move(out_);
  }

 private:
  const linkml::SchemaView& sv_;
  const MappingOptions& options_;
  linkml::Diagnostics& diags_;
  catalog::Catalog out_;
  NameRegistry names_;
  std::map<std::string, PkInfo> pk_;                          // class -> its key
  std::map<std::string, std::vector<SlotDefinition>> slots_;  // class -> induced slots
  std::set<std::pair<std::string, std::string>> warned_;
  std::set<std::string> long_label_warned_;  // enums

  std::map<std::string, bool> has_identifier_;
  bool has_identifier(const std::string& cls) {
    auto it = has_identifier_.find(cls);
    if (it != has_identifier_.end()) return it->second;
    bool v = sv_.identifier_slot(cls).has_value();
    has_identifier_[cls] = v;
    return v;
  }

  // A class that gets a table: not abstract, not a mixin, not a view.
  static bool concrete(const ClassDefinition& c) {
    return !flag(c.abstract) && !flag(c.mixin) && !is_view(c);
  }

  bool is_concrete_class(const std::string& n) const {
    const ClassDefinition* c = sv_.get_class(n);
    return c && concrete(*c);
  }

  std::string schema_of(const ClassDefinition& c) const {
    return name_annotation(c.annotations, "sql_schema").value_or(options_.target_schema);
  }
  std::string table_name(const std::string& cls, const ClassDefinition& c) const {
    if (auto t = name_annotation(c.annotations, "sql_table")) {
      std::string name = bounded_name(*t);
      if (name != *t)
        diags_.warn("long-name",
                    "sql_table '" + *t + "' of class '" + cls +
                        "' is longer than PostgreSQL's 63 bytes; the table is named '" + name + "'",
                    c.annotations.find("sql_table")->where, "choose a name of at most 63 bytes");
      return name;
    }
    return bounded_name(snake_case(cls));
  }
  static std::string column_name(const SlotDefinition& s) {
    return bounded_name(snake_case(s.alias.value_or(s.name)));
  }
  static std::string reference_name(const std::string& base) {
    std::string n = snake_case(base);
    if (n == "id" || (n.size() > 3 && n.compare(n.size() - 3, 3, "_id") == 0))
      return bounded_name(n);
    return bounded_name(n + "_id");
  }
  // "<owner table>_<owner key>": the column that points back to the owner.
  static std::string owner_column(const PkInfo& owner) {
    return bounded_name(owner.table + "_" + owner.column);
  }
  static std::string join_table_name(const std::string& owner_table, const std::string& singular) {
    return bounded_name(owner_table + "_" + snake_case(singular));
  }
  static std::string enum_name(const std::string& name) { return bounded_name(snake_case(name)); }
  bool is_view_class(const std::string& n) const {
    const ClassDefinition* c = sv_.get_class(n);
    return c && is_view(*c);
  }
  // The enum of a slot whose column is text with a CHECK (a label over 63
  // bytes), unless sql_type says otherwise.
  const linkml::EnumDefinition* long_label_enum(const SlotDefinition& s) const {
    if (!s.range || annotation_text(s.annotations, "sql_type")) return nullptr;
    const linkml::EnumDefinition* e = sv_.get_enum(*s.range);
    return e && long_enum_label(*e) ? e : nullptr;
  }
  // Claims an index-backed constraint or index name: they share the
  // relation names of the schema with tables.
  void claim_relation_name(const std::string& schema, const std::string& name,
                           const std::string& what, const SourceLocation& where) {
    names_.claim(relation_scope(schema), name, what, where, diags_);
  }
  bool refers_to_class(const SlotDefinition& s) const { return s.range && sv_.is_class(*s.range); }

  catalog::Table& table_of(const std::string& cls) {
    const PkInfo& p = pk_[cls];
    return out_.schemas[p.schema].tables[p.table];
  }

  // The native type of a literal or enum range, PostGIS types resolved.
  std::string value_type(const SlotDefinition& s, const std::string& cls) {
    const auto* st = s.annotations.find("sql_type");
    return resolve_postgis(value_type_as_written(s, cls), options_,
                           st ? st->where : linkml::where_of(s, "range"), diags_);
  }

  std::string value_type_as_written(const SlotDefinition& s, const std::string& cls) {
    if (auto t = sql_type_annotation(s.annotations)) return *t;
    if (!s.range) return "text";
    std::string cur = *s.range;
    if (const auto* e = sv_.get_enum(cur)) return enum_type(cur, *e, s, cls);
    for (int depth = 0; depth < 32; ++depth) {
      if (const auto* t = sv_.get_type(cur)) {
        if (auto st = sql_type_annotation(t->annotations)) return *st;
        if (t->builtin) return builtin_native_type(cur);
        if (t->typeof_) {
          cur = *t->typeof_;
          continue;
        }
        if (t->base) {
          if (auto b = base_native_type(*t->base)) return *b;
        }
        if (linkml::find_builtin_type(cur)) return builtin_native_type(cur);
        warn_once(cls, s, "unknown-type-base",
                  "type '" + cur + "' has neither typeof nor a known base; the column is text");
        return "text";
      }
      if (linkml::find_builtin_type(cur)) return builtin_native_type(cur);
      break;
    }
    if (is_postgis_range(sv_, cur)) return cur;
    warn_once(
        cls, s, "unknown-range",
        "the range '" + *s.range + "' of slot '" + s.name + "' names nothing; the column is text");
    return "text";
  }

  std::string enum_type(const std::string& name, const linkml::EnumDefinition& e,
                        const SlotDefinition& s, const std::string& cls) {
    if (e.permissible_values.empty()) {
      warn_once(cls, s, "empty-enum",
                "enum '" + name + "' lists no permissible values; the column is text");
      return "text";
    }
    if (long_enum_label(e)) {
      if (long_label_warned_.insert(name).second) warn_long_enum_label(name, e, diags_);
      return "text";
    }
    const std::string schema = options_.target_schema;
    const std::string tname = enum_name(name);
    catalog::EnumType& et = out_.schemas[schema].enums[tname];
    if (et.name.empty()) {
      et.name = tname;
      et.comment = e.description;
      for (const auto& [v, pv] : e.permissible_values) {
        et.values.push_back(v);
        if (auto from = annotation_text(pv.annotations, "renamed_from"))
          out_.renames.push_back({catalog::RenameHint::Kind::kEnumValue, schema, tname, *from, v});
      }
      names_.claim(relation_scope(schema), tname, "enum '" + name + "'", e.where, diags_);
      if (auto from = annotation_text(e.annotations, "renamed_from"))
        out_.renames.push_back(
            {catalog::RenameHint::Kind::kEnum, schema, "", enum_name(*from), tname});
    }
    return catalog::qualified(schema, tname);
  }

  void warn_once(const std::string& cls, const SlotDefinition& s, const std::string& code,
                 const std::string& message) {
    if (!warned_.insert({code, s.name + "\x1f" + message}).second) return;
    (void)cls;
    diags_.warn(code, message, linkml::where_of(s, "range"));
  }

  void place(const std::string& cls, const ClassDefinition& def) {
    PkInfo p;
    p.schema = schema_of(def);
    p.table = table_name(cls, def);
    p.exists = true;
    names_.claim(relation_scope(p.schema), p.table, "class '" + cls + "'", def.where, diags_);
    auto slots = sv_.class_induced_slots(cls);
    std::set<std::string> colnames;
    for (const auto& s : slots) colnames.insert(column_name(s));
    for (const auto& s : slots) {
      if (flag(s.identifier) && !flag(s.multivalued)) {
        p.column = refers_to_class(s) ? reference_name(s.alias.value_or(s.name)) : column_name(s);
        p.type = refers_to_class(s) ? "text" : value_type(s, cls);
        break;
      }
    }
    if (p.column.empty()) {
      for (const char* candidate : {"id", "uid", "identifier", "pk"}) {
        if (!colnames.count(candidate)) {
          p.column = candidate;
          break;
        }
      }
      p.type = "bigint";
    }
    pk_[cls] = p;
    slots_[cls] = std::move(slots);
  }

  // The type and foreign key target of a reference to `target`.
  PkInfo reference_target(const std::string& target) {
    auto it = pk_.find(target);
    if (it != pk_.end()) return it->second;
    PkInfo p;  // abstract class or mixin: no table
    p.type = "bigint";
    for (const auto& s : sv_.class_induced_slots(target)) {
      if (flag(s.identifier)) {
        p.type = refers_to_class(s) ? "text" : value_type(s, target);
        break;
      }
    }
    return p;
  }

  void set_fk_action(catalog::ForeignKey& fk, const SlotDefinition& s, catalog::FkAction fallback) {
    fk.on_delete = fallback;
    if (auto od = annotation_text(s.annotations, "on_delete")) {
      if (auto act = parse_fk_action(*od)) {
        fk.on_delete = *act;
      } else {
        diags_.error("invalid-annotation",
                     "on_delete must be CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION, "
                     "not '" +
                         *od + "'",
                     s.annotations.find("on_delete")->where);
      }
    }
  }

  void warn_abstract(const SlotDefinition& s, const std::string& cls, const std::string& target) {
    if (is_view_class(target)) {
      diags_.warn("reference-to-view",
                  "slot '" + s.name + "' of class '" + cls + "' refers to '" + target +
                      "', which describes a view (sql_definition) and has no table; the column "
                      "holds its key without a foreign key",
                  linkml::where_of(s, "range"));
      return;
    }
    diags_.warn("reference-to-abstract",
                "slot '" + s.name + "' of class '" + cls + "' refers to '" + target +
                    "', which is abstract or a mixin and has no table; the column holds its key "
                    "without a foreign key",
                linkml::where_of(s, "range"),
                "refer to a concrete class, or make '" + target + "' concrete");
  }

  void add_column(catalog::Table& t, const std::string& schema, catalog::Column col,
                  const std::string& what, const SourceLocation& where) {
    if (!names_.claim(column_scope(schema, t.name), col.name, what, where, diags_)) return;
    t.columns.push_back(std::move(col));
  }

  void table(const std::string& cls, const ClassDefinition& def) {
    const PkInfo p = pk_[cls];
    catalog::Schema& sch = out_.schemas[p.schema];
    sch.name = p.schema;
    catalog::Table& t = sch.tables[p.table];
    t.name = p.table;
    t.comment = def.description;
    if (auto from = annotation_text(def.annotations, "renamed_from"))
      out_.renames.push_back({catalog::RenameHint::Kind::kTable, p.schema, "",
                              bounded_name(snake_case(*from)), p.table});
    const auto& slots = slots_[cls];
    bool has_identifier = false;
    for (const auto& s : slots)
      if (flag(s.identifier) && !flag(s.multivalued)) has_identifier = true;
    if (!has_identifier) {
      catalog::Column id;
      id.name = p.column;
      id.type = "bigint";
      id.not_null = true;
      id.identity = catalog::Identity::kByDefault;
      add_column(t, p.schema, id, "the surrogate key of class '" + cls + "'", def.where);
      t.primary_key = catalog::PrimaryKey{bounded_object_name(p.table, "", "pkey"), {p.column}};
    }
    std::map<std::string, std::string> slot_columns;
    for (const auto& s : slots) {
      if (flag(s.multivalued)) continue;
      catalog::Column col;
      col.not_null = flag(s.required);
      col.comment = s.description;
      const std::string what = "slot '" + s.name + "' of class '" + cls + "'";
      if (refers_to_class(s)) {
        col.name = reference_name(s.alias.value_or(s.name));
        PkInfo target = reference_target(*s.range);
        col.type = sql_type_annotation(s.annotations).value_or(target.type);
        if (target.exists) {
          catalog::ForeignKey fk;
          fk.name = bounded_object_name(p.table, col.name, "fkey");
          fk.columns = {col.name};
          fk.ref_schema = target.schema;
          fk.ref_table = target.table;
          fk.ref_columns = {target.column};
          set_fk_action(fk, s, catalog::FkAction::kNoAction);
          t.foreign_keys.push_back(std::move(fk));
        } else {
          warn_abstract(s, cls, *s.range);
        }
      } else {
        col.name = column_name(s);
        col.type = value_type(s, cls);
        if (auto d = sql_default_annotation(s.annotations)) {
          col.default_expr = *d;
        } else if (s.ifabsent) {
          std::string why;
          if (auto d = ifabsent_default(*s.ifabsent, col.type, why)) {
            col.default_expr = *d;
          } else {
            diags_.warn("unsupported-ifabsent",
                        "ifabsent '" + *s.ifabsent + "' of " + what + " gives no DEFAULT: " + why,
                        linkml::where_of(s, "ifabsent"),
                        "use the sql_default annotation for a raw SQL default");
          }
        }
        if (s.minimum_value || s.maximum_value) {
          if (auto e =
                  range_check_expression(col.name, col.type, s.minimum_value, s.maximum_value)) {
            t.checks.push_back({bounded_object_name(p.table, col.name, "check"), *e});
          } else {
            diags_.warn("unsupported-range-check",
                        "minimum_value/maximum_value of " + what +
                            " give no CHECK (numeric bounds on a numeric column only)",
                        linkml::where_of(s, s.minimum_value ? "minimum_value" : "maximum_value"));
          }
        }
        if (const linkml::EnumDefinition* e = long_label_enum(s))
          t.checks.push_back({bounded_object_name(p.table, col.name, "check"),
                              in_list_check(col.name, enum_values(*e))});
      }
      if (flag(s.identifier) && col.name == p.column && has_identifier) {
        col.not_null = true;
        if (annotation_true(s.annotations, "identity") ||
            annotation_true(s.annotations, "autoincrement")) {
          col.identity = catalog::Identity::kByDefault;
          col.default_expr.reset();
        }
        t.primary_key = catalog::PrimaryKey{bounded_object_name(p.table, "", "pkey"), {col.name}};
      } else if (flag(s.identifier) || flag(s.key) || annotation_true(s.annotations, "unique")) {
        if (flag(s.identifier) || flag(s.key)) col.not_null = true;
        t.uniques.push_back({bounded_object_name(p.table, col.name, "key"), {col.name}});
      }
      if (auto method = index_method_annotation(s.annotations)) {
        catalog::Index ix;
        ix.name = bounded_object_name(p.table, col.name, "idx");
        ix.method = *method;
        ix.keys = {catalog::quote_ident(col.name)};
        t.indexes.push_back(ix);
      }
      if (auto from = annotation_text(s.annotations, "renamed_from")) {
        std::string old =
            refers_to_class(s) ? reference_name(*from) : bounded_name(snake_case(*from));
        out_.renames.push_back(
            {catalog::RenameHint::Kind::kColumn, p.schema, p.table, old, col.name});
      }
      slot_columns[s.name] = col.name;
      add_column(t, p.schema, std::move(col), what, s.where);
    }
    // The primary key column first, as PostgreSQL users expect.
    if (t.primary_key && t.primary_key->columns.size() == 1) {
      const std::string pkcol = t.primary_key->columns.front();
      std::stable_partition(t.columns.begin(), t.columns.end(),
                            [&pkcol](const catalog::Column& c) { return c.name == pkcol; });
    }
    for (const auto& [ukname, uk] : def.unique_keys) {
      catalog::UniqueConstraint u;
      bool ok = true;
      for (const auto& sl : uk.slots) {
        auto it = slot_columns.find(sl);
        if (it == slot_columns.end()) {
          diags_.warn("unique-key-dropped",
                      "unique key '" + ukname + "' of class '" + cls + "' names '" + sl +
                          "', which is not a single-valued slot of the class; it is left out "
                          "(LinkML drops it too)",
                      uk.where);
          ok = false;
          break;
        }
        u.columns.push_back(it->second);
      }
      if (!ok) continue;
      u.name = bounded_object_name(p.table, u.columns, "key");
      u.nulls_not_distinct = uk.consider_nulls_inequal.has_value() && !*uk.consider_nulls_inequal;
      bool dup = t.primary_key && t.primary_key->columns == u.columns && !u.nulls_not_distinct;
      for (auto& e : t.uniques) {
        if (e.columns == u.columns) {
          e.nulls_not_distinct = e.nulls_not_distinct || u.nulls_not_distinct;
          dup = true;
        }
      }
      if (!dup) t.uniques.push_back(std::move(u));
    }
    for (auto& ix :
         index_map_annotation(def.annotations, slot_columns, "class '" + cls + "'", diags_))
      t.indexes.push_back(std::move(ix));
    claim_constraint_names(p.schema, t, "class '" + cls + "'", def.where);
  }

  // Index-backed constraints and indexes are relations of the schema: their
  // names must not be taken by a table or another index.
  void claim_constraint_names(const std::string& schema, const catalog::Table& t,
                              const std::string& what, const SourceLocation& where) {
    if (t.primary_key)
      claim_relation_name(schema, t.primary_key->name, "the primary key of " + what, where);
    for (const auto& u : t.uniques)
      claim_relation_name(schema, u.name, "a unique constraint of " + what, where);
    for (const auto& ix : t.indexes)
      claim_relation_name(schema, ix.name, "an index of " + what, where);
  }

  void multivalued(const std::string& cls, const ClassDefinition& def) {
    (void)def;
    const PkInfo owner = pk_[cls];
    for (const auto& s : slots_[cls]) {
      if (!flag(s.multivalued)) continue;
      const std::string what = "slot '" + s.name + "' of class '" + cls + "'";
      const std::string owner_col = owner_column(owner);
      const bool to_class = refers_to_class(s);
      const bool inlined =
          to_class && (flag(s.inlined) || flag(s.inlined_as_list) || !has_identifier(*s.range));
      if (to_class && inlined && is_concrete_class(*s.range)) {
        // One-to-many: a back-reference column in the target table.
        const PkInfo target = pk_[*s.range];
        catalog::Table& tt = table_of(*s.range);
        if (!tt.find_column(owner_col)) {
          catalog::Column c;
          c.name = owner_col;
          c.type = owner.type;
          add_column(tt, target.schema, c, "the back-reference of " + what, s.where);
        }
        catalog::ForeignKey fk;
        fk.name = bounded_object_name(target.table, owner_col, "fkey");
        fk.columns = {owner_col};
        fk.ref_schema = owner.schema;
        fk.ref_table = owner.table;
        fk.ref_columns = {owner.column};
        set_fk_action(fk, s, catalog::FkAction::kCascade);
        bool dup = false;
        for (const auto& e : tt.foreign_keys)
          if (e.name == fk.name) dup = true;
        if (!dup) tt.foreign_keys.push_back(std::move(fk));
        continue;
      }
      const std::string singular = s.singular_name.value_or(s.alias.value_or(s.name));
      catalog::Schema& sch = out_.schemas[owner.schema];
      const std::string jname = join_table_name(owner.table, singular);
      if (!names_.claim(relation_scope(owner.schema), jname, "the join table of " + what, s.where,
                        diags_))
        continue;
      catalog::Table& jt = sch.tables[jname];
      jt.name = jname;
      jt.comment = s.description;
      catalog::Column oc;
      oc.name = owner_col;
      oc.type = owner.type;
      oc.not_null = true;
      add_column(jt, owner.schema, oc, "the owner column of " + what, s.where);
      catalog::ForeignKey ofk;
      ofk.name = bounded_object_name(jname, owner_col, "fkey");
      ofk.columns = {owner_col};
      ofk.ref_schema = owner.schema;
      ofk.ref_table = owner.table;
      ofk.ref_columns = {owner.column};
      ofk.on_delete = catalog::FkAction::kCascade;
      jt.foreign_keys.push_back(std::move(ofk));
      catalog::Column vc;
      vc.not_null = true;
      if (to_class) {
        vc.name = reference_name(singular);
        PkInfo target = reference_target(*s.range);
        vc.type = target.type;
        if (target.exists) {
          catalog::ForeignKey fk;
          fk.name = bounded_object_name(jname, vc.name, "fkey");
          fk.columns = {vc.name};
          fk.ref_schema = target.schema;
          fk.ref_table = target.table;
          fk.ref_columns = {target.column};
          set_fk_action(fk, s, catalog::FkAction::kNoAction);
          jt.foreign_keys.push_back(std::move(fk));
        } else {
          warn_abstract(s, cls, *s.range);
        }
      } else {
        vc.name = bounded_name(snake_case(singular));
        vc.type = value_type(s, cls);
        if (const linkml::EnumDefinition* e = long_label_enum(s))
          jt.checks.push_back({bounded_object_name(jname, vc.name, "check"),
                               in_list_check(vc.name, enum_values(*e))});
      }
      std::string vname = vc.name;
      add_column(jt, owner.schema, vc, "the value column of " + what, s.where);
      jt.primary_key =
          catalog::PrimaryKey{bounded_object_name(jname, "", "pkey"), {owner_col, vname}};
      claim_constraint_names(owner.schema, jt, "the join table of " + what, s.where);
      if (auto from = annotation_text(s.annotations, "renamed_from"))
        out_.renames.push_back({catalog::RenameHint::Kind::kTable, owner.schema, "",
                                join_table_name(owner.table, *from), jname});
    }
  }
};

}  // namespace

catalog::Catalog map_native_profile(const linkml::SchemaView& sv, const MappingOptions& options,
                                    linkml::Diagnostics& diagnostics) {
  NativeMapper m(sv, options, diagnostics);
  return m.run();
}

}  // namespace reconcile::mapping::detail
