// Introspection of a live database into a catalog (see introspect.h).
#include "db/introspect/introspect.h"

#include <fnmatch.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "db/introspect/views.h"
#include "util/error.h"
#include "util/redact.h"
#include "util/strings.h"

namespace reconcile::introspect {
namespace {

using catalog::Catalog;
using catalog::FkAction;

// One statement per object kind; $1 is the text[] of schemas to read.
// Comments are read with scalar subqueries (one index probe per row): as
// joins, stale catalog statistics right after a large migration make the
// planner loop over pg_description for every column.
constexpr const char* kSchemasSql = R"SQL(
select n.nspname,
  (select d.description from pg_description d
   where d.objoid = n.oid and d.classoid = 'pg_namespace'::regclass and d.objsubid = 0)
from pg_namespace n
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_depend e where e.classid = 'pg_namespace'::regclass
                  and e.objid = n.oid and e.deptype = 'e'))SQL";

// Every schema but the system ones (IntrospectOptions::all_schemas).
constexpr const char* kAllSchemasSql = R"SQL(
select nspname from pg_namespace
where nspname <> 'information_schema' and nspname !~ '^pg_')SQL";

constexpr const char* kRelationsSql = R"SQL(
select c.oid::int8, n.nspname, c.relname, c.relkind, c.relispartition,
  (select d.description from pg_description d
   where d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0)
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass
                  and e.objid = c.oid and e.deptype = 'e'))SQL";

// Every column of every table in the schemas (excluded ones too: their
// names resolve the key columns of constraints that refer to them).
// Defaults are deparsed without a relation (`pg_get_expr(adbin, 0)`): a
// default cannot refer to a column, and without the relation the server
// does not open every table once per column. Generated columns do refer to
// columns and are deparsed against their table.
constexpr const char* kColumnsSql = R"SQL(
select a.attrelid::int8, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
  case when a.attidentity = '' and a.attgenerated = '' then pg_get_expr(ad.adbin, 0) end,
  a.attidentity,
  case when a.attgenerated = 's' then pg_get_expr(ad.adbin, ad.adrelid) end,
  case when a.attcollation <> t.typcollation then co.collname end,
  (select d.description from pg_description d
   where d.objoid = a.attrelid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum)
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_collation co on co.oid = a.attcollation
where n.nspname = any($1::text[]) and c.relkind in ('r', 'p')
  and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum)SQL";

// %NND% is replaced by the NULLS NOT DISTINCT column (PostgreSQL 15+) or false.
// Key columns come as attribute numbers, named from the columns read before
// (no subquery per constraint); only a foreign key to a table outside the
// schemas read has its referenced columns named here.
constexpr const char* kConstraintsSql = R"SQL(
select con.conrelid::int8, con.conname, con.contype, con.conkey,
  fn.nspname, fc.relname, con.confkey,
  con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred, con.connoinherit,
  case when con.contype = 'c' then pg_get_expr(con.conbin, con.conrelid) end,
  coalesce(%NND%, false),
  case when con.contype = 'f' and fn.nspname <> all($1::text[]) then
    coalesce((select json_agg(a.attname order by k.o)
              from unnest(con.confkey) with ordinality k(n, o)
              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n), '[]') end,
  con.confrelid::int8
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class fc on fc.oid = con.confrelid
left join pg_namespace fn on fn.oid = fc.relnamespace
left join pg_index i on i.indexrelid = con.conindid and con.contype in ('p', 'u')
where n.nspname = any($1::text[]) and c.relkind in ('r', 'p')
  and con.contype in ('p', 'u', 'f', 'c', 'x'))SQL";

