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
            where r.ev_class = c.oid), '[]'),
  coalesce((select json_agg(json_build_array(
                     ic.relname, i.indisunique, am.amname, pg_get_indexdef(i.indexrelid, 0, true),
                     i.indnkeyatts,
                     coalesce((select json_agg(a.attname order by k.o)
                               from unnest(i.indkey::int2[]) with ordinality k(n, o)
                               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n
                               where k.o > i.indnkeyatts), '[]'),
                     pg_get_expr(i.indpred, i.indrelid), coalesce(%NND%, false))
                   order by ic.relname)
            from pg_index i
            join pg_class ic on ic.oid = i.indexrelid
            join pg_am am on am.oid = ic.relam
            where i.indrelid = c.oid), '[]')
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and c.relkind in ('v', 'm')
  and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass
                  and e.objid = c.oid and e.deptype = 'e'))SQL";

std::string text(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.c_str();
}

bool flag(const pqxx::field& f) {
  return !f.is_null() && f.c_str()[0] == 't';
}

}  // namespace

void read_views(const ViewQueries& q, catalog::Catalog& cat) {
  using nlohmann::json;
  std::string sql = kViewsSql;
  sql.replace(sql.find("%NND%"), 5, q.nulls_not_distinct);
  for (const auto& row : q.run(sql)) {
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
    for (const auto& i : json::parse(text(row[8]))) {
      catalog::Index ix;
      ix.name = i.at(0).get<std::string>();
      ix.unique = i.at(1).get<bool>();
      ix.method = i.at(2).get<std::string>();
      ix.keys = q.index_keys(i.at(3).get<std::string>());
      const auto nkeys = i.at(4).get<size_t>();
      if (ix.keys.size() > nkeys) ix.keys.resize(nkeys);
      for (const auto& n : i.at(5)) ix.include.push_back(n.get<std::string>());
      if (!i.at(6).is_null()) ix.predicate = i.at(6).get<std::string>();
      ix.nulls_not_distinct = i.at(7).get<bool>();
      v.indexes.push_back(std::move(ix));
    }
    cat.schemas[schema].views[name] = std::move(v);
  }
}

}  // namespace reconcile::introspect
