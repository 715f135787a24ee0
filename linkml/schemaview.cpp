#include "linkml/schemaview.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace reconcile::linkml {
namespace {

// Python truthiness of a numeric bound written as text ("0" and "0.0" are falsy).
bool truthy_number(const std::optional<std::string>& v) {
  if (!v || v->empty()) return false;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (end && *end == '\0') return d != 0.0;
  return true;
}

bool truthy(const std::optional<bool>& v) {
  return v.has_value() && *v;
}
bool truthy(const std::optional<std::string>& v) {
  return v.has_value() && !v->empty();
}

double as_number(const std::string& s) {
  return std::strtod(s.c_str(), nullptr);
}

template <typename T>
std::vector<std::string> closure(const std::string& start, const T& parents_of) {
  std::vector<std::string> rv{start};
  std::set<std::string> seen{start};
  std::vector<std::string> todo{start};
  while (!todo.empty()) {
    std::string i = todo.back();
    todo.pop_back();
    for (const auto& p : parents_of(i)) {
      if (seen.insert(p).second) {
        todo.push_back(p);
        rv.push_back(p);
      }
    }
  }
  return rv;
}

// Copies the inheritable metaslots of `from` onto `to` when truthy
// (slot is_a / mixin propagation, linkml-mapping §1.6 step 2, quirk Q6).
void propagate_truthy(const SlotDefinition& from, SlotDefinition& to) {
  if (truthy(from.domain)) to.domain = from.domain;
  if (truthy(from.ifabsent)) to.ifabsent = from.ifabsent;
  if (truthy(from.key)) to.key = from.key;
  if (truthy(from.identifier)) to.identifier = from.identifier;
  if (truthy(from.designates_type)) to.designates_type = from.designates_type;
  if (truthy(from.range)) to.range = from.range;
  if (truthy(from.required)) to.required = from.required;
  if (truthy(from.recommended)) to.recommended = from.recommended;
  if (truthy(from.multivalued)) to.multivalued = from.multivalued;
  if (truthy(from.inlined)) to.inlined = from.inlined;
  if (truthy(from.inlined_as_list)) to.inlined_as_list = from.inlined_as_list;
  if (truthy_number(from.minimum_value)) to.minimum_value = from.minimum_value;
  if (truthy_number(from.maximum_value)) to.maximum_value = from.maximum_value;
  if (truthy(from.pattern)) to.pattern = from.pattern;
}

// Applies one slot_usage entry: every value that is set wins (False too);
// numeric bounds combine (§1.6 step 3).
void apply_usage(const SlotDefinition& u, SlotDefinition& s) {
  auto set = [](const auto& from, auto& to) {
    if (from.has_value()) to = from;
  };
  set(u.description, s.description);
  set(u.range, s.range);
  set(u.identifier, s.identifier);
  set(u.key, s.key);
  set(u.required, s.required);
  set(u.multivalued, s.multivalued);
  set(u.inlined, s.inlined);
  set(u.inlined_as_list, s.inlined_as_list);
  set(u.alias, s.alias);
  set(u.singular_name, s.singular_name);
  set(u.ifabsent, s.ifabsent);
  set(u.pattern, s.pattern);
  set(u.domain, s.domain);
  set(u.recommended, s.recommended);
  set(u.designates_type, s.designates_type);
  if (!u.any_of_ranges.empty()) s.any_of_ranges = u.any_of_ranges;
  if (!u.annotations.empty()) s.annotations = u.annotations;
  if (u.minimum_value) {
    if (s.minimum_value && as_number(*s.minimum_value) > as_number(*u.minimum_value)) {
      // keep the larger lower bound
    } else {
      s.minimum_value = u.minimum_value;
    }
  }
  if (u.maximum_value) {
    if (s.maximum_value && as_number(*s.maximum_value) < as_number(*u.maximum_value)) {
      // keep the smaller upper bound
    } else {
      s.maximum_value = u.maximum_value;
    }
  }
  for (const auto& [k, loc] : u.field_where) s.field_where[k] = loc;
}

}  // namespace

