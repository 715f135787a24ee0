#include "catalog_gen.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/catalog/names.h"

namespace reconcile::testing {

using catalog::FkAction;
using catalog::Identity;
using catalog::qualified;
using catalog::quote_ident;
using catalog::quote_literal;

namespace {

enum class Ty {
  kInt,
  kBigint,
  kSmallint,
  kNumeric,
  kVarchar,
  kText,
  kBool,
  kTstz,
  kDate,
  kUuid,
  kJsonb,
  kDouble,
  kTextArr,
  kEnum,
  kEnumArr,
};
constexpr int kTyCount = 15;

struct GColumn {
  std::string name;
  Ty ty = Ty::kInt;
  int a = 0, b = 0;       // varchar length; numeric precision, scale
  std::string enum_name;  // kEnum / kEnumArr (same schema)
  bool not_null = false;
  bool has_default = false;
  std::string default_value;  // enum defaults: the value
  std::string seq;            // default nextval(seq)
  Identity identity = Identity::kNone;
  std::string gen_source;  // GENERATED ALWAYS AS (src * 2) STORED
  std::optional<std::string> comment;
};

struct GUnique {
  std::string name;
  std::vector<std::string> cols;
  bool nnd = false;
};
struct GCheck {
  std::string name;
  std::string col;
};
// kind 0: plain columns (desc on the first), 1: lower(col), 2: col WHERE col IS NOT NULL
struct GIndex {
  std::string name;
  int kind = 0;
  std::vector<std::string> cols;
  bool desc = false;
  bool unique = false;
};
struct GFk {
  std::string name;
  std::vector<std::string> cols;
  std::string ref_schema, ref_table;
  std::vector<std::string> ref_cols;
  FkAction del = FkAction::kNoAction, upd = FkAction::kNoAction;
  bool deferrable = false, initially_deferred = false;
};
struct GTable {
  std::string name;
  std::vector<GColumn> cols;
  std::optional<std::pair<std::string, std::vector<std::string>>> pk;
  std::vector<GUnique> uniques;
  std::vector<GCheck> checks;
  std::vector<GIndex> indexes;
  std::vector<GFk> fks;
  std::optional<std::string> comment;