// Indexes that no constraint owns (one hashed anti-join, not a probe per
// index); INCLUDE columns come as attribute numbers, like constraint keys.
constexpr const char* kIndexesSql = R"SQL(
select i.indrelid::int8, ic.relname, i.indisunique, am.amname,
  pg_get_indexdef(i.indexrelid, 0, true), i.indnkeyatts, i.indkey::int2[],
  pg_get_expr(i.indpred, i.indrelid),
  coalesce(%NND%, false)
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_am am on am.oid = ic.relam
where n.nspname = any($1::text[]) and c.relkind in ('r', 'p')
  and i.indexrelid not in (select con.conindid from pg_constraint con
                           where con.contype in ('p', 'u', 'x')))SQL";

constexpr const char* kTypesSql = R"SQL(
select n.nspname, t.typname, t.typtype,
  coalesce((select json_agg(e.enumlabel order by e.enumsortorder)
            from pg_enum e where e.enumtypid = t.oid), '[]'),
  (select d.description from pg_description d
   where d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0)
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
where n.nspname = any($1::text[])
  and (t.typtype in ('e', 'd', 'r')
       or (t.typtype = 'c' and exists (select 1 from pg_class r
                                       where r.oid = t.typrelid and r.relkind = 'c')))
  and not exists (select 1 from pg_depend e where e.classid = 'pg_type'::regclass
                  and e.objid = t.oid and e.deptype = 'e'))SQL";

constexpr const char* kSequencesSql = R"SQL(
select n.nspname, c.relname, format_type(s.seqtypid, null),
  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
  oc.relname, oa.attname
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_depend d
  on d.classid = 'pg_class'::regclass and d.objid = c.oid
 and d.refclassid = 'pg_class'::regclass and d.deptype = 'a'
left join pg_class oc on oc.oid = d.refobjid
left join pg_attribute oa on oa.attrelid = d.refobjid and oa.attnum = d.refobjsubid
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_depend x where x.classid = 'pg_class'::regclass
                  and x.objid = c.oid and x.deptype in ('i', 'e')))SQL";

constexpr const char* kExtensionsSql = R"SQL(
select e.extname, n.nspname
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
where n.nspname = any($1::text[]))SQL";

constexpr const char* kOtherUnmanagedSql = R"SQL(
select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate'
                      when 'w' then 'window function' else 'function' end,
  n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', ''
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where n.nspname = any($1::text[])
  and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass
                  and e.objid = p.oid and e.deptype = 'e')
union all
select 'trigger', n.nspname, c.relname || '.' || t.tgname, c.relname
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and not t.tgisinternal and t.tgparentid = 0
union all
select 'policy', n.nspname, c.relname || '.' || p.polname, c.relname
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[])
union all
select 'rule', n.nspname, c.relname || '.' || r.rulename, c.relname
from pg_rewrite r
join pg_class c on c.oid = r.ev_class
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and r.rulename <> '_RETURN'
  and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass
                  and e.objid = c.oid and e.deptype = 'e'))SQL";

// `{"a","b"}` — a text[] literal.
std::string text_array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

using util::replace_all;

std::optional<std::string> opt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return std::string(f.c_str());
}

std::string text(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.c_str();
}

bool flag(const pqxx::field& f) {
  return !f.is_null() && f.c_str()[0] == 't';
}

std::vector<std::string> json_names(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  for (const auto& v : nlohmann::json::parse(f.c_str())) out.push_back(v.get<std::string>());
  return out;
}

FkAction fk_action(char c) {
  switch (c) {
    case 'r':
      return FkAction::kRestrict;
    case 'c':
      return FkAction::kCascade;
    case 'n':
      return FkAction::kSetNull;
    case 'd':
      return FkAction::kSetDefault;
    default:
      return FkAction::kNoAction;
  }
}

// The numbers of an int2[] in PostgreSQL's text form, `{1,2,3}`, or with
// its bounds when they do not start at 1 (an int2vector cast: `[0:2]={1,2,3}`).
std::vector<int> int_array(const pqxx::field& f) {
  std::vector<int> out;
  if (f.is_null()) return out;
  const char* p = f.c_str();
  if (*p == '[') {
    const char* eq = std::strchr(p, '=');
    p = eq ? eq + 1 : p + std::strlen(p);
  }
  while (*p) {
    if ((*p >= '0' && *p <= '9') || *p == '-') {
      char* end = nullptr;
      out.push_back(static_cast<int>(std::strtol(p, &end, 10)));
      p = end;
    } else {
      ++p;
    }
  }
  return out;
}

