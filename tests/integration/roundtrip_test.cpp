// Round trips through a real PostgreSQL:
//   catalog -> render_catalog -> execute -> introspect == catalog
//   hand-written SQL -> introspect -> render into another database -> introspect == first
#include <gtest/gtest.h>

#include "core/catalog/ddl.h"
#include "core/catalog/json.h"
#include "core/catalog/names.h"
#include "db/introspect/introspect.h"
#include "support/catalog_gen.h"
#include "support/pg_fixture.h"

namespace reconcile::catalog {
namespace {

using reconcile::testing::exec_sql;

Column col(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

std::vector<std::string> schema_list(const Catalog& c) {
  std::vector<std::string> out;
  for (const auto& [name, _] : c.schemas) out.push_back(name);
  return out;
}

// Every object kind, with hostile identifiers, in canonical form.
Catalog hostile_catalog() {
  Catalog c;
  Schema& pub = c.schemas["public"];
  pub.name = "public";
  Schema& app = c.schemas["App Data"];
  app.name = "App Data";
  app.comment = "it's the app's";
  c.extensions["citext"] = Extension{"citext", "public"};

  pub.enums["GenderType"] =
      EnumType{"GenderType", {"male", "female", "it's", "With Space"}, "gender"};
  app.enums["select"] = EnumType{"select", {"a"}, std::nullopt};

  // public."user": identity key, collations, arrays, enum, citext, generated column.
  Table user;
  user.name = "user";
  user.comment = "people \"quoted\"";
  Column id = col("id", "bigint", true);
  id.identity = Identity::kAlways;
  user.columns.push_back(id);
  Column full = col("Full Name", "character varying(100)", true);
  full.comment = "shown to everyone";
  user.columns.push_back(full);
  Column gender = col("gender", "public.\"GenderType\"");
  gender.default_expr = "'it''s'::public.\"GenderType\"";
  user.columns.push_back(gender);
  Column sel = col("select", "text");
  sel.collation = "C";
  user.columns.push_back(sel);
  Column created = col("created at", "timestamp with time zone", true);
  created.default_expr = "now()";
  user.columns.push_back(created);
  user.columns.push_back(col("tags", "text[]"));
  user.columns.push_back(col("email", "public.citext"));
  Column twice = col("twice", "bigint");
  twice.generated = "(id * 2)";
  user.columns.push_back(twice);
  user.columns.push_back(col("favorite_order", "integer"));
  user.columns.push_back(col("flag", "boolean"));
  user.columns.back().default_expr = "true";
  user.primary_key = PrimaryKey{default_pkey_name("user"), {"id"}};
  user.checks.push_back(CheckConstraint{default_check_name("user", "Full Name"),
                                        "((\"Full Name\")::text <> ''::text)", false});
  user.uniques.push_back(
      UniqueConstraint{default_unique_name("user", {"email"}), {"email"}, false, false, false});
  user.indexes.push_back(Index{
      "user_lower_idx", false, "btree", {"lower(\"Full Name\"::text)"}, {}, std::nullopt, false});
  user.indexes.push_back(Index{"user created at DESC",
                               false,
                               "btree",
                               {"\"created at\" DESC", "id"},
                               {"tags"},
                               "(flag IS TRUE)",
                               false});
  ForeignKey fav;
  fav.name = default_fkey_name("user", {"favorite_order"});
  fav.columns = {"favorite_order"};
  fav.ref_schema = "public";
  fav.ref_table = "order";
  fav.ref_columns = {"id"};
  fav.deferrable = true;
  fav.initially_deferred = true;
  user.foreign_keys.push_back(fav);

  // public."order": serial key, FK back to "user" (a cycle), NULLS NOT DISTINCT.
  Table order;
  order.name = "order";
  Column oid = col("id", "integer", true);
  oid.default_expr = "nextval('public.order_id_seq'::regclass)";
  order.columns.push_back(oid);
  order.columns.push_back(col("user_id", "bigint", true));
  order.columns.push_back(col("Note", "text"));
  order.columns.push_back(col("amount", "numeric(12,2)"));
  order.primary_key = PrimaryKey{default_pkey_name("order"), {"id"}};
  ForeignKey ou;
  ou.name = default_fkey_name("order", {"user_id"});
  ou.columns = {"user_id"};
  ou.ref_schema = "public";
  ou.ref_table = "user";
  ou.ref_columns = {"id"};
  ou.on_delete = FkAction::kCascade;
  ou.on_update = FkAction::kRestrict;
  order.foreign_keys.push_back(ou);
  order.uniques.push_back(UniqueConstraint{
      default_unique_name("order", {"user_id", "Note"}), {"user_id", "Note"}, true, false, false});
  order.checks.push_back(CheckConstraint{default_check_name("order", "id"), "(id > 0)", false});
  order.checks.push_back(
      CheckConstraint{default_check_name("order", ""), "(amount > (0)::numeric)", true});
  order.indexes.push_back(Index{
      default_index_name("order", {"Note"}), true, "btree", {"\"Note\""}, {}, "(id > 10)", true});
  order.indexes.push_back(
      Index{"order_hash", false, "hash", {"\"Note\""}, {}, std::nullopt, false});
  Sequence oseq;
  oseq.name = default_serial_sequence_name("order", "id");
  oseq.type = "integer";
  oseq.max_value = 2147483647;
  oseq.owned_by_table = "order";
  oseq.owned_by_column = "id";
  pub.sequences[oseq.name] = oseq;

  // A 63-byte name and a longer one (truncated the way the server will).
  const std::string t63 = "Long_" + std::string(58, 'x');
  const std::string tlong = truncate_identifier(std::string(70, 'y') + "é");
  const std::string mb = truncate_identifier("größe_" + std::string(40, 'z') + "ääääääääää");
  Table a63;
  a63.name = t63;
  a63.columns.push_back(col("a", "integer", true));
  a63.columns.push_back(col(mb, "smallint"));
  a63.primary_key = PrimaryKey{default_pkey_name(t63), {"a"}};
  a63.uniques.push_back(
      UniqueConstraint{default_unique_name(t63, {"a", mb}), {"a", mb}, false, false, false});
  a63.indexes.push_back(Index{
      default_index_name(t63, {mb}), false, "btree", {quote_ident(mb)}, {}, std::nullopt, false});
  Table along;
  along.name = tlong;
  along.columns.push_back(col("ref", "integer"));
  ForeignKey lf;
  lf.name = default_fkey_name(tlong, {"ref"});
  lf.columns = {"ref"};
  lf.ref_schema = "public";
  lf.ref_table = t63;
  lf.ref_columns = {"a"};
  lf.on_delete = FkAction::kSetNull;
  along.foreign_keys.push_back(lf);

  // "App Data": self reference, cross-schema FK, a free-standing sequence.
  Table node;
  node.name = "Weird \"Quoted\" Node";
  node.columns.push_back(col("id", "integer", true));
  node.columns.push_back(col("parent", "integer"));
  node.columns.push_back(col("order", "integer"));
  Column kind = col("kind", "\"App Data\".\"select\"");
  node.columns.push_back(kind);
  Column counter = col("n", "bigint", true);
  counter.default_expr = "nextval('\"App Data\".\"Counter\"'::regclass)";
  node.columns.push_back(counter);
  node.primary_key = PrimaryKey{"node pk", {"id"}};
  ForeignKey np;
  np.name = "node parent";
  np.columns = {"parent"};
  np.ref_schema = "App Data";
  np.ref_table = node.name;
  np.ref_columns = {"id"};
  np.on_delete = FkAction::kSetDefault;
  node.foreign_keys.push_back(np);
  ForeignKey no;
  no.name = "node_order_fkey";
  no.columns = {"order"};
  no.ref_schema = "public";
  no.ref_table = "order";
  no.ref_columns = {"id"};
  node.foreign_keys.push_back(no);
  Sequence counter_seq;
  counter_seq.name = "Counter";
  counter_seq.type = "bigint";
  counter_seq.start = 100;
  counter_seq.increment = 5;
  counter_seq.min_value = 1;
  counter_seq.max_value = 1000000;
  counter_seq.cache = 10;
  counter_seq.cycle = true;
  app.sequences[counter_seq.name] = counter_seq;
  Sequence down;
  down.name = "down";
  down.type = "smallint";
  down.start = -1;
  down.increment = -1;
  down.min_value = -32768;
  down.max_value = -1;
  app.sequences[down.name] = down;

  pub.tables[user.name] = user;
  pub.tables[order.name] = order;
  pub.tables[a63.name] = a63;
  pub.tables[along.name] = along;
  app.tables[node.name] = node;
  Table empty;
  empty.name = "empty";
  app.tables[empty.name] = empty;
  c.normalize();
  return c;
}

class RoundTripTest : public reconcile::testing::PgTest {};

TEST_F(RoundTripTest, HandBuiltCatalogSurvivesRenderAndIntrospect) {
  const Catalog c = hostile_catalog();
  exec_sql(url(), render_catalog_sql(c));
  introspect::IntrospectOptions opts;
  opts.schemas = schema_list(c);
  Catalog back = introspect::introspect_url(url(), opts);
  EXPECT_EQ(to_json_string(back), to_json_string(c));
  EXPECT_EQ(back, c);
  EXPECT_EQ(content_hash(back), content_hash(c));
  EXPECT_TRUE(back.unmanaged.empty());
}

TEST_F(RoundTripTest, HandWrittenSqlRendersBackToAnEqualCatalog) {
  exec_sql(
      url(),
      "create table u (id int primary key, name text not null);"
      "create table t (id serial primary key, a int references u, b text unique,"
      "  c int check (c > 0), d varchar(30) default 'it''s', e timestamptz default now(),"
      "  f numeric(8,3) default 1.5, g uuid, h jsonb default '{}', i date, j int[] default '{1,2}',"
      "  k double precision, l bool default false, m smallint, n bigserial,"
      "  unique nulls not distinct (m, l), check (k > m));"
      "create index on t (lower(b)) where c > 5;"
      "create index on t using gin (h);"
      "create index on t (e desc nulls last, i);"
      "create table \"Self\" (\"ID\" int generated by default as identity primary key,"
      "  \"Parent\" int references \"Self\" on delete cascade);"
      "create type status as enum ('new', 'done');"
      "alter table u add column s status default 'new';"
      "comment on table u is 'users'; comment on column u.name is 'name';");
  introspect::IntrospectOptions opts;
  Catalog first = introspect::introspect_url(url(), opts);
  // Defaults and names exactly as PostgreSQL reports them.
  const Table* t = first.find_table("public", "t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->find_column("f")->default_expr, "1.5");
  EXPECT_EQ(t->find_column("h")->default_expr, "'{}'::jsonb");
  EXPECT_EQ(t->find_column("j")->default_expr, "'{1,2}'::integer[]");
  EXPECT_EQ(t->find_column("l")->default_expr, "false");
  EXPECT_EQ(t->find_column("d")->default_expr, "'it''s'::character varying");
  EXPECT_EQ(t->find_column("n")->default_expr, "nextval('public.t_n_seq'::regclass)");
  EXPECT_EQ(t->uniques.at(1).name, "t_m_l_key");
  EXPECT_EQ(t->checks.at(1).expression, "(k > (m)::double precision)");
  EXPECT_EQ(first.find_table("public", "Self")->foreign_keys.at(0).name, "Self_Parent_fkey");

  const std::string other = reconcile::testing::TestServer::get().create_database("roundtrip2");
  exec_sql(other, render_catalog_sql(first));
  Catalog second = introspect::introspect_url(other, opts);
  EXPECT_EQ(to_json_string(second), to_json_string(first));
}

TEST_F(RoundTripTest, GeneratedCatalogsSurviveRenderAndIntrospect) {
  auto& server = reconcile::testing::TestServer::get();
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    reconcile::testing::CatalogGenerator gen(seed);
    Catalog c = gen.generate();
    c.normalize();
    const std::string db = server.create_database("gen" + std::to_string(seed));
    exec_sql(db, render_catalog_sql(c));
    introspect::IntrospectOptions opts;
    opts.schemas = reconcile::testing::CatalogGenerator::schema_names();
    Catalog back = introspect::introspect_url(db, opts);
    // Schemas the generator did not use are absent or empty on both sides.
    for (auto it = back.schemas.begin(); it != back.schemas.end();) {
      const Schema& s = it->second;
      bool empty = s.tables.empty() && s.enums.empty() && s.sequences.empty() && !s.comment;
      if (empty && !c.schemas.count(it->first))
        it = back.schemas.erase(it);
      else
        ++it;
    }
    EXPECT_EQ(to_json_string(back), to_json_string(c)) << "seed " << seed;
  }
}

}  // namespace
}  // namespace reconcile::catalog