  GColumn* col(const std::string& n) {
    for (GColumn& c : cols)
      if (c.name == n) return &c;
    return nullptr;
  }
  const GColumn* col(const std::string& n) const {
    for (const GColumn& c : cols)
      if (c.name == n) return &c;
    return nullptr;
  }
};
struct GSchema {
  std::string name;
  std::map<std::string, GTable> tables;
  std::map<std::string, catalog::EnumType> enums;
  std::map<std::string, catalog::Sequence> seqs;
  std::optional<std::string> comment;
};

const char* kSchemaA = "app";
const char* kSchemaB = "Other Schema";

}  // namespace

struct GenModel {
  std::map<std::string, GSchema> schemas;
  std::set<std::string> used;  // every name ever handed out
  int counter = 0;
  std::set<std::string> fresh;  // objects created or renamed in the current edit
  std::vector<catalog::RenameHint> hints;
};

namespace {

std::string type_sql(const std::string& schema, const GColumn& c) {
  switch (c.ty) {
    case Ty::kInt:
      return "integer";
    case Ty::kBigint:
      return "bigint";
    case Ty::kSmallint:
      return "smallint";
    case Ty::kNumeric:
      return "numeric(" + std::to_string(c.a) + "," + std::to_string(c.b) + ")";
    case Ty::kVarchar:
      return "character varying(" + std::to_string(c.a) + ")";
    case Ty::kText:
      return "text";
    case Ty::kBool:
      return "boolean";
    case Ty::kTstz:
      return "timestamp with time zone";
    case Ty::kDate:
      return "date";
    case Ty::kUuid:
      return "uuid";
    case Ty::kJsonb:
      return "jsonb";
    case Ty::kDouble:
      return "double precision";
    case Ty::kTextArr:
      return "text[]";
    case Ty::kEnum:
      return qualified(schema, c.enum_name);
    case Ty::kEnumArr:
      return qualified(schema, c.enum_name) + "[]";
  }
  return "integer";
}

std::optional<std::string> default_sql(const std::string& schema, const GColumn& c) {
  if (!c.seq.empty()) return "nextval(" + quote_literal(qualified(schema, c.seq)) + "::regclass)";
  if (!c.has_default) return std::nullopt;
  switch (c.ty) {
    case Ty::kInt:
    case Ty::kBigint:
    case Ty::kNumeric:
      return "0";
    case Ty::kVarchar:
      return "'x'::character varying";
    case Ty::kText:
      return "'it''s'::text";
    case Ty::kBool:
      return "false";
    case Ty::kTstz:
      return "now()";
    case Ty::kUuid:
      return "gen_random_uuid()";
    case Ty::kJsonb:
      return "'{}'::jsonb";
    case Ty::kDouble:
      return "1.5";
    case Ty::kTextArr:
      return "'{}'::text[]";
    case Ty::kEnum:
      return quote_literal(c.default_value) + "::" + qualified(schema, c.enum_name);
    case Ty::kSmallint:
    case Ty::kDate:
    case Ty::kEnumArr:
      break;
  }
  return std::nullopt;
}

bool can_default(Ty t) {
  return t != Ty::kSmallint && t != Ty::kDate && t != Ty::kEnumArr;
}

std::string check_sql(const GColumn& c) {
  const std::string q = quote_ident(c.name);
  switch (c.ty) {
    case Ty::kNumeric:
      return "(" + q + " > (0)::numeric)";
    case Ty::kText:
      return "(length(" + q + ") > 0)";
    case Ty::kInt:
    case Ty::kBigint:
    case Ty::kSmallint:
    case Ty::kVarchar:
    case Ty::kBool:
    case Ty::kTstz:
    case Ty::kDate:
    case Ty::kUuid:
    case Ty::kJsonb:
    case Ty::kDouble:
    case Ty::kTextArr:
    case Ty::kEnum:
    case Ty::kEnumArr:
      break;
  }
  return "(" + q + " > 0)";
}
bool can_check(Ty t) {
  return t == Ty::kInt || t == Ty::kBigint || t == Ty::kNumeric || t == Ty::kText;
}

catalog::Catalog render(const GenModel& m) {
  catalog::Catalog c;
  for (const auto& [sn, gs] : m.schemas) {
    catalog::Schema& s = c.schemas[sn];
    s.name = sn;
    s.comment = gs.comment;
    s.enums = gs.enums;
    s.sequences = gs.seqs;
    for (const auto& [tn, gt] : gs.tables) {
      catalog::Table& t = s.tables[tn];
      t.name = tn;
      t.comment = gt.comment;
      for (const GColumn& gc : gt.cols) {
        catalog::Column col;
        col.name = gc.name;
        col.type = type_sql(sn, gc);
        col.not_null = gc.not_null;
        col.identity = gc.identity;
        if (gc.identity == Identity::kNone && gc.gen_source.empty())
          col.default_expr = default_sql(sn, gc);
        if (!gc.gen_source.empty()) col.generated = "(" + quote_ident(gc.gen_source) + " * 2)";
        col.comment = gc.comment;
        t.columns.push_back(std::move(col));
      }
      if (gt.pk) t.primary_key = catalog::PrimaryKey{gt.pk->first, gt.pk->second};
      for (const GUnique& u : gt.uniques)
        t.uniques.push_back(catalog::UniqueConstraint{u.name, u.cols, u.nnd, false, false});
      for (const GCheck& k : gt.checks) {
        t.checks.push_back(catalog::CheckConstraint{k.name, check_sql(*gt.col(k.col)), false});
      }
      for (const GIndex& gi : gt.indexes) {
        catalog::Index ix;
        ix.name = gi.name;
        ix.unique = gi.unique;
        if (gi.kind == 1) {
          ix.keys = {"lower(" + quote_ident(gi.cols[0]) + ")"};
        } else {
          for (size_t i = 0; i < gi.cols.size(); ++i)
            ix.keys.push_back(quote_ident(gi.cols[i]) + (i == 0 && gi.desc ? " DESC" : ""));
        }
        if (gi.kind == 2) ix.predicate = "(" + quote_ident(gi.cols[0]) + " IS NOT NULL)";
        t.indexes.push_back(std::move(ix));
      }
      for (const GFk& f : gt.fks) {
        catalog::ForeignKey fk;
        fk.name = f.name;
        fk.columns = f.cols;
        fk.ref_schema = f.ref_schema;
        fk.ref_table = f.ref_table;
        fk.ref_columns = f.ref_cols;
        fk.on_delete = f.del;
        fk.on_update = f.upd;
        fk.deferrable = f.deferrable;
        fk.initially_deferred = f.initially_deferred;
        t.foreign_keys.push_back(std::move(fk));
      }
    }
  }
  c.renames = m.hints;
  c.normalize();
  return c;
}

class Ops {
 public:
  Ops(GenModel& m, std::mt19937_64& rng, const GenOptions& o) : m_(m), rng_(rng), opt_(o) {}

