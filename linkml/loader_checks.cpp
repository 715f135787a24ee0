#include "linkml/loader_checks.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

#include "linkml/builtin_types.h"
#include "linkml/yaml_keys.h"

namespace reconcile::linkml {
namespace {

std::string show(const std::optional<std::string>& v) {
  return v ? "'" + *v + "'" : "unset";
}
std::string show(const std::optional<bool>& v) {
  return v ? (*v ? "true" : "false") : "unset";
}
std::string show(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s + "]";
}

// The closest name among `candidates` (for "did you mean").
std::optional<std::string> closest(const std::string& name,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_d = 0;
  for (const auto& c : candidates) {
    size_t d = yaml::edit_distance(name, c);
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  if (best && best_d <= std::max<size_t>(1, name.size() / 3)) return best;
  return std::nullopt;
}

// Truncation to PostgreSQL's 63 bytes without splitting a UTF-8 character.
std::string truncate63(const std::string& s) {
  if (s.size() <= 63) return s;
  size_t n = 63;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

class Checker {
 public:
  Checker(const SchemaDefinition& s, Diagnostics& d) : s_(s), d_(d) {
    for (const auto& [n, c] : s_.classes) element_names_.push_back(n);
    for (const auto& [n, t] : s_.types) element_names_.push_back(n);
    for (const auto& [n, e] : s_.enums) element_names_.push_back(n);
  }

  void run() {
    check_default_range();
    for (const auto& [name, slot] : s_.slots) {
      check_slot(slot, "slot '" + name + "'");
      check_slot_parents(slot);
    }
    for (const auto& [name, t] : s_.types) check_type(t);
    for (const auto& [name, c] : s_.classes) {
      check_class_parents(c);
      for (const auto& [an, a] : c.attributes) {
        check_slot(a, "attribute '" + an + "' of class '" + name + "'");
      }
      for (const auto& [un, u] : c.slot_usage) {
        check_slot(u, "slot_usage '" + un + "' of class '" + name + "'");
      }
    }
    for (const auto& [name, c] : s_.classes) {
      check_class_slots(c);
      check_identifiers(c);
    }
    check_name_clashes();
  }

 private:
  bool names_element(const std::string& n) const {
    return s_.classes.contains(n) || s_.types.contains(n) || s_.enums.contains(n);
  }

  void check_range(const std::string& range, const SourceLocation& at, const std::string& what) {
    if (names_element(range)) return;
    if (find_builtin_type(range)) {
      d_.warn("builtin-type-not-imported",
              "range '" + range + "' of " + what +
                  " is a LinkML built-in type, but the schema does not import linkml:types",
              at,
              "add `imports: [linkml:types]`; LinkML's SQL generator still maps '" + range +
                  "' by name");
      return;
    }
    std::string hint = "define '" + range +
                       "' as a class, type or enum, or import the schema "
                       "that defines it";
    if (auto c = closest(range, element_names_)) hint = "did you mean '" + *c + "'? " + hint;
    d_.warn("unknown-range",
            "range '" + range + "' of " + what +
                " names no class, type or enum; LinkML treats it as TEXT",
            at, hint);
  }

  void check_default_range() {
    if (!s_.default_range) return;
    SourceLocation at;
    if (!s_.modules.empty()) at = s_.modules.back().where;
    check_range(*s_.default_range, at, "the schema (default_range)");
  }

  void check_slot(const SlotDefinition& slot, const std::string& what) {
    if (slot.range) check_range(*slot.range, where_of(slot, "range"), what);
    for (const auto& r : slot.any_of_ranges) check_range(r, where_of(slot, "any_of"), what);
  }

  // A slot parent that does not exist is ignored, as LinkML's generator
  // does: the slot keeps its own definition, which is still clear for SQL.
  void check_slot_parents(const SlotDefinition& slot) {
    std::vector<std::string> slot_names;
    auto hint = [&](const std::string& missing) {
      if (slot_names.empty())
        for (const auto& [n, x] : s_.slots) slot_names.push_back(n);
      std::string h = "define the slot or fix the name";
      if (auto c = closest(missing, slot_names)) h = "did you mean '" + *c + "'? " + h;
      return h;
    };
    if (slot.is_a && !s_.slots.contains(*slot.is_a)) {
      d_.warn("unknown-parent",
              "slot '" + slot.name + "' has is_a '" + *slot.is_a +
                  "', which is not a slot; the parent is ignored (as LinkML's generator does) "
                  "and the slot keeps only its own definition",
              where_of(slot, "is_a"), hint(*slot.is_a));
    }
    for (const auto& m : slot.mixins) {
      if (!s_.slots.contains(m)) {
        d_.warn("unknown-parent",
                "slot '" + slot.name + "' has mixin '" + m +
                    "', which is not a slot; the mixin is ignored (as LinkML's generator does)",
                where_of(slot, "mixins"), hint(m));
      }
    }
  }

  void check_type(const TypeDefinition& t) {
    if (t.typeof_ && !s_.types.contains(*t.typeof_)) {
      std::string msg =
          "type '" + t.name + "' has typeof '" + *t.typeof_ + "', which is not a type";
      std::string hint =
          find_builtin_type(*t.typeof_) ? "import linkml:types" : "define the type or fix the name";
      d_.warn("unknown-typeof", msg, where_of(t, "typeof"), hint);
    }
  }

  void check_class_parents(const ClassDefinition& c) {
    auto class_names = [&] {
      std::vector<std::string> v;
      for (const auto& [n, x] : s_.classes) v.push_back(n);
      return v;
    };
    if (c.is_a) {
      const ClassDefinition* parent = s_.classes.find(*c.is_a);
      if (!parent) {
        std::string hint =
            "LinkML cannot load a class whose parent does not exist, and without the parent's "
            "slots the table would miss columns";
        if (auto s = closest(*c.is_a, class_names())) hint = "did you mean '" + *s + "'? " + hint;
        d_.error("unknown-parent",
                 "class '" + c.name + "' has is_a '" + *c.is_a + "', which is not a class",
                 where_of(c, "is_a"), hint);
      } else if (parent->mixin.value_or(false)) {
        d_.warn("is-a-mixin", "class '" + c.name + "' has is_a '" + *c.is_a + "', which is a mixin",
                where_of(c, "is_a"),
                "list '" + *c.is_a +
                    "' under `mixins:` instead; LinkML accepts it but treats it "
                    "as an ordinary parent");
      }
    }
    for (const auto& m : c.mixins) {
      if (!s_.classes.contains(m)) {
        std::string hint =
            "LinkML cannot load a class whose mixin does not exist, and without the mixin's "
            "slots the table would miss columns";
        if (auto s = closest(m, class_names())) hint = "did you mean '" + *s + "'? " + hint;
        d_.error("unknown-parent",
                 "class '" + c.name + "' has mixin '" + m + "', which is not a class",
                 where_of(c, "mixins"), hint);
      }
    }
  }

  void check_class_slots(const ClassDefinition& c) {
    // The attributes of the class and its ancestors, gathered only when a
    // slot is not a schema slot (rare).
    std::optional<std::set<std::string>> attributes;
    auto is_attribute = [&](const std::string& sn) {
      if (!attributes) {
        attributes.emplace();
        for (const auto& a : ancestors_of(c.name)) {
          if (const ClassDefinition* ac = s_.classes.find(a)) {
            for (const auto& [n, x] : ac->attributes) attributes->insert(n);
          }
        }
      }
      return attributes->count(sn) > 0;
    };
    for (size_t i = 0; i < c.slots.size(); ++i) {
      const std::string& sn = c.slots[i];
      if (s_.slots.contains(sn) || is_attribute(sn)) continue;
      std::vector<std::string> slot_names;
      for (const auto& [n, x] : s_.slots) slot_names.push_back(n);
      std::string hint = "define it under `slots:` or as an attribute";
      if (auto s = closest(sn, slot_names)) hint = "did you mean '" + *s + "'? " + hint;
      d_.error("unknown-slot",
               "class '" + c.name + "' uses slot '" + sn + "', which is defined nowhere",
               i < c.slot_locations.size() ? c.slot_locations[i] : where_of(c, "slots"),
               hint + " (LinkML fails on this class)");
    }
    if (c.slot_usage.empty()) return;
    // A slot of the class itself is reachable; only the others need the
    // slots of every class inheriting from it.
    const auto& own = slots_of(c.name);
    for (const auto& [un, u] : c.slot_usage) {
      if (std::find(own.begin(), own.end(), un) != own.end()) continue;
      const std::set<std::string>& reachable = usage_reach()[c.name];
      if (reachable.count(un)) continue;
      std::string hint =
          "add '" + un + "' to the class's `slots:`; slot_usage alone never adds a slot";
      std::vector<std::string> candidates(reachable.begin(), reachable.end());
      if (auto near = closest(un, candidates)) hint = "did you mean '" + *near + "'? " + hint;
      d_.warn("unused-slot-usage",
              "slot_usage of '" + un + "' in class '" + c.name + "' has no effect: '" + un +
                  "' is not a slot of '" + c.name + "' or of any class inheriting from it",
              u.where, hint);
    }
  }

  // For each class with slot_usage: the slots of the class and of every class
  // inheriting from it (a mixin's slot_usage acts on the classes that use the
  // mixin). Computed once, in one pass over all classes.
  std::map<std::string, std::set<std::string>>& usage_reach() {
    if (usage_reach_ready_) return usage_reach_;
    usage_reach_ready_ = true;
    for (const auto& [dn, d] : s_.classes) {
      for (const auto& a : ancestors_of(dn)) {
        const ClassDefinition* ac = s_.classes.find(a);
        if (!ac || ac->slot_usage.empty()) continue;
        const auto& slots = slots_of(dn);
        usage_reach_[a].insert(slots.begin(), slots.end());
      }
    }
    return usage_reach_;
  }

  const std::vector<std::string>& ancestors_of(const std::string& cls) {
    auto it = ancestors_cache_.find(cls);
    if (it == ancestors_cache_.end()) {
      it = ancestors_cache_.emplace(cls, class_ancestors(s_, cls)).first;
    }
    return it->second;
  }

  const std::vector<std::string>& slots_of(const std::string& cls) {
    auto it = slots_cache_.find(cls);
    if (it == slots_cache_.end()) it = slots_cache_.emplace(cls, class_slot_names(s_, cls)).first;
    return it->second;
  }

  // The induced `identifier` of slot `sn` in class C, given C's ancestors
  // (slot_usage of C and its ancestors first, then the attribute or slot
  // definition and its is_a chain).
  bool induced_identifier(const std::vector<const ClassDefinition*>& ancestors,
                          const std::string& sn) const {
    for (const ClassDefinition* ac : ancestors) {
      if (const SlotDefinition* u = ac->slot_usage.find(sn); u && u->identifier)
        return *u->identifier;
    }
    for (const ClassDefinition* ac : ancestors) {
      if (const SlotDefinition* at = ac->attributes.find(sn)) return at->identifier.value_or(false);
    }
    std::set<std::string> seen;
    const SlotDefinition* s = s_.slots.find(sn);
    while (s && seen.insert(s->name).second) {
      if (s->identifier.value_or(false)) return true;
      s = s->is_a ? s_.slots.find(*s->is_a) : nullptr;
    }
    return false;
  }

  // Cached: each class is asked for itself and for its subclasses.
  const std::vector<std::string>& identifiers_of(const std::string& cls) {
    auto it = identifiers_cache_.find(cls);
    if (it == identifiers_cache_.end())
      it = identifiers_cache_.emplace(cls, compute_identifiers(cls)).first;
    return it->second;
  }

  std::vector<std::string> compute_identifiers(const std::string& cls) {
    std::vector<std::string> out;
    std::vector<const ClassDefinition*> ancestors;
    for (const auto& a : ancestors_of(cls)) {
      if (const ClassDefinition* ac = s_.classes.find(a)) ancestors.push_back(ac);
    }
    for (const auto& sn : slots_of(cls)) {
      if (induced_identifier(ancestors, sn)) out.push_back(sn);
    }
    return out;
  }

  void check_identifiers(const ClassDefinition& c) {
    const auto& ids = identifiers_of(c.name);
    if (ids.size() < 2) return;
    if (c.is_a && s_.classes.contains(*c.is_a) && identifiers_of(*c.is_a) == ids) return;
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    d_.warn("several-identifiers",
            "class '" + c.name + "' has " + std::to_string(ids.size()) + " identifier slots (" +
                show(ids).substr(1, show(ids).size() - 2) +
                "); LinkML's generator makes the alphabetically first, '" + sorted.front() +
                "', the primary key",
            c.where,
            "keep one `identifier: true`; mark the others `key: true` or list them in unique_keys");
  }

  // A name used by more than one kind of element (class, type, enum): the
  // range lookup picks the class first, then the enum, then the type.
  void check_name_clashes() {
    for (const auto& [n, c] : s_.classes) {
      if (const EnumDefinition* e = s_.enums.find(n)) {
        d_.warn("ambiguous-name",
                "'" + n + "' names both a class (" + format_location(c.where) + ") and an enum",
                e->where, "a range '" + n + "' means the class; rename one of them");
      }
      if (const TypeDefinition* t = s_.types.find(n)) {
        d_.warn("ambiguous-name",
                "'" + n + "' names both a class (" + format_location(c.where) + ") and a type",
                t->where, "a range '" + n + "' means the class; rename one of them");
      }
    }
    for (const auto& [n, e] : s_.enums) {
      if (const TypeDefinition* t = s_.types.find(n)) {
        d_.warn("ambiguous-name",
                "'" + n + "' names both an enum (" + format_location(e.where) + ") and a type",
                t->where, "a range '" + n + "' means the enum; rename one of them");
      }
    }
  }

  const SchemaDefinition& s_;
  Diagnostics& d_;
  std::vector<std::string> element_names_;
  std::map<std::string, std::vector<std::string>> ancestors_cache_;
  std::map<std::string, std::vector<std::string>> slots_cache_;
  std::map<std::string, std::vector<std::string>> identifiers_cache_;
  std::map<std::string, std::set<std::string>> usage_reach_;
  bool usage_reach_ready_ = false;
};

}  // namespace

void run_checks(const SchemaDefinition& schema, Diagnostics& diags) {
  Checker(schema, diags).run();
}

std::string slot_differences(const SlotDefinition& a, const SlotDefinition& b) {
  std::vector<std::string> diffs;
  auto cmp = [&](const char* field, const auto& x, const auto& y) {
    if (x != y) diffs.push_back(std::string(field) + " (" + show(x) + " vs " + show(y) + ")");
  };
  cmp("range", a.range, b.range);
  cmp("multivalued", a.multivalued, b.multivalued);
  cmp("required", a.required, b.required);
  cmp("identifier", a.identifier, b.identifier);
  cmp("key", a.key, b.key);
  cmp("inlined", a.inlined, b.inlined);
  cmp("inlined_as_list", a.inlined_as_list, b.inlined_as_list);
  cmp("alias", a.alias, b.alias);
  cmp("singular_name", a.singular_name, b.singular_name);
  cmp("is_a", a.is_a, b.is_a);
  cmp("mixins", a.mixins, b.mixins);
  cmp("any_of", a.any_of_ranges, b.any_of_ranges);
  cmp("ifabsent", a.ifabsent, b.ifabsent);
  cmp("minimum_value", a.minimum_value, b.minimum_value);
  cmp("maximum_value", a.maximum_value, b.maximum_value);
  std::string out;
  for (size_t i = 0; i < diffs.size(); ++i) out += (i ? ", " : "") + diffs[i];
  return out;
}

std::vector<std::string> class_ancestors(const SchemaDefinition& schema, const std::string& cls) {
  std::vector<std::string> out = {cls};
  std::set<std::string> seen = {cls};
  std::vector<std::string> stack = {cls};
  while (!stack.empty()) {
    std::string c = stack.back();
    stack.pop_back();
    const ClassDefinition* def = schema.classes.find(c);
    if (!def) continue;
    std::vector<std::string> parents = def->mixins;
    if (def->is_a) parents.push_back(*def->is_a);
    for (const auto& p : parents) {
      if (!schema.classes.contains(p) || !seen.insert(p).second) continue;
      out.push_back(p);
      stack.push_back(p);
    }
  }
  return out;
}

std::vector<std::string> class_slot_names(const SchemaDefinition& schema, const std::string& cls) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;  // views of names held by `schema`
  for (const auto& a : class_ancestors(schema, cls)) {
    const ClassDefinition* def = schema.classes.find(a);
    if (!def) continue;
    for (const auto& s : def->slots) {
      if (seen.insert(s).second) out.push_back(s);
    }
    for (const auto& [s, x] : def->attributes) {
      if (seen.insert(s).second) out.push_back(s);
    }
  }
  return out;
}

void check_name_collisions(
    const SchemaDefinition& schema,
    const std::function<std::string(const ClassDefinition&)>& table_name,
    const std::function<std::string(const ClassDefinition&, const std::string& slot)>& column_name,
    Diagnostics& diags) {
  std::map<std::string, const ClassDefinition*> tables;
  for (const auto& [n, c] : schema.classes) {
    std::string t = truncate63(table_name(c));
    auto [it, inserted] = tables.emplace(t, &c);
    if (!inserted) {
      diags.warn("name-collision",
                 "class '" + c.name + "' and class '" + it->second->name + "' (" +
                     format_location(it->second->where) + ") both become table '" + t + "'",
                 c.where, "rename one of the classes, or give one an sql_table annotation");
    }
    std::map<std::string, std::string> columns;
    for (const auto& sn : class_slot_names(schema, n)) {
      std::string col = truncate63(column_name(c, sn));
      auto [cit, cinserted] = columns.emplace(col, sn);
      if (!cinserted) {
        diags.warn("name-collision",
                   "slots '" + cit->second + "' and '" + sn + "' of class '" + c.name +
                       "' both become column '" + col + "'",
                   c.where, "rename one of the slots, or give one an alias");
      }
    }
  }
}

}  // namespace reconcile::linkml
