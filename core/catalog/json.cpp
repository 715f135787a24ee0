// JSON form and content hash of a catalog (see json.h).
#include "core/catalog/json.h"

#include <array>
#include <cstdio>

#include "util/digest.h"
#include "util/error.h"

namespace reconcile::catalog {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what) {
  throw InputError(
      "catalog JSON: " + what, {},
      "the document must have the layout written by `reconcile inspect --format json`");
}

const json& field(const json& j, const char* key) {
  if (!j.is_object()) bad(std::string("expected an object holding \"") + key + "\"");
  auto it = j.find(key);
  if (it == j.end()) bad(std::string("missing field \"") + key + "\"");
  return *it;
}

std::string str(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_string()) bad(std::string("field \"") + key + "\" must be a string");
  return v.get<std::string>();
}

bool boolean(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_boolean()) bad(std::string("field \"") + key + "\" must be true or false");
  return v.get<bool>();
}

int64_t integer(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_number_integer()) bad(std::string("field \"") + key + "\" must be an integer");
  return v.get<int64_t>();
}

std::vector<std::string> strings(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_array()) bad(std::string("field \"") + key + "\" must be an array");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) bad(std::string("field \"") + key + "\" must hold strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

const json& array(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_array()) bad(std::string("field \"") + key + "\" must be an array");
  return v;
}

std::optional<std::string> opt_str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(std::string("field \"") + key + "\" must be a string");
  return it->get<std::string>();
}

void put_opt(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}

// The JSON name of an enumerator (the enum's table in catalog.h), and back.
template <class E>
std::string name_of(E value) {
  return std::string(util::enum_name(value));
}

template <class E>
E from_name(const std::string& s, const char* what) {
  if (auto v = util::enum_from_name<E>(s)) return *v;
  bad(std::string("unknown ") + what + " \"" + s + "\"");
}

json column_json(const Column& c) {
  json j = {{"name", c.name},
            {"type", c.type},
            {"not_null", c.not_null},
            {"identity", name_of(c.identity)}};
  put_opt(j, "default", c.default_expr);
  put_opt(j, "generated", c.generated);
  put_opt(j, "collation", c.collation);
  put_opt(j, "comment", c.comment);
  return j;
}

Column column_from(const json& j) {
  Column c;
  c.name = str(j, "name");
  c.type = str(j, "type");
  c.not_null = boolean(j, "not_null");
  c.identity = from_name<Identity>(str(j, "identity"), "identity");
  c.default_expr = opt_str(j, "default");
  c.generated = opt_str(j, "generated");
  c.collation = opt_str(j, "collation");
  c.comment = opt_str(j, "comment");
  return c;
}

json index_json(const Index& ix) {
  json i = {{"name", ix.name},       {"unique", ix.unique},
            {"method", ix.method},   {"keys", ix.keys},
            {"include", ix.include}, {"nulls_not_distinct", ix.nulls_not_distinct}};
  put_opt(i, "predicate", ix.predicate);
  return i;
}

Index index_from(const json& i) {
  Index ix;
  ix.name = str(i, "name");
  ix.unique = boolean(i, "unique");
  ix.method = str(i, "method");
  ix.keys = strings(i, "keys");
  ix.include = strings(i, "include");
  ix.predicate = opt_str(i, "predicate");
  ix.nulls_not_distinct = boolean(i, "nulls_not_distinct");
  return ix;
}

json table_json(const Table& t) {
  json j = {{"name", t.name}};
  put_opt(j, "comment", t.comment);
  j["columns"] = json::array();
  for (const auto& c : t.columns) j["columns"].push_back(column_json(c));
  if (t.primary_key)
    j["primary_key"] = {{"name", t.primary_key->name}, {"columns", t.primary_key->columns}};
  j["foreign_keys"] = json::array();
  for (const auto& fk : t.foreign_keys)
    j["foreign_keys"].push_back({{"name", fk.name},
                                 {"columns", fk.columns},
                                 {"ref_schema", fk.ref_schema},
                                 {"ref_table", fk.ref_table},
                                 {"ref_columns", fk.ref_columns},
                                 {"on_delete", name_of(fk.on_delete)},
                                 {"on_update", name_of(fk.on_update)},
                                 {"deferrable", fk.deferrable},
                                 {"initially_deferred", fk.initially_deferred}});
  j["uniques"] = json::array();
  for (const auto& u : t.uniques)
    j["uniques"].push_back({{"name", u.name},
                            {"columns", u.columns},
                            {"nulls_not_distinct", u.nulls_not_distinct},
                            {"deferrable", u.deferrable},
                            {"initially_deferred", u.initially_deferred}});
  j["checks"] = json::array();
  for (const auto& c : t.checks)
    j["checks"].push_back(
        {{"name", c.name}, {"expression", c.expression}, {"no_inherit", c.no_inherit}});
  j["indexes"] = json::array();
  for (const auto& ix : t.indexes) j["indexes"].push_back(index_json(ix));
  return j;
}