  int pick(int n) { return n <= 0 ? 0 : static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  template <class T>
  T& any(std::vector<T>& v) {
    return v[static_cast<size_t>(pick(static_cast<int>(v.size())))];
  }

  // A name never used before; sometimes hostile.
  std::string fresh(const std::string& prefix) {
    for (;;) {
      const std::string n = std::to_string(++m_.counter);
      std::string name = prefix + n;
      if (opt_.hostile_names && chance(25)) {
        switch (pick(6)) {
          case 0:
            name = "Mixed Case " + n;
            break;
          case 1: {
            static const char* words[] = {"select", "order", "user",  "table",   "group",
                                          "from",   "check", "limit", "default", "primary"};
            name = std::string(words[pick(10)]) + (chance(50) ? "" : n);
            break;
          }
          case 2:
            name = "quo\"te'" + n;
            break;
          case 3:
            name = "UPPER_" + n;
            break;
          case 4: {
            name = prefix + "long_" + n + "_";
            while (name.size() < catalog::kMaxIdentifierBytes) name += 'z';
            break;
          }
          case 5:
            name =
                "\xc3\xbc"
                "n\xc3\xaf"
                "c\xc3\xb6" +
                n;
            break;
        }
      }
      if (m_.used.insert(name).second) return name;
    }
  }
  // PostgreSQL's default name when still free, otherwise a fresh one.
  std::string constraint_name(const std::string& dflt) {
    if (m_.used.insert(dflt).second) return dflt;
    return fresh("c_");
  }

  GSchema& schema() {
    if (opt_.second_schema && m_.schemas.count(kSchemaB) && chance(30)) return m_.schemas[kSchemaB];
    return m_.schemas[kSchemaA];
  }
  std::vector<GTable*> tables(GSchema& s) {
    std::vector<GTable*> v;
    for (auto& [n, t] : s.tables) v.push_back(&t);
    return v;
  }

  // ------------------------------------------------------------ columns
  GColumn new_column(GSchema& s, bool allow_special = true) {
    GColumn c;
    c.name = fresh("c_");
    c.ty = static_cast<Ty>(pick(kTyCount));
    if ((c.ty == Ty::kEnum || c.ty == Ty::kEnumArr) && s.enums.empty()) c.ty = Ty::kText;
    if (c.ty == Ty::kEnum || c.ty == Ty::kEnumArr) {
      std::vector<std::string> names;
      for (auto& [n, e] : s.enums) names.push_back(n);
      c.enum_name = any(names);
    }
    if (c.ty == Ty::kVarchar) c.a = 10 + pick(5) * 10;
    if (c.ty == Ty::kNumeric) {
      c.a = 8 + pick(6);
      c.b = pick(4);
    }
    c.not_null = chance(25);
    if (can_default(c.ty) && chance(35)) {
      c.has_default = true;
      if (c.ty == Ty::kEnum) {
        const auto& vals = s.enums.at(c.enum_name).values;
        if (vals.empty())
          c.has_default = false;
        else
          c.default_value = vals[static_cast<size_t>(pick(static_cast<int>(vals.size())))];
      }
    }
    if (allow_special && c.ty == Ty::kBigint && chance(20)) {
      if (!s.seqs.empty() && chance(50)) {
        std::vector<std::string> names;
        for (auto& [n, q] : s.seqs) names.push_back(n);
        c.seq = any(names);
        c.has_default = false;
      } else {
        c.identity = chance(50) ? Identity::kAlways : Identity::kByDefault;
        c.not_null = true;
        c.has_default = false;
      }
    }
    if (chance(10)) c.comment = "comment on " + c.name + " it's";
    return c;
  }

  static bool used_by(const GTable& t, const std::string& col) {
    auto in = [&](const std::vector<std::string>& v) {
      return std::find(v.begin(), v.end(), col) != v.end();
    };
    if (t.pk && in(t.pk->second)) return true;
    for (const auto& u : t.uniques)
      if (in(u.cols)) return true;
    for (const auto& k : t.checks)
      if (k.col == col) return true;
    for (const auto& i : t.indexes)
      if (in(i.cols)) return true;
    for (const auto& f : t.fks)
      if (in(f.cols)) return true;
    for (const auto& c : t.cols)
      if (c.gen_source == col) return true;
    return false;
  }
  bool referenced(const std::string& schema, const std::string& table, const std::string& col) {
    for (auto& [sn, s] : m_.schemas)
      for (auto& [tn, t] : s.tables)
        for (const GFk& f : t.fks)
          if (f.ref_schema == schema && f.ref_table == table &&
              std::find(f.ref_cols.begin(), f.ref_cols.end(), col) != f.ref_cols.end())
            return true;
    return false;
  }
  bool pinned(const std::string& schema, const GTable& t, const GColumn& c) {
    return used_by(t, c.name) || referenced(schema, t.name, c.name) || !c.gen_source.empty() ||
           c.identity != Identity::kNone || !c.seq.empty();
  }

  // ------------------------------------------------------------ tables
  void add_table(GSchema& s) {
    GTable t;
    t.name = fresh("t_");
    m_.fresh.insert(s.name + "." + t.name);
    GColumn id;
    id.name = chance(70) ? "id" : fresh("id_");
    id.ty = chance(50) ? Ty::kInt : (chance(50) ? Ty::kBigint : Ty::kUuid);
    id.not_null = true;
    if (id.ty == Ty::kBigint && chance(50)) id.identity = Identity::kByDefault;
    t.cols.push_back(id);
    const bool has_pk = chance(85);
    if (has_pk)
      t.pk = std::make_pair(constraint_name(catalog::default_pkey_name(t.name)),
                            std::vector<std::string>{id.name});
    const int n = 1 + pick(opt_.max_columns);
    for (int i = 0; i < n; ++i) t.cols.push_back(new_column(s));
    if (chance(20)) {  // generated column from an integer column
      for (const GColumn& c : t.cols)
        if (c.ty == Ty::kInt && c.identity == Identity::kNone) {
          GColumn g;
          g.name = fresh("gen_");
          g.ty = Ty::kInt;
          g.gen_source = c.name;
          t.cols.push_back(g);
          break;
        }
    }
    if (chance(20)) t.comment = "table " + t.name;
    const std::string tn = t.name;
    s.tables[tn] = std::move(t);
    GTable& ref = s.tables[tn];
    for (int i = pick(3); i > 0; --i) add_constraint(s, ref);
  }

  void add_constraint(GSchema& s, GTable& t) {
    switch (pick(5)) {
      case 0:
        add_unique(t);
        break;
      case 1:
        add_check(t);
        break;
      case 2:
      case 3:
        add_index(t);
        break;
      case 4:
        add_fk(s, t);
        break;
    }
  }

  std::vector<GColumn*> columns_where(GTable& t, bool (*pred)(const GColumn&)) {
    std::vector<GColumn*> v;
    for (GColumn& c : t.cols)
      if (pred(c)) v.push_back(&c);
    return v;
  }

  void add_unique(GTable& t) {
    auto cols = columns_where(t, [](const GColumn& c) {
      return c.gen_source.empty() && c.ty != Ty::kJsonb && c.ty != Ty::kTextArr &&
             c.ty != Ty::kEnumArr && c.ty != Ty::kEnum;
    });
    if (cols.empty()) return;
    GUnique u;
    u.cols.push_back(any(cols)->name);
    if (chance(40)) {
      const std::string other = any(cols)->name;
      if (other != u.cols[0]) u.cols.push_back(other);
    }
    // PostgreSQL folds a unique constraint that repeats the primary key or
    // another unique constraint (in CREATE TABLE): never generate one.
    auto same = [&](std::vector<std::string> a) {
      std::vector<std::string> b = u.cols;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    };
    if (t.pk && same(t.pk->second)) return;
    for (const GUnique& o : t.uniques)
      if (same(o.cols)) return;
    u.nnd = chance(30);
    u.name = constraint_name(catalog::default_unique_name(t.name, u.cols));
    m_.fresh.insert(u.name);
    t.uniques.push_back(u);
  }
  void add_check(GTable& t) {
    auto cols = columns_where(t, [](const GColumn& c) {
      return can_check(c.ty) && c.gen_source.empty() && c.identity == Identity::kNone;
    });
    if (cols.empty()) return;
    GCheck k;
    k.col = any(cols)->name;
    k.name = constraint_name(catalog::default_check_name(t.name, k.col));
    t.checks.push_back(k);
  }
  void add_index(GTable& t) {
    GIndex ix;
    const int kind = pick(3);
    if (kind == 1) {
      auto cols = columns_where(t, [](const GColumn& c) { return c.ty == Ty::kText; });
      if (cols.empty()) return;
      ix.kind = 1;
      ix.cols = {any(cols)->name};
      ix.name = constraint_name(catalog::make_object_name(t.name, "lower", "idx"));
    } else {
      auto cols = columns_where(t, [](const GColumn& c) {
        return c.ty != Ty::kJsonb && c.ty != Ty::kTextArr && c.ty != Ty::kEnumArr &&
               c.ty != Ty::kEnum;
      });
      if (cols.empty()) return;
      ix.kind = kind;
      ix.cols = {any(cols)->name};
      if (kind == 0 && chance(30)) {
        const std::string other = any(cols)->name;
        if (other != ix.cols[0]) ix.cols.push_back(other);
      }
      ix.desc = kind == 0 && chance(25);
      ix.unique = chance(15);
      ix.name = constraint_name(catalog::default_index_name(t.name, ix.cols));
    }
    m_.fresh.insert(ix.name);
    t.indexes.push_back(ix);
  }
  void add_fk(GSchema& s, GTable& t) {
    // Target: any table (this one too) of any schema with a single-column key.
    std::vector<std::pair<GSchema*, GTable*>> targets;
    for (auto& [sn, gs] : m_.schemas)
      for (auto& [tn, gt] : gs.tables)
        if (gt.pk && gt.pk->second.size() == 1) targets.push_back({&gs, &gt});
    if (targets.empty()) return;
    auto [ts, tt] = any(targets);
    const GColumn* key = tt->col(tt->pk->second[0]);
    GColumn c;
    c.name = fresh("ref_");
    c.ty = key->ty == Ty::kUuid ? Ty::kUuid : key->ty;
    c.not_null = chance(20);
    GFk f;
    f.cols = {c.name};
    f.ref_schema = ts->name;
    f.ref_table = tt->name;
    f.ref_cols = {key->name};
    static const FkAction acts[] = {FkAction::kNoAction, FkAction::kRestrict, FkAction::kCascade,
                                    FkAction::kSetNull, FkAction::kSetDefault};
    f.del = acts[pick(5)];
    f.upd = acts[pick(5)];
    f.deferrable = chance(15);
    f.initially_deferred = f.deferrable && chance(50);
    f.name = constraint_name(catalog::default_fkey_name(t.name, f.cols));
    t.cols.push_back(c);
    t.fks.push_back(f);
    (void)s;
  }

  // ------------------------------------------------------------ enums, sequences
  void add_enum(GSchema& s) {
    catalog::EnumType e;
    e.name = fresh("e_");
    for (int i = 1 + pick(4); i > 0; --i) e.values.push_back(fresh_value());
    if (chance(20)) e.comment = "enum " + e.name;
    m_.fresh.insert(s.name + "." + e.name);
    s.enums[e.name] = e;
  }
  std::string fresh_value() {
    const std::string n = std::to_string(++m_.counter);
    if (opt_.hostile_names && chance(20)) return "it's " + n;
    return "v" + n;
  }
  void add_sequence(GSchema& s) {
    catalog::Sequence q;
    q.name = fresh("seq_");
    q.increment = 1 + pick(3);
    q.cache = 1 + pick(2);
    q.start = 1 + pick(5);
    q.cycle = chance(20);
    s.seqs[q.name] = q;
  }

  GenModel& m_;
  std::mt19937_64& rng_;
  const GenOptions& opt_;
};

// Removes everything that refers to column `col` of table `t` (schema `sn`).
void forget_column(GenModel& m, const std::string& sn, GTable& t, const std::string& col) {
  auto in = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), col) != v.end();
  };
  if (t.pk && in(t.pk->second)) t.pk.reset();
  std::erase_if(t.uniques, [&](const GUnique& u) { return in(u.cols); });
  std::erase_if(t.checks, [&](const GCheck& k) { return k.col == col; });
  std::erase_if(t.indexes, [&](const GIndex& i) { return in(i.cols); });
  std::erase_if(t.fks, [&](const GFk& f) { return in(f.cols); });
  std::erase_if(t.cols, [&](const GColumn& c) { return c.gen_source == col; });
  for (auto& [s2, gs] : m.schemas)
    for (auto& [t2, gt] : gs.tables)
      std::erase_if(gt.fks, [&](const GFk& f) {
        return f.ref_schema == sn && f.ref_table == t.name && in(f.ref_cols);
      });
}

