#include "db/introspect/views.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace reconcile::introspect {
namespace {

constexpr const char* kViewsSql = R"SQL(
select c.oid::int8, n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true),
  (select d.description from pg_description d
   where d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0),
  coalesce((select json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod))
                            order by a.attnum)
            from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]'),
  coalesce((select jsonb_agg(distinct jsonb_build_array(rn.nspname, rc.relname,
                                                        coalesce(ra.attname, '')))
            from pg_rewrite r
            join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                            and d.refclassid = 'pg_class'::regclass and d.refobjid <> c.oid
            join pg_class rc on rc.oid = d.refobjid
            join pg_namespace rn on rn.oid = rc.relnamespace
            left join pg_attribute ra on ra.attrelid = d.refobjid and ra.attnum = d.refobjsubid
                                     and d.refobjsubid > 0
            where r.ev_class = c.oid), '[]')
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and c.relkind in ('v', 'm')
  and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass
                  and e.objid = c.oid and e.deptype = 'e'))SQL";

constexpr const char* kViewIndexesSql = R"SQL(
select i.indrelid::int8, ic.relname, i.indisunique, am.amname,
  pg_get_indexdef(i.indexrelid, 0, true), i.indnkeyatts,
  coalesce((select json_agg(a.attname order by k.o)
            from unnest(i.indkey::int2[]) with ordinality k(n, o)
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n
            where k.o > i.indnkeyatts), '[]'),
  pg_get_expr(i.indpred, i.indrelid),
  coalesce(%NND%, false)
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_am am on am.oid = ic.relam
where n.nspname = any($1::text[]) and c.relkind = 'm')SQL";

std::string text(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.c_str();
}

bool flag(const pqxx::field& f) {
  return !f.is_null() && f.c_str()[0] == 't';
}

}  // namespace

void read_views(const ViewQueries& q, catalog::Catalog& cat) {
  using nlohmann::json;
  std::map<int64_t, catalog::View*> by_oid;
  for (const auto& row : q.run(kViewsSql)) {
    const std::string schema = text(row[1]), name = text(row[2]);
    if (q.excluded(schema, name)) continue;
    catalog::View v;
    v.name = name;
    v.materialized = flag(row[3]);
    v.definition = text(row[4]);
    if (!row[5].is_null()) v.comment = text(row[5]);
    for (const auto& c : json::parse(text(row[6])))
      v.columns.push_back({c.at(0).get<std::string>(), c.at(1).get<std::string>()});
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> deps;
    for (const auto& d : json::parse(text(row[7]))) {
      auto& cols = deps[{d.at(0).get<std::string>(), d.at(1).get<std::string>()}];
      const std::string col = d.at(2).get<std::string>();
      if (!col.empty()) cols.push_back(col);
    }
    for (auto& [rel, cols] : deps) {
      std::sort(cols.begin(), cols.end());
      v.depends_on.push_back({rel.first, rel.second, std::move(cols)});
    }
    catalog::View& slot = cat.schemas[schema].views[name];
    slot = std::move(v);
    by_oid[row[0].as<int64_t>()] = &slot;
  }
  std::string sql = kViewIndexesSql;
  sql.replace(sql.find("%NND%"), 5, q.nulls_not_distinct);
  for (const auto& row : q.run(sql)) {
    auto it = by_oid.find(row[0].as<int64_t>());
    if (it == by_oid.end()) continue;
    catalog::Index ix;
    ix.name = text(row[1]);
    ix.unique = flag(row[2]);
    ix.method = text(row[3]);
    ix.keys = q.index_keys(text(row[4]));
    const auto nkeys = static_cast<size_t>(row[5].as<int>());
    if (ix.keys.size() > nkeys) ix.keys.resize(nkeys);
    for (const auto& n : json::parse(text(row[6]))) ix.include.push_back(n.get<std::string>());
    if (!row[7].is_null()) ix.predicate = text(row[7]);
    ix.nulls_not_distinct = flag(row[8]);
    it->second->indexes.push_back(std::move(ix));
  }
}

}  // namespace reconcile::introspect
