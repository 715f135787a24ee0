#include "core/plan/views.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/catalog/ddl.h"
#include "core/catalog/names.h"
#include "core/catalog/view_sql.h"

namespace reconcile::plan {
namespace {

using catalog::Catalog;
using catalog::View;
using Key = std::pair<std::string, std::string>;                      // schema, view
using ColumnKey = std::tuple<std::string, std::string, std::string>;  // "" column: whole table

std::string path(const Key& k) {
  return k.first + "." + k.second;
}

const char* kind_word(const View& v) {
  return v.materialized ? "materialized view" : "view";
}

// Every statement that creates `v` as it is: the view, its indexes, its comment.
std::vector<std::string> create_all(const std::string& schema, const View& v) {
  std::vector<std::string> out = {catalog::create_view_sql(schema, v)};
  for (const auto& ix : v.indexes) out.push_back(catalog::create_index_sql(schema, v.name, ix));
  if (v.comment) out.push_back(catalog::comment_on_view_sql(schema, v));
  return out;
}

// Columns (and whole tables) that the plan changes in a way a view reading
// them does not survive.
std::set<ColumnKey> touched_columns(const std::vector<diff::Change>& changes, const Catalog& from) {
  std::set<ColumnKey> out;
  for (const auto& c : changes) {
    if (c.kind == diff::ObjectKind::kTable && c.op == diff::Op::kDrop)
      out.insert({c.schema, c.name, ""});
    if (c.kind == diff::ObjectKind::kColumn &&
        (c.op == diff::Op::kDrop ||
         (c.op == diff::Op::kAlter &&
          (c.attrs & (diff::attr::kType | diff::attr::kCollation | diff::attr::kGenerated)))))
      out.insert({c.schema, c.parent, c.name});
    if (c.kind == diff::ObjectKind::kEnum &&
        ((c.op == diff::Op::kAlter && (c.attrs & diff::attr::kValues)) ||
         c.op == diff::Op::kDrop)) {
      const std::string q = catalog::qualified(c.schema, c.name);
      for (const auto& [sn, s] : from.schemas)
        for (const auto& [tn, t] : s.tables)
          for (const auto& col : t.columns)
            if (col.type == q || col.type == q + "[]") out.insert({sn, tn, col.name});
    }
  }
  return out;
}

// The old view's dependencies under the new names of renamed tables and columns.
std::vector<catalog::ViewDependency> renamed_dependencies(const View& v, const Catalog& to) {
  std::vector<catalog::ViewDependency> out = v.depends_on;
  for (auto& d : out) {
    for (const auto& r : to.renames)
      if (r.kind == catalog::RenameHint::Kind::kTable && r.schema == d.schema &&
          r.from == d.relation) {
        d.relation = r.to;
        break;
      }
    for (auto& col : d.columns)
      for (const auto& r : to.renames)
        if (r.kind == catalog::RenameHint::Kind::kColumn && r.schema == d.schema &&
            r.parent == d.relation && r.from == col) {
          col = r.to;
          break;
        }
  }
  return out;
}

// CREATE OR REPLACE VIEW can turn `a` into `b`: both plain views, and b's
// columns start with a's (same names and types, same order).
bool replaceable(const View& a, const View& b) {
  if (a.materialized || b.materialized) return false;
  if (b.columns.size() < a.columns.size()) return false;
  for (size_t i = 0; i < a.columns.size(); ++i)
    if (a.columns[i] != b.columns[i]) return false;
  return true;
}

// Every relation and column the old view `v` reads exists under the same
// name in `to`: its old definition can be put back (down SQL) while the
// database holds `to`.
bool readable_in(const View& v, const Catalog& to) {
  for (const auto& d : v.depends_on) {
    if (const catalog::Table* t = to.find_table(d.schema, d.relation)) {
      for (const auto& col : d.columns)
        if (!t->find_column(col)) return false;
      continue;
    }
    const View* w = to.find_view(d.schema, d.relation);
    if (!w) return false;
    for (const auto& col : d.columns)
      if (std::none_of(w->columns.begin(), w->columns.end(),
                       [&](const catalog::ViewColumn& c) { return c.name == col; }))
        return false;
  }
  return true;
}

// The same view apart from its indexes and comment.
bool same_shape(const View& a, const View& b) {
  return a.materialized == b.materialized && a.definition == b.definition && a.columns == b.columns;
}

Step make_step(std::string summary, const Key& k) {
  Step s;
  s.summary = std::move(summary);
  s.objects = {path(k)};
  return s;
}

}  // namespace

ViewSteps plan_views(const std::vector<diff::Change>& changes, const Catalog& from,
                     const Catalog& to) {
  ViewSteps out;
  const std::set<ColumnKey> touched = touched_columns(changes, from);

  std::set<Key> drop;     // old views to drop
  std::set<Key> replace;  // plain views replaced in place
  std::map<Key, std::vector<catalog::ViewDependency>> deps;
  for (const auto& [sn, s] : from.schemas) {
    for (const auto& [vn, v] : s.views) {
      const Key k{sn, vn};
      deps[k] = renamed_dependencies(v, to);
      const View* nv = to.find_view(sn, vn);
      if (!nv) {
        drop.insert(k);
        continue;
      }
      if (!same_shape(v, *nv)) {
        // In place only when the down SQL (the old definition, run while the
        // database holds `to`) can run too.
        if (replaceable(v, *nv) && readable_in(v, to))
          replace.insert(k);
        else
          drop.insert(k);
      }
      for (const auto& d : deps[k]) {
        if (touched.count({d.schema, d.relation, ""})) drop.insert(k);
        for (const auto& col : d.columns)
          if (touched.count({d.schema, d.relation, col})) drop.insert(k);
      }
    }
  }
  // Views that read a dropped view go too (until nothing changes).
  for (bool more = true; more;) {
    more = false;
    for (const auto& [k, ds] : deps) {
      if (drop.count(k)) continue;
      for (const auto& d : ds)
        if (drop.count({d.schema, d.relation}) ||
            (d.schema.empty() && std::any_of(drop.begin(), drop.end(), [&](const Key& x) {
               return x.second == d.relation;
             }))) {
          drop.insert(k);
          replace.erase(k);
          more = true;
          break;
        }
    }
  }
  for (const auto& k : drop) replace.erase(k);

  // Drops: dependents first.
  auto old_order = catalog::views_in_order(from);
  for (auto it = old_order.rbegin(); it != old_order.rend(); ++it) {
    if (!drop.count(*it)) continue;
    const View& v = from.schemas.at(it->first).views.at(it->second);
    Step s = make_step(std::string("drop ") + kind_word(v) + " " + path(*it), *it);
    s.up = {catalog::drop_view_sql(it->first, v)};
    s.down = create_all(it->first, v);
    if (v.materialized && !v.with_no_data) s.hazards.push_back(Hazard::kRefreshesMaterializedView);
    out.before.push_back(std::move(s));
  }

  // Creates, replacements and changes of kept views, in the new order.
  for (const auto& k : catalog::views_in_order(to)) {
    const View& v = to.schemas.at(k.first).views.at(k.second);
    const View* old = from.find_view(k.first, k.second);
    if (!old || drop.count(k)) {
      Step s = make_step(std::string("create ") + kind_word(v) + " " + path(k), k);
      s.up = create_all(k.first, v);
      s.down = {catalog::drop_view_sql(k.first, v)};
      if (v.materialized && !v.with_no_data)
        s.hazards.push_back(Hazard::kRefreshesMaterializedView);
      out.after.push_back(std::move(s));
      continue;
    }
    if (replace.count(k)) {
      Step s = make_step("replace view " + path(k), k);
      s.up = {catalog::create_view_sql(k.first, v, true)};
      if (old->columns.size() == v.columns.size()) {
        s.down = {catalog::create_view_sql(k.first, *old, true)};
      } else {
        s.down = {catalog::drop_view_sql(k.first, v), catalog::create_view_sql(k.first, *old)};
        if (old->comment) s.down.push_back(catalog::comment_on_view_sql(k.first, *old));
      }
      if (v.comment != old->comment) s.up.push_back(catalog::comment_on_view_sql(k.first, v));
      out.after.push_back(std::move(s));
      continue;
    }
    // Kept: indexes and comment.
    for (const auto& ix : old->indexes) {
      auto it = std::find_if(v.indexes.begin(), v.indexes.end(),
                             [&](const catalog::Index& n) { return n.name == ix.name; });
      if (it != v.indexes.end() && *it == ix) continue;
      Step s = make_step("drop index " + k.first + "." + ix.name + " of " + path(k), k);
      s.up = {catalog::drop_index_sql(k.first, ix.name)};
      s.down = {catalog::create_index_sql(k.first, v.name, ix)};
      out.after.push_back(std::move(s));
    }
    for (const auto& ix : v.indexes) {
      auto it = std::find_if(old->indexes.begin(), old->indexes.end(),
                             [&](const catalog::Index& o) { return o.name == ix.name; });
      if (it != old->indexes.end() && *it == ix) continue;
      Step s = make_step("create index " + k.first + "." + ix.name + " on " + path(k), k);
      s.up = {catalog::create_index_sql(k.first, v.name, ix)};
      s.down = {catalog::drop_index_sql(k.first, ix.name)};
      s.hazards.push_back(Hazard::kIndexBuild);
      out.after.push_back(std::move(s));
    }
    if (v.comment != old->comment) {
      Step s = make_step("comment on " + std::string(kind_word(v)) + " " + path(k), k);
      s.up = {catalog::comment_on_view_sql(k.first, v)};
      s.down = {catalog::comment_on_view_sql(k.first, *old)};
      out.after.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<Step> refresh_steps(const Catalog& c) {
  std::vector<Step> out;
  for (const auto& k : catalog::views_in_order(c)) {
    const View& v = c.schemas.at(k.first).views.at(k.second);
    if (!v.materialized) continue;
    const bool concurrently = catalog::can_refresh_concurrently(v);
    Step s = make_step(
        std::string("refresh materialized view ") + path(k) + (concurrently ? " concurrently" : ""),
        k);
    s.up = {catalog::refresh_view_sql(k.first, v, concurrently)};
    s.hazards.push_back(Hazard::kRefreshesMaterializedView);
    if (concurrently) {
      // REFRESH ... CONCURRENTLY cannot run in a transaction block.
      s.transactional = false;
      s.hazards.push_back(Hazard::kCannotRunInTransaction);
    } else {
      s.hazards.push_back(Hazard::kAccessExclusiveLock);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace reconcile::plan