struct TableRef {
  std::string schema;
  std::string name;
};

// Column names of the tables read, by table oid and attribute number.
class ColumnNames {
 public:
  void add(int64_t table, int attnum, const std::string& name) {
    auto& v = names_[table];
    if (attnum < 0) return;
    if (static_cast<size_t>(attnum) >= v.size()) v.resize(static_cast<size_t>(attnum) + 1);
    v[static_cast<size_t>(attnum)] = name;
  }
  // The names of `attnums` of `table`; an unknown one (never the case for
  // keys of tables that were read) is left out.
  std::vector<std::string> of(int64_t table, const std::vector<int>& attnums) const {
    std::vector<std::string> out;
    auto it = names_.find(table);
    if (it == names_.end()) return out;
    for (int n : attnums)
      if (n > 0 && static_cast<size_t>(n) < it->second.size() && !it->second[n].empty())
        out.push_back(it->second[n]);
    return out;
  }

 private:
  std::unordered_map<int64_t, std::vector<std::string>> names_;
};

}  // namespace

std::vector<std::string> split_index_columns(const std::string& def) {
  std::vector<std::string> items;
  size_t i = 0;
  bool in_ident = false;
  // The first '(' outside a quoted identifier opens the column list.
  for (; i < def.size(); ++i) {
    char ch = def[i];
    if (ch == '"') in_ident = !in_ident;
    if (!in_ident && ch == '(') break;
  }
  if (i >= def.size()) return items;
  int depth = 0;
  bool in_literal = false;
  std::string cur;
  for (++i; i < def.size(); ++i) {
    char ch = def[i];
    if (in_ident) {
      if (ch == '"') in_ident = false;  // a doubled "" re-enters on the next char
      cur += ch;
      continue;
    }
    if (in_literal) {
      if (ch == '\'') in_literal = false;
      cur += ch;
      continue;
    }
    if (ch == '"') {
      in_ident = true;
    } else if (ch == '\'') {
      in_literal = true;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')') {
      if (depth == 0) break;
      --depth;
    } else if (ch == ',' && depth == 0) {
      items.push_back(cur);
      cur.clear();
      if (i + 1 < def.size() && def[i + 1] == ' ') ++i;
      continue;
    }
    cur += ch;
  }
  if (!cur.empty()) items.push_back(cur);
  return items;
}

bool is_excluded(const std::vector<std::string>& patterns, const std::string& schema,
                 const std::string& name) {
  const std::string full = schema + "." + name;
  for (const auto& p : patterns)
    if (fnmatch(p.c_str(), full.c_str(), 0) == 0 || fnmatch(p.c_str(), name.c_str(), 0) == 0)
      return true;
  return false;
}