// FKs whose referenced key no longer exists are removed.
void drop_dangling_fks(GenModel& m) {
  for (auto& [sn, gs] : m.schemas)
    for (auto& [tn, gt] : gs.tables)
      std::erase_if(gt.fks, [&](const GFk& f) {
        auto s = m.schemas.find(f.ref_schema);
        if (s == m.schemas.end()) return true;
        auto t = s->second.tables.find(f.ref_table);
        if (t == s->second.tables.end()) return true;
        const GTable& r = t->second;
        auto same = [&](std::vector<std::string> a) {
          std::vector<std::string> b = f.ref_cols;
          std::sort(a.begin(), a.end());
          std::sort(b.begin(), b.end());
          return a == b;
        };
        if (r.pk && same(r.pk->second)) return false;
        for (const GUnique& u : r.uniques)
          if (same(u.cols)) return false;
        return true;
      });
}

void rename_column_refs(GenModel& m, const std::string& sn, GTable& t, const std::string& from,
                        const std::string& to) {
  auto ren = [&](std::vector<std::string>& v) {
    for (std::string& x : v)
      if (x == from) x = to;
  };
  t.col(from)->name = to;
  if (t.pk) ren(t.pk->second);
  for (GUnique& u : t.uniques) ren(u.cols);
  for (GCheck& k : t.checks)
    if (k.col == from) k.col = to;
  for (GIndex& i : t.indexes) ren(i.cols);
  for (GFk& f : t.fks) ren(f.cols);
  for (GColumn& c : t.cols)
    if (c.gen_source == from) c.gen_source = to;
  for (auto& [s2, gs] : m.schemas)
    for (auto& [t2, gt] : gs.tables)
      for (GFk& f : gt.fks)
        if (f.ref_schema == sn && f.ref_table == t.name) ren(f.ref_cols);
}

}  // namespace