std::string underscore(const std::string& name) {
  size_t b = 0, e = name.size();
  while (b < e && std::isspace(static_cast<unsigned char>(name[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(name[e - 1]))) --e;
  std::string out;
  bool in_space = false;
  for (size_t i = b; i < e; ++i) {
    char c = name[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!in_space) out += '_';
      in_space = true;
      continue;
    }
    in_space = false;
    if (c == ',') continue;
    out += c == '-' ? '_' : c;
  }
  return out;
}

std::vector<std::string> SchemaView::class_parents(const std::string& cls) const {
  std::vector<std::string> out;
  const ClassDefinition* c = get_class(cls);
  if (!c) return out;
  for (const auto& m : c->mixins)
    if (is_class(m)) out.push_back(m);
  if (c->is_a && is_class(*c->is_a)) out.push_back(*c->is_a);
  return out;
}

std::vector<std::string> SchemaView::class_ancestors(const std::string& cls) const {
  return closure(cls, [this](const std::string& c) { return class_parents(c); });
}

std::vector<std::string> SchemaView::class_descendants(const std::string& cls) const {
  std::vector<std::string> out;
  for (const auto& [name, def] : schema_.classes) {
    if (name == cls) continue;
    auto anc = class_ancestors(name);
    if (std::find(anc.begin(), anc.end(), cls) != anc.end()) out.push_back(name);
  }
  return out;
}

std::vector<std::string> SchemaView::slot_ancestors(const std::string& slot) const {
  return closure(slot, [this](const std::string& s) {
    std::vector<std::string> out;
    const SlotDefinition* d = get_slot(s);
    if (!d) return out;
    for (const auto& m : d->mixins)
      if (get_slot(m)) out.push_back(m);
    if (d->is_a && get_slot(*d->is_a)) out.push_back(*d->is_a);
    return out;
  });
}

std::vector<std::string> SchemaView::class_slots(const std::string& cls) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& a : class_ancestors(cls)) {
    const ClassDefinition* c = get_class(a);
    if (!c) continue;
    for (const auto& s : c->slots)
      if (seen.insert(s).second) out.push_back(s);
    for (const auto& [name, def] : c->attributes)
      if (seen.insert(name).second) out.push_back(name);
  }
  return out;
}

SlotDefinition SchemaView::induced_slot(const std::string& slot, const std::string& cls) const {
  const auto ancestors = class_ancestors(cls);
  SlotDefinition out;
  bool is_attribute = false;
  for (const auto& a : ancestors) {
    const ClassDefinition* c = get_class(a);
    if (!c) continue;
    if (const SlotDefinition* attr = c->attributes.find(slot)) {
      out = *attr;
      is_attribute = true;
      break;
    }
  }
  if (!is_attribute) {
    if (const SlotDefinition* s = get_slot(slot)) {
      out = *s;
      auto sanc = slot_ancestors(slot);
      for (auto it = sanc.rbegin(); it != sanc.rend(); ++it) propagate_truthy(*get_slot(*it), out);
    } else {
      out.name = slot;
      if (const ClassDefinition* c = get_class(cls)) out.where = c->where;
    }
  }
  out.name = slot;
  for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
    const ClassDefinition* c = get_class(*it);
    if (!c) continue;
    if (const SlotDefinition* u = c->slot_usage.find(slot)) apply_usage(*u, out);
  }
  if (!out.range && schema_.default_range) out.range = schema_.default_range;
  if (truthy(out.inlined_as_list)) out.inlined = true;
  if (truthy(out.identifier) || truthy(out.key)) out.required = true;
  if (!out.alias) {
    std::string u = underscore(slot);
    if (u != slot) out.alias = u;
  }
  return out;
}

std::vector<SlotDefinition> SchemaView::class_induced_slots(const std::string& cls) const {
  std::vector<SlotDefinition> out;
  for (const auto& s : class_slots(cls)) out.push_back(induced_slot(s, cls));
  return out;
}

std::optional<SlotDefinition> SchemaView::identifier_slot(const std::string& cls,
                                                          bool use_key) const {
  auto names = class_slots(cls);
  std::sort(names.begin(), names.end());
  std::vector<SlotDefinition> induced;
  induced.reserve(names.size());
  for (const auto& n : names) induced.push_back(induced_slot(n, cls));
  for (const auto& s : induced)
    if (truthy(s.identifier)) return s;
  if (use_key)
    for (const auto& s : induced)
      if (truthy(s.key)) return s;
  return std::nullopt;
}

std::vector<const TypeDefinition*> SchemaView::type_chain(const std::string& type) const {
  std::vector<const TypeDefinition*> out;
  std::set<std::string> seen;
  std::string cur = type;
  while (const TypeDefinition* t = get_type(cur)) {
    if (!seen.insert(cur).second) break;
    out.push_back(t);
    if (!t->typeof_) break;
    cur = *t->typeof_;
  }
  return out;
}

}  // namespace reconcile::linkml