namespace {

// The results a helper connection read in the same snapshot (read_catalog()).
struct HelperResults {
  pqxx::result columns, sequences, other;
};

// Reads the catalog over `conn`; with a `helper` connection, the columns,
// sequences and other unmanaged objects are read on it at the same time, in
// the snapshot `conn`'s transaction exports (as pg_dump --jobs does), so the
// result is the same single consistent state read by one connection.
catalog::Catalog read_catalog(pqxx::connection& conn, pqxx::connection* helper,
                              const IntrospectOptions& options, IntrospectStats* stats) {
  const auto started = std::chrono::steady_clock::now();
  IntrospectStats local;
  IntrospectStats& st = stats ? *stats : local;
  st = IntrospectStats{};

  std::vector<std::string> schemas;
  for (const auto& s : options.schemas)
    if (s != "reconcile") schemas.push_back(s);
  std::string schema_param = text_array_literal(schemas);
  const std::string nnd = conn.server_version() >= 150000 ? "i.indnullsnotdistinct" : "null::bool";
  const auto& excl = options.exclude;

  Catalog cat;
  try {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(
        conn, "introspect");
    std::map<const char*, pqxx::result> fetched;  // by query, read ahead
    auto run = [&](const char* sql) {
      if (auto it = fetched.find(sql); it != fetched.end()) return it->second;
      ++st.queries;
      return tx.exec_params(sql == kConstraintsSql || sql == kIndexesSql
                                ? replace_all(sql, "%NND%", nnd)
                                : std::string(sql),
                            schema_param);
    };
    ++st.queries;
    std::string snapshot;
    if (helper) {
      snapshot =
          text(tx.exec1("SET LOCAL search_path = pg_catalog; SELECT pg_export_snapshot()")[0]);
    } else {
      tx.exec0("SET LOCAL search_path = pg_catalog");
    }
    if (options.all_schemas) {
      ++st.queries;
      schemas.clear();
      for (const auto& row : tx.exec(kAllSchemasSql))
        if (text(row[0]) != "reconcile") schemas.push_back(text(row[0]));
      schema_param = text_array_literal(schemas);
    }
    if (helper) {
      st.queries += 4;
      auto side = std::async(std::launch::async, [helper, snapshot, schema_param] {
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
            htx(*helper, "introspect-helper");
        htx.exec0("SET TRANSACTION SNAPSHOT " + htx.quote(snapshot) +
                  "; SET LOCAL search_path = pg_catalog");
        HelperResults r;
        r.columns = htx.exec_params(kColumnsSql, schema_param);
        r.sequences = htx.exec_params(kSequencesSql, schema_param);
        r.other = htx.exec_params(kOtherUnmanagedSql, schema_param);
        htx.commit();
        return r;
      });
      std::exception_ptr failed;
      try {
        for (const char* sql :
             {kSchemasSql, kRelationsSql, kConstraintsSql, kIndexesSql, kTypesSql, kExtensionsSql})
          fetched[sql] = run(sql);
      } catch (...) {
        failed = std::current_exception();
      }
      HelperResults r = side.get();  // waits; rethrows the helper's error
      if (failed) std::rethrow_exception(failed);
      fetched[kColumnsSql] = std::move(r.columns);
      fetched[kSequencesSql] = std::move(r.sequences);
      fetched[kOtherUnmanagedSql] = std::move(r.other);
    }

    for (const auto& row : run(kSchemasSql)) {
      catalog::Schema s;
      s.name = text(row[0]);
      s.comment = opt(row[1]);
      if (s.name == "public" && s.comment == kDefaultPublicSchemaComment) s.comment.reset();
      cat.schemas[s.name] = std::move(s);
    }
    auto add_unmanaged = [&](std::string kind, const std::string& schema, const std::string& name,
                             const std::string& parent_table = "") {
      if (is_excluded(excl, schema, name)) return;
      if (!parent_table.empty() && is_excluded(excl, schema, parent_table)) return;
      cat.unmanaged.push_back(catalog::UnmanagedObject{std::move(kind), schema, name});
    };

    // Tables by oid; only managed tables (not excluded, not partitions).
    std::map<int64_t, TableRef> tables;
    for (const auto& row : run(kRelationsSql)) {
      const std::string schema = text(row[1]), name = text(row[2]);
      const char kind = row[3].c_str()[0];
      if (kind == 'v' || kind == 'm') {
        continue;  // read_views
      } else if (kind == 'f') {
        add_unmanaged("foreign table", schema, name);
      } else if (flag(row[4])) {
        add_unmanaged("partition", schema, name);
      } else if (!is_excluded(excl, schema, name)) {
        catalog::Table t;
        t.name = name;
        t.comment = opt(row[5]);
        cat.schemas[schema].tables[name] = std::move(t);
        tables[row[0].as<int64_t>()] = TableRef{schema, name};
      }
    }
    auto table_of = [&](const pqxx::field& oid) -> catalog::Table* {
      auto it = tables.find(oid.as<int64_t>());
      if (it == tables.end()) return nullptr;
      return &cat.schemas[it->second.schema].tables[it->second.name];
    };

    ColumnNames names;
    for (const auto& row : run(kColumnsSql)) {
      const int64_t oid = row[0].as<int64_t>();
      names.add(oid, row[1].as<int>(), text(row[2]));
      catalog::Table* t = table_of(row[0]);
      if (!t) continue;
      catalog::Column c;
      c.name = text(row[2]);
      c.type = text(row[3]);
      c.not_null = flag(row[4]);
      c.default_expr = opt(row[5]);
      const std::string identity = text(row[6]);
      c.identity = identity == "a"   ? catalog::Identity::kAlways
                   : identity == "d" ? catalog::Identity::kByDefault
                                     : catalog::Identity::kNone;
      c.generated = opt(row[7]);
      c.collation = opt(row[8]);
      c.comment = opt(row[9]);
      t->columns.push_back(std::move(c));
      ++st.columns;
    }

    for (const auto& row : run(kConstraintsSql)) {
      catalog::Table* t = table_of(row[0]);
      if (!t) continue;
      const std::string name = text(row[1]);
      const char type = row[2].c_str()[0];
      auto cols = names.of(row[0].as<int64_t>(), int_array(row[3]));
      switch (type) {
        case 'p':
          t->primary_key = catalog::PrimaryKey{name, std::move(cols)};
          break;
        case 'u': {
          catalog::UniqueConstraint u;
          u.name = name;
          u.columns = std::move(cols);
          u.deferrable = flag(row[9]);
          u.initially_deferred = flag(row[10]);
          u.nulls_not_distinct = flag(row[13]);
          t->uniques.push_back(std::move(u));
          break;
        }
        case 'f': {
          catalog::ForeignKey fk;
          fk.name = name;
          fk.columns = std::move(cols);
          fk.ref_schema = text(row[4]);
          fk.ref_table = text(row[5]);
          // Named by the server only when the table is outside the schemas read.
          fk.ref_columns = row[14].is_null() ? names.of(row[15].as<int64_t>(), int_array(row[6]))
                                             : json_names(row[14]);
          fk.on_delete = fk_action(row[7].c_str()[0]);
          fk.on_update = fk_action(row[8].c_str()[0]);
          fk.deferrable = flag(row[9]);
          fk.initially_deferred = flag(row[10]);
          t->foreign_keys.push_back(std::move(fk));
          break;
        }
        case 'c':
          t->checks.push_back(catalog::CheckConstraint{name, text(row[12]), flag(row[11])});
          break;
        default: {
          auto ref = tables.at(row[0].as<int64_t>());
          add_unmanaged("exclusion constraint", ref.schema, ref.name + "." + name, ref.name);
        }
      }
    }

    for (const auto& row : run(kIndexesSql)) {
      catalog::Table* t = table_of(row[0]);
      if (!t) continue;
      catalog::Index ix;
      ix.name = text(row[1]);
      ix.unique = flag(row[2]);
      ix.method = text(row[3]);
      ix.keys = split_index_columns(text(row[4]));
      const auto nkeys = static_cast<size_t>(row[5].as<int>());
      if (ix.keys.size() > nkeys) ix.keys.resize(nkeys);
      const std::vector<int> indkey = int_array(row[6]);
      if (indkey.size() > nkeys)
        ix.include =
            names.of(row[0].as<int64_t>(),
                     std::vector<int>(indkey.begin() + static_cast<long>(nkeys), indkey.end()));
      ix.predicate = opt(row[7]);
      ix.nulls_not_distinct = flag(row[8]);
      t->indexes.push_back(std::move(ix));
    }

    for (const auto& row : run(kTypesSql)) {
      const std::string schema = text(row[0]), name = text(row[1]);
      const char kind = row[2].c_str()[0];
      if (kind == 'e') {
        if (is_excluded(excl, schema, name)) continue;
        catalog::EnumType e{name, json_names(row[3]), opt(row[4])};
        cat.schemas[schema].enums[name] = std::move(e);
      } else {
        add_unmanaged(kind == 'd'   ? "domain"
                      : kind == 'r' ? "range type"
                                    : "composite type",
                      schema, name);
      }
    }

    for (const auto& row : run(kSequencesSql)) {
      const std::string schema = text(row[0]), name = text(row[1]);
      if (is_excluded(excl, schema, name)) continue;
      catalog::Sequence s;
      s.name = name;
      s.type = text(row[2]);
      s.start = row[3].as<int64_t>();
      s.increment = row[4].as<int64_t>();
      s.min_value = row[5].as<int64_t>();
      s.max_value = row[6].as<int64_t>();
      s.cache = row[7].as<int64_t>();
      s.cycle = flag(row[8]);
      s.owned_by_table = opt(row[9]);
      s.owned_by_column = opt(row[10]);
      cat.schemas[schema].sequences[name] = std::move(s);
    }

    for (const auto& row : run(kExtensionsSql)) {
      catalog::Extension e{text(row[0]), text(row[1])};
      cat.extensions[e.name] = std::move(e);
    }

    read_views(ViewQueries{[&](const std::string& sql) {
                             ++st.queries;
                             return tx.exec_params(sql, schema_param);
                           },
                           [&](const std::string& schema, const std::string& name) {
                             return is_excluded(excl, schema, name);
                           },
                           split_index_columns, nnd},
               cat);

    for (const auto& row : run(kOtherUnmanagedSql))
      add_unmanaged(text(row[0]), text(row[1]), text(row[2]), text(row[3]));

    st.tables = tables.size();
    tx.commit();
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError(std::string("introspection failed: ") + e.what(),
                        "check that the role can read pg_catalog of this database");
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError(std::string("lost the database connection during introspection: ") +
                        util::redact_url(e.what()));
  }

  cat.normalize();
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return cat;
}

}  // namespace