CatalogGenerator::CatalogGenerator(uint64_t seed, GenOptions options)
    : rng_(seed), opt_(options), model_(new GenModel) {}
CatalogGenerator::~CatalogGenerator() {
  delete model_;
}

std::vector<std::string> CatalogGenerator::schema_names() {
  return {kSchemaA, kSchemaB};
}

catalog::Catalog CatalogGenerator::generate() {
  *model_ = GenModel{};
  GenModel& m = *model_;
  Ops ops(m, rng_, opt_);
  m.schemas[kSchemaA].name = kSchemaA;
  if (opt_.second_schema && ops.chance(30)) {
    m.schemas[kSchemaB].name = kSchemaB;
    if (ops.chance(50)) m.schemas[kSchemaB].comment = "second schema";
  }
  for (auto& [sn, s] : m.schemas) {
    for (int i = ops.pick(3); i > 0; --i) ops.add_enum(s);
    for (int i = ops.pick(2); i > 0; --i) ops.add_sequence(s);
  }
  const int n = opt_.min_tables + ops.pick(opt_.max_tables - opt_.min_tables + 1);
  for (int i = 0; i < n; ++i) ops.add_table(ops.schema());
  // A foreign key cycle now and then.
  if (ops.chance(30)) {
    for (auto& [sn, s] : m.schemas)
      for (auto& [tn, t] : s.tables) ops.add_fk(s, t);
  }
  m.fresh.clear();
  m.hints.clear();
  return render(m);
}

