#include "db/apply/destructive.h"

#include <utility>

#include "core/catalog/names.h"
#include "core/plan/planner.h"

namespace reconcile::apply {
namespace {

using sql::RelationName;
using sql::TableEvent;
using Key = std::pair<std::string, std::string>;  // schema, table

class DatabaseTables : public LiveTables {
 public:
  explicit DatabaseTables(pqxx::connection& conn) : conn_(conn) {}

  std::optional<Table> find(const RelationName& name) override {
    const std::string text = name.schema.empty() ? catalog::quote_ident(name.name)
                                                 : catalog::qualified(name.schema, name.name);
    if (auto it = cache_.find(text); it != cache_.end()) return it->second;
    std::optional<Table> out;
    pqxx::nontransaction tx(conn_);
    auto rows = tx.exec_params(
        "SELECT n.nspname, a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
        "AND NOT a.attisdropped WHERE c.oid = pg_catalog.to_regclass($1)",
        text);
    for (const auto& row : rows) {
      if (!out) out = Table{row[0].as<std::string>(), {}};
      if (!row[1].is_null()) out->columns[row[1].as<std::string>()] = row[2].as<std::string>();
    }
    cache_[text] = out;
    return out;
  }

  std::string creation_schema() override {
    if (!schema_) {
      pqxx::nontransaction tx(conn_);
      auto v = tx.exec1("SELECT pg_catalog.current_schema()")[0];
      schema_ = v.is_null() ? std::string("public") : v.as<std::string>();
    }
    return *schema_;
  }

 private:
  pqxx::connection& conn_;
  std::map<std::string, std::optional<Table>> cache_;
  std::optional<std::string> schema_;
};

}  // namespace

std::unique_ptr<LiveTables> live_tables(pqxx::connection& conn) {
  return std::make_unique<DatabaseTables>(conn);
}

// Tables as they are at the current point of the run.
struct DataLossGuard::State {
  struct TableState {
    bool exists = false;
    bool created_in_run = false;
    bool columns_known = false;
    std::map<std::string, std::string> columns;  // name -> type ("" when unknown)
  };

  LiveTables* live = nullptr;
  std::map<Key, TableState> tables;

  std::string creation_schema() { return live ? live->creation_schema() : "public"; }

  Key resolve(const RelationName& r) {
    if (!r.schema.empty()) return {r.schema, r.name};
    const Key created{creation_schema(), r.name};
    if (auto it = tables.find(created); it != tables.end() && it->second.created_in_run)
      return created;
    if (live)
      if (auto t = live->find(r)) return {t->schema, r.name};
    return created;
  }

  TableState& table(const Key& key) {
    auto it = tables.find(key);
    if (it != tables.end()) return it->second;
    TableState t;
    if (live) {
      if (auto found = live->find(RelationName{key.first, key.second})) {
        t.exists = true;
        t.columns_known = true;
        t.columns = found->columns;
      }
    }
    return tables.emplace(key, std::move(t)).first->second;
  }