Table table_from(const json& j) {
  Table t;
  t.name = str(j, "name");
  t.comment = opt_str(j, "comment");
  for (const auto& c : array(j, "columns")) t.columns.push_back(column_from(c));
  if (auto it = j.find("primary_key"); it != j.end() && !it->is_null())
    t.primary_key = PrimaryKey{str(*it, "name"), strings(*it, "columns")};
  for (const auto& f : array(j, "foreign_keys")) {
    ForeignKey fk;
    fk.name = str(f, "name");
    fk.columns = strings(f, "columns");
    fk.ref_schema = str(f, "ref_schema");
    fk.ref_table = str(f, "ref_table");
    fk.ref_columns = strings(f, "ref_columns");
    fk.on_delete = from_name<FkAction>(str(f, "on_delete"), "foreign key action");
    fk.on_update = from_name<FkAction>(str(f, "on_update"), "foreign key action");
    fk.deferrable = boolean(f, "deferrable");
    fk.initially_deferred = boolean(f, "initially_deferred");
    t.foreign_keys.push_back(std::move(fk));
  }
  for (const auto& u : array(j, "uniques")) {
    UniqueConstraint uc;
    uc.name = str(u, "name");
    uc.columns = strings(u, "columns");
    uc.nulls_not_distinct = boolean(u, "nulls_not_distinct");
    uc.deferrable = boolean(u, "deferrable");
    uc.initially_deferred = boolean(u, "initially_deferred");
    t.uniques.push_back(std::move(uc));
  }
  for (const auto& c : array(j, "checks"))
    t.checks.push_back(
        CheckConstraint{str(c, "name"), str(c, "expression"), boolean(c, "no_inherit")});
  for (const auto& i : array(j, "indexes")) t.indexes.push_back(index_from(i));
  return t;
}

json where_json(const SourceLocation& w) {
  return {{"file", w.file}, {"line", w.line}, {"column", w.column}};
}

SourceLocation where_from(const json& j) {
  return SourceLocation{str(j, "file"), static_cast<int>(integer(j, "line")),
                        static_cast<int>(integer(j, "column"))};
}

// `full`: also what takes no part in equality (query, with_no_data,
// depends_on, documented columns, where).
json view_json(const View& v, bool full) {
  json j = {{"name", v.name}, {"materialized", v.materialized}, {"definition", v.definition}};
  put_opt(j, "comment", v.comment);
  j["columns"] = json::array();
  for (const auto& c : v.columns) j["columns"].push_back({{"name", c.name}, {"type", c.type}});
  j["indexes"] = json::array();
  for (const auto& ix : v.indexes) j["indexes"].push_back(index_json(ix));
  if (!full) return j;
  j["query"] = v.query;
  j["with_no_data"] = v.with_no_data;
  j["where"] = where_json(v.where);
  j["depends_on"] = json::array();
  for (const auto& d : v.depends_on)
    j["depends_on"].push_back(
        {{"schema", d.schema}, {"relation", d.relation}, {"columns", d.columns}});
  j["documented"] = json::array();
  for (const auto& d : v.documented) {
    json dj = {{"name", d.name}, {"where", where_json(d.where)}};
    put_opt(dj, "type", d.type);
    j["documented"].push_back(std::move(dj));
  }
  return j;
}

View view_from(const json& j) {
  View v;
  v.name = str(j, "name");
  v.materialized = boolean(j, "materialized");
  v.definition = str(j, "definition");
  v.comment = opt_str(j, "comment");
  for (const auto& c : array(j, "columns")) v.columns.push_back({str(c, "name"), str(c, "type")});
  for (const auto& i : array(j, "indexes")) v.indexes.push_back(index_from(i));
  if (j.contains("query")) v.query = str(j, "query");
  if (j.contains("with_no_data")) v.with_no_data = boolean(j, "with_no_data");
  if (j.contains("where")) v.where = where_from(j["where"]);
  if (j.contains("depends_on"))
    for (const auto& d : array(j, "depends_on"))
      v.depends_on.push_back({str(d, "schema"), str(d, "relation"), strings(d, "columns")});
  if (j.contains("documented"))
    for (const auto& d : array(j, "documented"))
      v.documented.push_back({str(d, "name"), opt_str(d, "type"), where_from(d["where"])});
  return v;
}