catalog::Catalog CatalogGenerator::edit(int count, bool destructive) {
  GenModel& m = *model_;
  m.fresh.clear();
  m.hints.clear();
  Ops ops(m, rng_, opt_);
  for (int done = 0, attempts = 0; done < count && attempts < count * 20; ++attempts) {
    GSchema& s = ops.schema();
    std::vector<GTable*> tables = ops.tables(s);
    GTable* t = tables.empty() ? nullptr : ops.any(tables);
    const int what = ops.pick(26);
    bool ok = true;
    switch (what) {
      case 0:
        ops.add_table(s);
        break;
      case 1:  // drop table
        if (!destructive || !t) {
          ok = false;
          break;
        }
        {
          const std::string tn = t->name;
          s.tables.erase(tn);
          drop_dangling_fks(m);
        }
        break;
      case 2:  // rename table
        if (!t || m.fresh.count(s.name + "." + t->name)) {
          ok = false;
          break;
        }
        {
          const std::string from = t->name, to = ops.fresh("t_");
          auto node = s.tables.extract(from);
          node.key() = to;
          node.mapped().name = to;
          s.tables.insert(std::move(node));
          for (auto& [s2, gs] : m.schemas)
            for (auto& [t2, gt] : gs.tables)
              for (GFk& f : gt.fks)
                if (f.ref_schema == s.name && f.ref_table == from) f.ref_table = to;
          m.fresh.insert(s.name + "." + to);
          m.hints.push_back({catalog::RenameHint::Kind::kTable, s.name, "", from, to});
          if (ops.chance(50) && s.tables[to].pk) {  // PostgreSQL-style name for the new table
            auto& pk = *s.tables[to].pk;
            pk.first = ops.constraint_name(catalog::default_pkey_name(to));
          }
        }
        break;
      case 3:
      case 4:  // add column
        if (!t) {
          ok = false;
          break;
        }
        t->cols.push_back(ops.new_column(s));
        m.fresh.insert(s.name + "." + t->name + "." + t->cols.back().name);
        break;
      case 5:  // drop column
        if (!destructive || !t || t->cols.size() < 2) {
          ok = false;
          break;
        }
        {
          const std::string col = ops.any(t->cols).name;
          forget_column(m, s.name, *t, col);
          std::erase_if(t->cols, [&](const GColumn& c) { return c.name == col; });
          drop_dangling_fks(m);
        }
        break;
      case 6:
      case 7: {  // rename column
        if (!t || m.fresh.count(s.name + "." + t->name)) {
          ok = false;
          break;
        }
        GColumn& c = ops.any(t->cols);
        if (m.fresh.count(s.name + "." + t->name + "." + c.name)) {
          ok = false;
          break;
        }
        const std::string from = c.name, to = ops.fresh("c_");
        rename_column_refs(m, s.name, *t, from, to);
        m.fresh.insert(s.name + "." + t->name + "." + to);
        m.hints.push_back({catalog::RenameHint::Kind::kColumn, s.name, t->name, from, to});
        break;
      }
      case 8:
      case 9: {  // type change
        if (!t) {
          ok = false;
          break;
        }
        GColumn& c = ops.any(t->cols);
        if (ops.pinned(s.name, *t, c)) {
          ok = false;
          break;
        }
        if (c.ty == Ty::kVarchar && (ops.chance(60) || !destructive)) {
          if (ops.chance(50)) {
            c.a += 10 + ops.pick(40);
          } else {
            c.ty = Ty::kText;
          }
        } else if (c.ty == Ty::kInt) {
          c.ty = Ty::kBigint;
        } else if (c.ty == Ty::kNumeric) {
          c.a += 2;
        } else if (c.ty == Ty::kSmallint) {
          c.ty = Ty::kInt;
        } else if (destructive && c.ty == Ty::kBigint) {
          c.ty = Ty::kInt;
        } else if (destructive && c.ty == Ty::kVarchar && c.a > 10) {
          c.a -= 5;
        } else if (destructive && c.ty != Ty::kEnumArr && c.ty != Ty::kTextArr &&
                   c.ty != Ty::kJsonb) {
          c.ty = Ty::kText;
          c.enum_name.clear();
          c.default_value.clear();
        } else {
          ok = false;
        }
        break;
      }
      case 10: {  // default
        if (!t) {
          ok = false;
          break;
        }
        GColumn& c = ops.any(t->cols);
        if (!can_default(c.ty) || !c.seq.empty() || c.identity != Identity::kNone ||
            !c.gen_source.empty() || (c.ty == Ty::kEnum && s.enums[c.enum_name].values.empty())) {
          ok = false;
          break;
        }
        c.has_default = !c.has_default;
        if (c.ty == Ty::kEnum) c.default_value = ops.any(s.enums[c.enum_name].values);
        break;
      }
      case 11: {  // nullability
        if (!t) {
          ok = false;
          break;
        }
        GColumn& c = ops.any(t->cols);
        const bool in_pk = t->pk && std::find(t->pk->second.begin(), t->pk->second.end(), c.name) !=
                                        t->pk->second.end();
        if (in_pk || c.identity != Identity::kNone) {
          ok = false;
          break;
        }
        c.not_null = !c.not_null;
        break;
      }
      case 12:
      case 13:  // add constraint or index
        if (!t) {
          ok = false;
          break;
        }
        ops.add_constraint(s, *t);
        break;
      case 14: {  // drop a constraint or index (structure only: reversible)
        if (!t) {
          ok = false;
          break;
        }
        switch (ops.pick(4)) {
          case 0:
            if (!t->uniques.empty()) t->uniques.erase(t->uniques.begin());
            break;
          case 1:
            if (!t->checks.empty()) t->checks.erase(t->checks.begin());
            break;
          case 2:
            if (!t->indexes.empty()) t->indexes.erase(t->indexes.begin());
            break;
          case 3:
            if (!t->fks.empty()) t->fks.erase(t->fks.begin());
            break;
        }
        drop_dangling_fks(m);
        break;
      }
      case 15: {  // change a foreign key's actions (replace)
        if (!t || t->fks.empty()) {
          ok = false;
          break;
        }
        GFk& f = ops.any(t->fks);
        f.del = f.del == FkAction::kCascade ? FkAction::kNoAction : FkAction::kCascade;
        break;
      }
      case 16: {  // add enum values
        if (s.enums.empty()) {
          ops.add_enum(s);
          break;
        }
        auto& e = std::next(s.enums.begin(), ops.pick(static_cast<int>(s.enums.size())))->second;
        if (m.fresh.count(s.name + "." + e.name)) {
          ok = false;
          break;
        }
        const size_t pos = static_cast<size_t>(ops.pick(static_cast<int>(e.values.size()) + 1));
        e.values.insert(e.values.begin() + static_cast<long>(pos), ops.fresh_value());
        break;
      }
      case 17: {  // rename an enum value
        if (s.enums.empty()) {
          ok = false;
          break;
        }
        auto& e = std::next(s.enums.begin(), ops.pick(static_cast<int>(s.enums.size())))->second;
        if (e.values.empty() || m.fresh.count(s.name + "." + e.name)) {
          ok = false;
          break;
        }
        std::string& v = ops.any(e.values);
        if (m.fresh.count("value:" + v)) {
          ok = false;
          break;
        }
        const std::string from = v, to = ops.fresh_value();
        v = to;
        m.fresh.insert("value:" + to);
        for (auto& [tn, gt] : s.tables)
          for (GColumn& c : gt.cols)
            if (c.enum_name == e.name && c.default_value == from) c.default_value = to;
        m.hints.push_back({catalog::RenameHint::Kind::kEnumValue, s.name, e.name, from, to});
        break;
      }
      case 18: {  // remove or reorder enum values
        if (!destructive || s.enums.empty()) {
          ok = false;
          break;
        }
        auto& e = std::next(s.enums.begin(), ops.pick(static_cast<int>(s.enums.size())))->second;
        if (e.values.size() < 2 || m.fresh.count(s.name + "." + e.name)) {
          ok = false;
          break;
        }
        if (ops.chance(50)) {
          std::reverse(e.values.begin(), e.values.end());
        } else {
          const std::string gone = e.values.front();
          e.values.erase(e.values.begin());
          for (auto& [tn, gt] : s.tables)
            for (GColumn& c : gt.cols)
              if (c.enum_name == e.name && c.default_value == gone) c.default_value = e.values[0];
        }
        break;
      }
      case 19: {  // comments
        switch (ops.pick(4)) {
          case 0:
            if (t) t->comment = t->comment ? std::nullopt : std::optional<std::string>("t's");
            break;
          case 1:
            if (t) {
              GColumn& c = ops.any(t->cols);
              c.comment = c.comment ? std::nullopt : std::optional<std::string>("col's");
            }
            break;
          case 2:
            if (!s.enums.empty()) {
              auto& e = s.enums.begin()->second;
              e.comment = e.comment ? std::nullopt : std::optional<std::string>("enum");
            }
            break;
          case 3:
            s.comment = s.comment ? std::nullopt : std::optional<std::string>("schema's");
            break;
        }
        break;
      }
      case 20:  // new enum
        ops.add_enum(s);
        break;
      case 21:  // sequences
        if (!s.seqs.empty() && ops.chance(60)) {
          auto& q = std::next(s.seqs.begin(), ops.pick(static_cast<int>(s.seqs.size())))->second;
          q.increment += 1;
          q.cache = q.cache == 1 ? 5 : 1;
        } else {
          ops.add_sequence(s);
        }
        break;
      case 22: {  // drop an unused enum or sequence
        if (!destructive) {
          ok = false;
          break;
        }
        std::set<std::string> used_enums, used_seqs;
        for (auto& [tn, gt] : s.tables)
          for (GColumn& c : gt.cols) {
            if (!c.enum_name.empty()) used_enums.insert(c.enum_name);
            if (!c.seq.empty()) used_seqs.insert(c.seq);
          }
        bool dropped = false;
        for (auto it = s.enums.begin(); it != s.enums.end(); ++it)
          if (!used_enums.count(it->first)) {
            s.enums.erase(it);
            dropped = true;
            break;
          }
        for (auto it = s.seqs.begin(); it != s.seqs.end() && !dropped; ++it)
          if (!used_seqs.count(it->first)) {
            s.seqs.erase(it);
            dropped = true;
            break;
          }
        ok = dropped;
        break;
      }
      case 23: {  // primary key changes
        if (!t) {
          ok = false;
          break;
        }
        if (t->pk) {
          if (!destructive && ops.chance(50)) {
            t->pk->first = ops.fresh("pk_");  // renamed constraint
          } else {
            t->pk.reset();
          }
        } else {
          GColumn& c = t->cols.front();
          if (c.ty == Ty::kJsonb || c.ty == Ty::kTextArr || c.ty == Ty::kEnumArr ||
              !c.gen_source.empty()) {
            ok = false;
            break;
          }
          bool dup = false;
          for (const GUnique& u : t->uniques)
            if (u.cols == std::vector<std::string>{c.name}) dup = true;
          if (dup) {
            ok = false;
            break;
          }
          c.not_null = true;
          t->pk = std::make_pair(ops.constraint_name(catalog::default_pkey_name(t->name)),
                                 std::vector<std::string>{c.name});
        }
        drop_dangling_fks(m);
        break;
      }
      case 24:  // a foreign key, perhaps closing a cycle
        if (!t) {
          ok = false;
          break;
        }
        ops.add_fk(s, *t);
        break;
      case 25:  // second schema appears
        if (!opt_.second_schema || m.schemas.count(kSchemaB)) {
          ok = false;
          break;
        }
        m.schemas[kSchemaB].name = kSchemaB;
        ops.add_table(m.schemas[kSchemaB]);
        break;
    }
    if (ok) ++done;
  }
  return render(m);
}

