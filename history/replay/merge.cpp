#include "history/replay/merge.h"

#include <algorithm>
#include <memory>
#include <set>

#include "core/catalog/ddl.h"
#include "core/catalog/names.h"
#include "core/diff/diff.h"
#include "history/replay/shadow.h"
#include "history/replay/shadow_session.h"

namespace reconcile::replay {
namespace {

using diff::Change;
using diff::ObjectKind;

// Identifies an object across catalogs.
struct Key {
  ObjectKind kind;
  std::string schema;
  std::string parent;
  std::string name;
  auto operator<=>(const Key&) const = default;

  std::string describe() const {
    std::string path = schema;
    if (!parent.empty()) path += (path.empty() ? "" : ".") + parent;
    if (!name.empty()) path += (path.empty() ? "" : ".") + name;
    return std::string(diff::kind_name(kind)) + " " + path;
  }
};

// What one branch did to one object.
struct Touch {
  std::vector<std::string> revisions;
  std::vector<std::string> changes;
  bool drops_or_renames = false;  // the object went away (drop / rename)
};

std::string attrs_text(unsigned attrs) {
  static const std::pair<unsigned, const char*> names[] = {
      {diff::attr::kType, "type"},
      {diff::attr::kDefault, "default"},
      {diff::attr::kNotNull, "not null"},
      {diff::attr::kIdentity, "identity"},
      {diff::attr::kGenerated, "generated"},
      {diff::attr::kCollation, "collation"},
      {diff::attr::kComment, "comment"},
      {diff::attr::kValues, "values"},
      {diff::attr::kSequenceOptions, "options"},
      {diff::attr::kSequenceOwner, "owner"},
      {diff::attr::kExtensionSchema, "schema"}};
  std::string out;
  for (const auto& [bit, name] : names)
    if (attrs & bit) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::string change_text(const Change& c) {
  std::string s = std::string(diff::op_name(c.op)) + " " + diff::kind_name(c.kind) + " " + c.path();
  if (c.op == diff::Op::kRename) s += " to " + c.new_name;
  if (c.op == diff::Op::kAlter && c.attrs) s += " (" + attrs_text(c.attrs) + ")";
  return s;
}

template <class T>
const T* find_named(const std::vector<T>& v, const std::string& name) {
  for (const auto& x : v)
    if (x.name == name) return &x;
  return nullptr;
}

// The object `k` names in `c`, as one line of SQL-ish text; "absent" if it is not there.
std::string object_text(const catalog::Catalog& c, const Key& k) {
  const std::string absent = "absent";
  auto schema_it = c.schemas.find(k.schema);
  if (k.kind == ObjectKind::kExtension) {
    auto it = c.extensions.find(k.name);
    return it == c.extensions.end() ? absent : catalog::create_extension_sql(it->second);
  }
  if (schema_it == c.schemas.end()) return absent;
  const auto& s = schema_it->second;
  switch (k.kind) {
    case ObjectKind::kSchema:
      return "schema " + catalog::quote_ident(s.name) + (s.comment ? " -- " + *s.comment : "");
    case ObjectKind::kEnum: {
      auto it = s.enums.find(k.name);
      return it == s.enums.end() ? absent : catalog::create_enum_sql(k.schema, it->second);
    }
    case ObjectKind::kEnumValue: {
      auto it = s.enums.find(k.parent);
      if (it == s.enums.end()) return absent;
      const auto& vals = it->second.values;
      if (std::find(vals.begin(), vals.end(), k.name) == vals.end()) return absent;
      return catalog::create_enum_sql(k.schema, it->second);
    }
    case ObjectKind::kSequence: {
      auto it = s.sequences.find(k.name);
      return it == s.sequences.end() ? absent : catalog::create_sequence_sql(k.schema, it->second);
    }
    case ObjectKind::kTable: {
      auto it = s.tables.find(k.name);
      return it == s.tables.end() ? absent : catalog::create_table_sql(k.schema, it->second, true);
    }
    case ObjectKind::kExtension:  // above
    case ObjectKind::kColumn:
    case ObjectKind::kPrimaryKey:
    case ObjectKind::kForeignKey:
    case ObjectKind::kUnique:
    case ObjectKind::kCheck:
    case ObjectKind::kIndex:
      break;  // parts of a table: below
  }
  auto t_it = s.tables.find(k.parent);
  if (t_it == s.tables.end()) return absent;
  const auto& t = t_it->second;
  switch (k.kind) {
    case ObjectKind::kColumn: {
      const auto* col = t.find_column(k.name);
      if (!col) return absent;
      return catalog::column_definition_sql(*col) + (col->comment ? " -- " + *col->comment : "");
    }
    case ObjectKind::kPrimaryKey:
      return t.primary_key && t.primary_key->name == k.name
                 ? catalog::add_primary_key_sql(k.schema, t.name, *t.primary_key)
                 : absent;
    case ObjectKind::kForeignKey: {
      const auto* fk = find_named(t.foreign_keys, k.name);
      return fk ? catalog::add_foreign_key_sql(k.schema, t.name, *fk) : absent;
    }
    case ObjectKind::kUnique: {
      const auto* u = find_named(t.uniques, k.name);
      return u ? catalog::add_unique_sql(k.schema, t.name, *u) : absent;
    }
    case ObjectKind::kCheck: {
      const auto* ch = find_named(t.checks, k.name);
      return ch ? catalog::add_check_sql(k.schema, t.name, *ch) : absent;
    }
    case ObjectKind::kIndex: {
      const auto* ix = find_named(t.indexes, k.name);
      return ix ? catalog::create_index_sql(k.schema, t.name, *ix) : absent;
    }
    case ObjectKind::kSchema:  // above
    case ObjectKind::kExtension:
    case ObjectKind::kEnum:
    case ObjectKind::kEnumValue:
    case ObjectKind::kSequence:
    case ObjectKind::kTable:
      break;
  }
  return absent;
}

// Keys a change touches: the object, and for renames its new name too.
std::vector<Key> keys_of(const Change& c) {
  std::vector<Key> keys{Key{c.kind, c.schema, c.parent, c.name}};
  if (c.op == diff::Op::kRename) keys.push_back(Key{c.kind, c.schema, c.parent, c.new_name});
  return keys;
}

Conflict replay_conflict(const ReplayError& e, const std::vector<std::string>& heads,
                         const std::map<std::string, std::vector<std::string>>& branch,
                         const std::string& context) {
  Conflict c;
  c.object = "revision " + e.revision;
  c.reason = context + ": " + e.database_message;
  c.where = e.where();
  for (const auto& h : heads) {
    const auto& own = branch.at(h);
    if (std::find(own.begin(), own.end(), e.revision) != own.end())
      c.sides.push_back(ConflictSide{h, {e.revision}, "", ""});
  }
  return c;
}

}  // namespace

MergeAnalysis analyze_merge(const revision::RevisionStore& store, const ReplayOptions& options) {
  MergeAnalysis a;
  a.heads = store.heads();
  if (a.heads.size() < 2)
    throw UsageError("there is nothing to merge: the revision history has " +
                     std::to_string(a.heads.size()) + " head" + (a.heads.size() == 1 ? "" : "s"));

  // Common ancestors: revisions in the history of every head.
  std::map<std::string, int> count;
  for (const auto& h : a.heads)
    for (const auto& id : store.path_to(h)) ++count[id];
  for (const auto& id : store.topological_order())
    if (count[id] == static_cast<int>(a.heads.size())) a.base.push_back(id);
  std::set<std::string> base_set(a.base.begin(), a.base.end());
  for (const auto& h : a.heads) {
    auto& own = a.branch[h];
    for (const auto& id : store.path_to(h))
      if (!base_set.count(id)) own.push_back(id);
  }

  // Each branch on top of the base, attributing changes to revisions.
  std::map<std::string, std::map<Key, Touch>> touched;  // head -> object -> touch
  std::map<std::string, catalog::Catalog> states;       // head -> final state
  std::vector<const revision::Revision*> everything;
  for (const auto& id : store.topological_order()) everything.push_back(&store.get(id));
  for (const auto& h : a.heads) {
    ShadowSession shadow(options, everything);
    try {
      for (const auto& id : a.base) shadow.run_up(store.get(id));
    } catch (const ReplayError& e) {
      a.conflicts.push_back(
          replay_conflict(e, a.heads, a.branch, "the common history does not replay"));
      return a;
    }
    catalog::Catalog prev = shadow.introspect();
    bool failed = false;
    for (const auto& id : a.branch[h]) {
      try {
        shadow.run_up(store.get(id));
      } catch (const ReplayError& e) {
        a.conflicts.push_back(replay_conflict(e, a.heads, a.branch, "the branch does not replay"));
        failed = true;
        break;
      }
      catalog::Catalog cur = shadow.introspect();
      for (const auto& change : diff::diff(prev, cur)) {
        for (const auto& k : keys_of(change)) {
          auto& t = touched[h][k];
          if (t.revisions.empty() || t.revisions.back() != id) t.revisions.push_back(id);
          t.changes.push_back(change_text(change));
          if ((change.op == diff::Op::kDrop || change.op == diff::Op::kRename) &&
              k.name == change.name)
            t.drops_or_renames = true;
        }
      }
      prev = std::move(cur);
    }
    if (failed) continue;
    states[h] = std::move(prev);
  }

  // Same object, different results.
  std::map<Key, Conflict> found;
  auto side = [&](const std::string& h, const Key& k, const Touch& t) {
    std::string changes;
    for (const auto& c : t.changes)
      if (changes.find(c) == std::string::npos) changes += (changes.empty() ? "" : "; ") + c;
    return ConflictSide{h, t.revisions, changes,
                        states.count(h) ? object_text(states.at(h), k) : ""};
  };
  auto add = [&](const Key& k, const std::string& hi, const Touch& ti, const std::string& hj,
                 const Touch& tj) {
    auto& c = found[k];
    c.object = k.describe();
    for (const auto& [h, t] : {std::pair{hi, &ti}, std::pair{hj, &tj}}) {
      bool have = false;
      for (const auto& s : c.sides) have = have || s.head == h;
      if (!have) c.sides.push_back(side(h, k, *t));
    }
  };
  for (size_t i = 0; i < a.heads.size(); ++i) {
    for (size_t j = i + 1; j < a.heads.size(); ++j) {
      const auto& hi = a.heads[i];
      const auto& hj = a.heads[j];
      if (!states.count(hi) || !states.count(hj)) continue;
      for (const auto& [k, ti] : touched[hi]) {
        auto it = touched[hj].find(k);
        if (it != touched[hj].end()) {
          if (ti.revisions == it->second.revisions) continue;  // the same revisions (shared)
          if (object_text(states.at(hi), k) != object_text(states.at(hj), k))
            add(k, hi, ti, hj, it->second);
        }
      }
      // A table or enum dropped or renamed on one side, changed inside on the other.
      for (const auto& [first, second] : {std::pair{hi, hj}, std::pair{hj, hi}}) {
        for (const auto& [k, t] : touched[first]) {
          if (!t.drops_or_renames) continue;
          if (k.kind != ObjectKind::kTable && k.kind != ObjectKind::kEnum) continue;
          for (const auto& [k2, t2] : touched[second]) {
            if (k2.schema == k.schema && k2.parent == k.name) add(k, first, t, second, t2);
          }
        }
      }
    }
  }
  for (auto& [k, c] : found) {
    std::sort(c.sides.begin(), c.sides.end(),
              [](const ConflictSide& x, const ConflictSide& y) { return x.head < y.head; });
    a.conflicts.push_back(std::move(c));
  }
  if (!a.conflicts.empty()) return a;

  // The union.
  try {
    a.merged = replay(store, Target::all(), options);
  } catch (const ReplayError& e) {
    a.conflicts.push_back(
        replay_conflict(e, a.heads, a.branch, "the union of the branches does not replay"));
  }
  std::sort(a.conflicts.begin(), a.conflicts.end(),
            [](const Conflict& x, const Conflict& y) { return x.object < y.object; });
  return a;
}

std::string format_conflicts(const std::vector<Conflict>& conflicts,
                             const std::map<std::string, std::string>& head_origins) {
  std::string out;
  for (const auto& c : conflicts) {
    out += "conflict: " + c.object + "\n";
    if (!c.reason.empty()) {
      out +=
          "  " + (c.where.known() ? c.where.to_string() + ": " : std::string()) + c.reason + "\n";
    }
    for (const auto& s : c.sides) {
      std::string revs;
      for (const auto& r : s.revisions) revs += (revs.empty() ? "" : ", ") + r;
      out += "  branch of head " + s.head;
      auto it = head_origins.find(s.head);
      if (it != head_origins.end()) out += " [" + it->second + "]";
      out += "\n    revisions: " + revs + "\n";
      if (!s.change.empty()) out += "    changed: " + s.change + "\n";
      if (!s.result.empty()) out += "    result: " + s.result + "\n";
    }
  }
  return out;
}

}  // namespace reconcile::replay