  // The column's type now; empty when not known.
  std::string column_type(TableState& t, const std::string& column) {
    auto it = t.columns.find(column);
    return it == t.columns.end() ? std::string() : it->second;
  }
};

DataLossGuard::DataLossGuard(LiveTables* live) : state_(std::make_unique<State>()) {
  state_->live = live;
}

DataLossGuard::~DataLossGuard() = default;

std::vector<DestructiveStatement> DataLossGuard::check(const revision::Statement& s) {
  std::vector<DestructiveStatement> out;
  auto add = [&](DataLoss kind, std::string what) {
    out.push_back(DestructiveStatement{"", {}, std::move(what), kind});
  };
  sql::StatementEffects e = sql::analyze(s.sql);
  for (auto& d : e.deletes) add(DataLoss::kDeletes, std::move(d));
  State& st = *state_;
  for (const TableEvent& ev : e.events) {
    const Key key = st.resolve(ev.table);
    const std::string shown = ev.table.to_string();
    switch (ev.kind) {
      case TableEvent::Kind::kCreateTable: {
        State::TableState t;
        t.exists = true;
        t.created_in_run = true;
        t.columns_known = ev.columns_known;
        for (const auto& [name, type] : ev.columns) t.columns[name] = type;
        st.tables[key] = std::move(t);
        break;
      }
      case TableEvent::Kind::kDropTable: {
        State::TableState gone;
        st.tables[key] = gone;
        break;
      }
      case TableEvent::Kind::kRenameTable: {
        State::TableState moved = st.table(key);
        State::TableState gone;
        st.tables[key] = gone;
        RelationName to = ev.renamed_to;
        if (to.schema.empty()) to.schema = key.first;
        st.tables[{to.schema, to.name}] = std::move(moved);
        break;
      }
      case TableEvent::Kind::kAddColumn:
        st.table(key).columns[ev.column] = ev.type;
        break;
      case TableEvent::Kind::kDropColumn:
        st.table(key).columns.erase(ev.column);
        break;
      case TableEvent::Kind::kRenameColumn: {
        auto& t = st.table(key);
        std::string type = st.column_type(t, ev.column);
        t.columns.erase(ev.column);
        t.columns[ev.new_name] = type;
        break;
      }
      case TableEvent::Kind::kAlterColumnType: {
        auto& t = st.table(key);
        const std::string from = st.column_type(t, ev.column);
        const std::string column = shown + "." + ev.column;
        if (ev.using_kind == sql::UsingKind::kExpression)
          add(DataLoss::kUnclassified,
              "converts column " + column +
                  " with a USING expression (it may change or lose values)");
        if (from.empty() || ev.type.empty()) {
          add(DataLoss::kUnclassified, "changes the type of column " + column +
                                           ", whose current type reconcile cannot tell");
        } else if (plan::classify_type_change(from, ev.type).narrows) {
          add(DataLoss::kDeletes, "narrows column " + column + " from " + from + " to " + ev.type);
        }
        t.columns[ev.column] = ev.type;
        break;
      }
      case TableEvent::Kind::kEvaluates: {
        const auto& t = st.table(key);
        if (!t.created_in_run)
          add(DataLoss::kUnclassified, "evaluates " + ev.call + " for the rows of " + shown +
                                           ", and that function is not known to be free of side "
                                           "effects");
        break;
      }
    }
  }
  for (auto& why : e.opaque) add(DataLoss::kUnclassified, std::move(why));
  const bool declared_deletes = s.declares(plan::Hazard::kDeletesData);
  if (declared_deletes) {
    bool proven = false;
    for (const auto& f : out) proven = proven || f.kind == DataLoss::kDeletes;
    if (!proven) add(DataLoss::kDeletes, "is marked DELETES_DATA (-- reconcile:hazard)");
  }
  // A hazard directive settles what the parse tree cannot decide.
  if (s.hazards) {
    std::vector<DestructiveStatement> kept;
    for (auto& f : out)
      if (f.kind == DataLoss::kDeletes) kept.push_back(std::move(f));
    out = std::move(kept);
  }
  return out;
}

std::vector<DestructiveStatement> DataLossGuard::check(const revision::Revision& r,
                                                       Direction direction) {
  std::vector<DestructiveStatement> out;
  auto statements = direction == Direction::kUp ? r.up_statements() : r.down_statements();
  for (const auto& s : statements) {
    for (auto& f : check(s)) {
      f.revision = r.id;
      f.where = SourceLocation{r.path, s.line, 0};
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<DestructiveStatement> destructive_statements(const revision::Revision& r,
                                                         Direction direction) {
  DataLossGuard guard(nullptr);
  return guard.check(r, direction);
}

std::vector<std::string> describe_data_loss(const std::string& sql) {
  return sql::analyze(sql).deletes;
}

RefusedError refuse_destructive(const std::vector<DestructiveStatement>& findings,
                                const std::string& command) {
  bool unclassified = false;
  for (const auto& f : findings) unclassified = unclassified || f.kind == DataLoss::kUnclassified;
  std::string msg = unclassified
                        ? "refusing to run statements that delete data or cannot be shown not to "
                          "(DELETES_DATA):"
                        : "refusing to run statements that delete data (DELETES_DATA):";
  for (const auto& f : findings) {
    msg += "\n  ";
    if (f.where.known()) msg += f.where.to_string() + ": ";
    msg += "revision " + f.revision + " " + f.what;
    if (f.kind == DataLoss::kUnclassified) msg += " [unclassified]";
  }
  std::string hint = "review them, then run `" + command + " --allow-destructive`";
  if (unclassified)
    hint +=
        "; a statement marked [unclassified] that you reviewed can instead carry a "
        "`-- reconcile:hazard none` line (or its real hazards) directly above it; then "
        "`reconcile rehash REV` records the edit (docs/guide.md, \"Directives\")";
  return RefusedError(msg, hint);
}

}  // namespace reconcile::apply