catalog::Catalog introspect(pqxx::connection& conn, const IntrospectOptions& options,
                            IntrospectStats* stats) {
  return read_catalog(conn, nullptr, options, stats);
}

void restrict_to_schemas(catalog::Catalog& c, const std::vector<std::string>& schemas) {
  const std::set<std::string> keep(schemas.begin(), schemas.end());
  for (auto it = c.schemas.begin(); it != c.schemas.end();)
    it = keep.count(it->first) ? std::next(it) : c.schemas.erase(it);
  for (auto it = c.extensions.begin(); it != c.extensions.end();)
    it = keep.count(it->second.schema) ? std::next(it) : c.extensions.erase(it);
  std::erase_if(c.unmanaged,
                [&](const catalog::UnmanagedObject& u) { return !keep.count(u.schema); });
}

catalog::Catalog introspect_url(const std::string& url, const IntrospectOptions& options,
                                IntrospectStats* stats) {
  util::check_connection_string(url);
  // A second connection, opened at the same time, reads half of the catalog
  // in the same snapshot; without it (a server at its connection limit, say)
  // one connection reads everything.
  auto opening =
      std::async(std::launch::async, [url, &options]() -> std::unique_ptr<pqxx::connection> {
        if (options.one_connection) return nullptr;
        try {
          return std::make_unique<pqxx::connection>(url);
        } catch (const std::exception&) {
          return nullptr;
        }
      });
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    opening.wait();
    throw DatabaseError(
        "cannot connect to " + util::redact_url(url) + ": " + util::redact_url(e.what()),
        "check the database URL and that the server is running");
  }
  std::unique_ptr<pqxx::connection> helper = opening.get();
  return read_catalog(*conn, helper.get(), options, stats);
}

}  // namespace reconcile::introspect