catalog::Catalog big_catalog(int tables, int columns, uint64_t seed) {
  std::mt19937_64 rng(seed);
  catalog::Catalog c;
  catalog::Schema& s = c.schemas["app"];
  s.name = "app";
  s.enums["status"] = catalog::EnumType{"status", {"new", "active", "done"}, std::nullopt};
  static const char* types[] = {"integer",
                                "bigint",
                                "text",
                                "character varying(50)",
                                "numeric(12,2)",
                                "boolean",
                                "timestamp with time zone",
                                "app.status"};
  for (int i = 0; i < tables; ++i) {
    catalog::Table t;
    t.name = "table_" + std::to_string(i);
    t.columns.push_back(catalog::Column{"id", "bigint", true, std::nullopt, Identity::kByDefault,
                                        std::nullopt, std::nullopt, std::nullopt});
    for (int j = 1; j < columns; ++j) {
      catalog::Column col;
      col.name = "col_" + std::to_string(j);
      col.type = types[rng() % 8];
      col.not_null = rng() % 3 == 0;
      if (col.type == "integer" && rng() % 2) col.default_expr = "0";
      t.columns.push_back(col);
    }
    t.primary_key = catalog::PrimaryKey{t.name + "_pkey", {"id"}};
    if (i > 0) {
      t.columns.push_back(catalog::Column{"parent_id", "bigint", false, std::nullopt,
                                          Identity::kNone, std::nullopt, std::nullopt,
                                          std::nullopt});
      catalog::ForeignKey fk;
      fk.name = t.name + "_parent_id_fkey";
      fk.columns = {"parent_id"};
      fk.ref_schema = "app";
      fk.ref_table = "table_" + std::to_string(rng() % static_cast<uint64_t>(i));
      fk.ref_columns = {"id"};
      t.foreign_keys.push_back(fk);
      catalog::Index ix;
      ix.name = t.name + "_parent_id_idx";
      ix.keys = {"parent_id"};
      t.indexes.push_back(ix);
    }
    t.uniques.push_back(
        catalog::UniqueConstraint{t.name + "_col_1_key", {"col_1"}, false, false, false});
    t.checks.push_back(catalog::CheckConstraint{t.name + "_id_check", "(id > 0)", false});
    s.tables[t.name] = std::move(t);
  }
  c.normalize();
  return c;
}

}  // namespace reconcile::testing
