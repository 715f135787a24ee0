#include "core/catalog/view_sql.h"

#include <map>
#include <set>

#include "core/catalog/names.h"

namespace reconcile::catalog {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const char* kind_sql(const View& v) {
  return v.materialized ? "MATERIALIZED VIEW " : "VIEW ";
}

}  // namespace

std::string view_query_sql(const View& v) {
  const std::string& q = v.sql();
  size_t b = 0, e = q.size();
  while (b < e && blank(q[b])) ++b;
  while (e > b && (blank(q[e - 1]) || q[e - 1] == ';')) --e;
  return q.substr(b, e - b);
}

std::string create_view_sql(const std::string& schema, const View& v, bool or_replace) {
  std::string out = std::string("CREATE ") + (or_replace && !v.materialized ? "OR REPLACE " : "") +
                    kind_sql(v) + qualified(schema, v.name) + " AS\n" + view_query_sql(v);
  if (v.materialized) out += v.with_no_data ? "\nWITH NO DATA" : "\nWITH DATA";
  return out;
}

std::string drop_view_sql(const std::string& schema, const View& v) {
  return std::string("DROP ") + kind_sql(v) + qualified(schema, v.name);
}

std::string refresh_view_sql(const std::string& schema, const View& v, bool concurrently) {
  return std::string("REFRESH MATERIALIZED VIEW ") + (concurrently ? "CONCURRENTLY " : "") +
         qualified(schema, v.name);
}

std::string comment_on_view_sql(const std::string& schema, const View& v) {
  return std::string("COMMENT ON ") + kind_sql(v) + qualified(schema, v.name) + " IS " +
         (v.comment && !v.comment->empty() ? quote_text_literal(*v.comment) : std::string("NULL"));
}

bool can_refresh_concurrently(const View& v) {
  if (!v.materialized) return false;
  for (const auto& ix : v.indexes) {
    if (!ix.unique || ix.predicate) continue;
    bool plain = true;
    for (const auto& k : ix.keys) {
      bool found = false;
      for (const auto& c : v.columns)
        if (quote_ident(c.name) == k) found = true;
      if (!found) plain = false;
    }
    if (plain) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> views_in_order(const Catalog& c) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::set<Key>> needs;  // view -> views it reads
  std::map<std::string, std::vector<Key>> by_name;
  for (const auto& [sn, s] : c.schemas)
    for (const auto& [vn, _] : s.views) by_name[vn].push_back({sn, vn});
  for (const auto& [sn, s] : c.schemas) {
    for (const auto& [vn, v] : s.views) {
      auto& n = needs[{sn, vn}];
      for (const auto& d : v.depends_on) {
        if (!d.schema.empty()) {
          if (c.find_view(d.schema, d.relation) && Key{d.schema, d.relation} != Key{sn, vn})
            n.insert({d.schema, d.relation});
          continue;
        }
        auto it = by_name.find(d.relation);
        if (it == by_name.end()) continue;
        for (const auto& k : it->second)
          if (k != Key{sn, vn}) n.insert(k);
      }
    }
  }
  std::vector<Key> out;
  std::set<Key> done;
  while (done.size() < needs.size()) {
    bool progressed = false;
    for (const auto& [k, n] : needs) {
      if (done.count(k)) continue;
      bool ready = true;
      for (const auto& d : n)
        if (!done.count(d)) ready = false;
      if (!ready) continue;
      out.push_back(k);
      done.insert(k);
      progressed = true;
      break;  // restart: the smallest ready view first
    }
    if (!progressed) {
      for (const auto& [k, _] : needs)
        if (!done.count(k)) {
          out.push_back(k);
          done.insert(k);
          break;
        }
    }
  }
  return out;
}

}  // namespace reconcile::catalog