json schema_json(const Schema& s, bool full) {
  json j = {{"name", s.name}};
  put_opt(j, "comment", s.comment);
  j["enums"] = json::array();
  for (const auto& [_, e] : s.enums) {
    json ej = {{"name", e.name}, {"values", e.values}};
    put_opt(ej, "comment", e.comment);
    j["enums"].push_back(std::move(ej));
  }
  j["sequences"] = json::array();
  for (const auto& [_, q] : s.sequences) {
    json qj = {{"name", q.name},           {"type", q.type},           {"start", q.start},
               {"increment", q.increment}, {"min_value", q.min_value}, {"max_value", q.max_value},
               {"cache", q.cache},         {"cycle", q.cycle}};
    put_opt(qj, "owned_by_table", q.owned_by_table);
    put_opt(qj, "owned_by_column", q.owned_by_column);
    j["sequences"].push_back(std::move(qj));
  }
  j["tables"] = json::array();
  for (const auto& [_, t] : s.tables) j["tables"].push_back(table_json(t));
  // Only when there are views, so that catalogs without views keep the
  // content hash they always had.
  if (!s.views.empty()) {
    j["views"] = json::array();
    for (const auto& [_, v] : s.views) j["views"].push_back(view_json(v, full));
  }
  return j;
}

Schema schema_from(const json& j) {
  Schema s;
  s.name = str(j, "name");
  s.comment = opt_str(j, "comment");
  for (const auto& e : array(j, "enums")) {
    EnumType et{str(e, "name"), strings(e, "values"), opt_str(e, "comment")};
    s.enums[et.name] = std::move(et);
  }
  for (const auto& q : array(j, "sequences")) {
    Sequence seq;
    seq.name = str(q, "name");
    seq.type = str(q, "type");
    seq.start = integer(q, "start");
    seq.increment = integer(q, "increment");
    seq.min_value = integer(q, "min_value");
    seq.max_value = integer(q, "max_value");
    seq.cache = integer(q, "cache");
    seq.cycle = boolean(q, "cycle");
    seq.owned_by_table = opt_str(q, "owned_by_table");
    seq.owned_by_column = opt_str(q, "owned_by_column");
    s.sequences[seq.name] = std::move(seq);
  }
  for (const auto& t : array(j, "tables")) {
    Table table = table_from(t);
    s.tables[table.name] = std::move(table);
  }
  if (j.contains("views"))
    for (const auto& v : array(j, "views")) {
      View view = view_from(v);
      s.views[view.name] = std::move(view);
    }
  return s;
}

json managed_json(const Catalog& c, bool full) {
  json j = json::object();
  j["extensions"] = json::array();
  for (const auto& [_, e] : c.extensions)
    j["extensions"].push_back({{"name", e.name}, {"schema", e.schema}});
  j["schemas"] = json::array();
  for (const auto& [_, s] : c.schemas) j["schemas"].push_back(schema_json(s, full));
  return j;
}

}  // namespace

nlohmann::json to_json(const Catalog& c) {
  json j = managed_json(c, true);
  j["unmanaged"] = json::array();
  for (const auto& u : c.unmanaged)
    j["unmanaged"].push_back({{"kind", u.kind}, {"schema", u.schema}, {"name", u.name}});
  j["renames"] = json::array();
  for (const auto& r : c.renames)
    j["renames"].push_back({{"kind", name_of(r.kind)},
                            {"schema", r.schema},
                            {"parent", r.parent},
                            {"from", r.from},
                            {"to", r.to}});
  return j;
}

Catalog catalog_from_json(const nlohmann::json& j) {
  Catalog c;
  for (const auto& e : array(j, "extensions")) {
    Extension ext{str(e, "name"), str(e, "schema")};
    c.extensions[ext.name] = std::move(ext);
  }
  for (const auto& s : array(j, "schemas")) {
    Schema schema = schema_from(s);
    c.schemas[schema.name] = std::move(schema);
  }
  if (j.contains("unmanaged"))
    for (const auto& u : array(j, "unmanaged"))
      c.unmanaged.push_back(UnmanagedObject{str(u, "kind"), str(u, "schema"), str(u, "name")});
  if (j.contains("renames"))
    for (const auto& r : array(j, "renames"))
      c.renames.push_back(RenameHint{from_name<RenameHint::Kind>(str(r, "kind"), "rename kind"),
                                     str(r, "schema"), str(r, "parent"), str(r, "from"),
                                     str(r, "to")});
  return c;
}

std::string to_json_string(const Catalog& c, int indent) {
  return to_json(c).dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string canonical_json(const Catalog& c) {
  return managed_json(c, false).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string content_hash(const Catalog& c) {
  return "sha256:" + sha256_hex(canonical_json(c));
}

void to_json(nlohmann::json& j, const Catalog& c) {
  j = to_json(c);
}
void from_json(const nlohmann::json& j, Catalog& c) {
  c = catalog_from_json(j);
}

}  // namespace reconcile::catalog
