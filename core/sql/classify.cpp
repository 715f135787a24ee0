#include "core/sql/classify.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "core/catalog/names.h"
#include "core/sql/parse.h"
#include "util/strings.h"

namespace reconcile::sql {
namespace {

using nlohmann::json;

const json& field(const json& node, const char* key) {
  static const json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}

std::string text_field(const json& node, const char* key) {
  const json& v = field(node, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

const json& array_field(const json& node, const char* key) {
  static const json kEmpty = json::array();
  const json& v = field(node, key);
  return v.is_array() ? v : kEmpty;
}

TableEvent event(TableEvent::Kind kind) {
  TableEvent e;
  e.kind = kind;
  return e;
}

RelationName relation(const json& range_var) {
  return RelationName{text_field(range_var, "schemaname"), text_field(range_var, "relname")};
}

std::string joined(const std::vector<std::string>& parts) {
  return util::join(parts, ".");
}

// Functions of pg_catalog that read or compute values and change no stored
// data. Unqualified names resolve to pg_catalog first (unless search_path is
// changed, which is itself opaque), so a user function cannot shadow them.
const std::set<std::string_view>& side_effect_free_names() {
  static const std::set<std::string_view> names = {
      "abs",
      "age",
      "array_agg",
      "array_append",
      "array_cat",
      "array_length",
      "array_lower",
      "array_position",
      "array_positions",
      "array_prepend",
      "array_remove",
      "array_replace",
      "array_to_json",
      "array_to_string",
      "array_upper",
      "ascii",
      "avg",
      "bit_length",
      "bool",
      "bool_and",
      "bool_or",
      "btrim",
      "cardinality",
      "cbrt",
      "ceil",
      "ceiling",
      "char_length",
      "character_length",
      "chr",
      "clock_timestamp",
      "concat",
      "concat_ws",
      "count",
      "cume_dist",
      "current_database",
      "current_schema",
      "current_setting",
      "date",
      "date_bin",
      "date_part",
      "date_trunc",
      "decode",
      "degrees",
      "dense_rank",
      "div",
      "encode",
      "every",
      "exp",
      "extract",
      "first_value",
      "float4",
      "float8",
      "floor",
      "format",
      "format_type",
      "gcd",
      "gen_random_uuid",
      "generate_series",
      "generate_subscripts",
      "initcap",
      "int2",
      "int4",
      "int8",
      "interval",
      "isfinite",
      "json_agg",
      "json_array_elements",
      "json_array_elements_text",
      "json_array_length",
      "json_build_array",
      "json_build_object",
      "json_each",
      "json_each_text",
      "json_extract_path",
      "json_extract_path_text",
      "json_object",
      "json_object_agg",
      "json_object_keys",
      "json_typeof",
      "jsonb_agg",
      "jsonb_array_elements",
      "jsonb_array_elements_text",
      "jsonb_array_length",
      "jsonb_build_array",
      "jsonb_build_object",
      "jsonb_each",
      "jsonb_each_text",
      "jsonb_extract_path",
      "jsonb_extract_path_text",
      "jsonb_insert",
      "jsonb_object",
      "jsonb_object_agg",
      "jsonb_object_keys",
      "jsonb_pretty",
      "jsonb_set",
      "jsonb_strip_nulls",
      "jsonb_typeof",
      "justify_days",
      "justify_hours",
      "justify_interval",
      "lag",
      "last_value",
      "lcm",
      "lead",
      "left",
      "length",
      "like_escape",
      "ln",
      "log",
      "log10",
      "lower",
      "lpad",
      "ltrim",
      "make_date",
      "make_interval",
      "make_time",
      "make_timestamp",
      "make_timestamptz",
      "max",
      "md5",
      "min",
      "mod",
      "nextval",
      "normalize",
      "now",
      "nth_value",
      "ntile",
      "num_nonnulls",
      "num_nulls",
      "numeric",
      "octet_length",
      "overlay",
      "percent_rank",
      "pg_advisory_lock",
      "pg_advisory_unlock",
      "pg_advisory_xact_lock",
      "pg_sleep",
      "pg_try_advisory_lock",
      "pg_try_advisory_xact_lock",
      "pi",
      "position",
      "power",
      "quote_ident",
      "quote_literal",
      "quote_nullable",
      "radians",
      "random",
      "rank",
      "regexp_match",
      "regexp_matches",
      "regexp_replace",
      "regexp_split_to_array",
      "regexp_split_to_table",
      "repeat",
      "replace",
      "reverse",
      "right",
      "round",
      "row_number",
      "rpad",
      "rtrim",
      "sha224",
      "sha256",
      "sha384",
      "sha512",
      "sign",
      "similar_to_escape",
      "split_part",
      "sqrt",
      "starts_with",
      "statement_timestamp",
      "string_agg",
      "string_to_array",
      "strpos",
      "substr",
      "substring",
      "sum",
      "text",
      "timeofday",
      "timestamp",
      "timestamptz",
      "timezone",
      "to_char",
      "to_date",
      "to_hex",
      "to_json",
      "to_jsonb",
      "to_number",
      "to_timestamp",
      "transaction_timestamp",
      "translate",
      "trunc",
      "unnest",
      "upper",
      "uuid",
      "varchar",
  };
  return names;
}

// Statement kinds that change no stored data by themselves and whose
// expressions (if any) are not evaluated over existing rows, beyond what
// analyze_statement checks explicitly.
const std::set<std::string>& quiet_statements() {
  static const std::set<std::string> kinds = {
      "AlterEnumStmt",  "AlterExtensionStmt",  "AlterOwnerStmt",     "AlterPolicyStmt",
      "AlterSeqStmt",   "AlterStatsStmt",      "CheckPointStmt",     "ClusterStmt",
      "CommentStmt",    "CompositeTypeStmt",   "ConstraintsSetStmt", "CreateDomainStmt",
      "CreateEnumStmt", "CreateExtensionStmt", "CreatePolicyStmt",   "CreateRangeStmt",
      "CreateSeqStmt",  "CreateStatsStmt",     "DiscardStmt",        "GrantStmt",
      "IndexStmt",      "ListenStmt",          "LockStmt",           "NotifyStmt",
      "ReindexStmt",    "UnlistenStmt",        "VacuumStmt",         "VariableShowStmt",
      "ViewStmt",
  };
  return kinds;
}

// ALTER TABLE subcommands that change no stored data and evaluate nothing.
const std::set<std::string>& quiet_subcommands() {
  static const std::set<std::string> kinds = {
      "AT_AddIdentity",
      "AT_AddIndex",
      "AT_AddIndexConstraint",
      "AT_AddInherit",
      "AT_AddOf",
      "AT_AlterConstraint",
      "AT_AttachPartition",
      "AT_ChangeOwner",
      "AT_ClusterOn",
      "AT_ColumnDefault",
      "AT_DetachPartition",
      "AT_DetachPartitionFinalize",
      "AT_DisableRowSecurity",
      "AT_DisableRule",
      "AT_DisableTrig",
      "AT_DisableTrigAll",
      "AT_DisableTrigUser",
      "AT_DropCluster",
      "AT_DropConstraint",
      "AT_DropExpression",
      "AT_DropIdentity",
      "AT_DropInherit",
      "AT_DropNotNull",
      "AT_DropOf",
      "AT_EnableRowSecurity",
      "AT_ForceRowSecurity",
      "AT_GenericOptions",
      "AT_NoForceRowSecurity",
      "AT_ReplicaIdentity",
      "AT_ReplaceRelOptions",
      "AT_ResetOptions",
      "AT_ResetRelOptions",
      "AT_SetCompression",
      "AT_SetIdentity",
      "AT_SetLogged",
      "AT_SetNotNull",
      "AT_SetOptions",
      "AT_SetRelOptions",
      "AT_SetStatistics",
      "AT_SetStorage",
      "AT_SetTableSpace",
      "AT_SetAccessMethod",
      "AT_ValidateConstraint",
  };
  return kinds;
}

class Analyzer {
 public:
  explicit Analyzer(StatementEffects& out) : out_(out) {}

  void statement(const json& stmt) {
    const std::string kind = node_name(stmt);
    if (kind.empty()) {
      opaque("an empty or unknown parse tree");
      return;
    }
    const json& s = stmt[kind];
    if (kind == "SelectStmt" || kind == "InsertStmt" || kind == "UpdateStmt" ||
        kind == "DeleteStmt" || kind == "MergeStmt" || kind == "ExplainStmt" ||
        kind == "PrepareStmt") {
      if (kind == "SelectStmt" && field(s, "intoClause").is_object())
        created(relation(field(field(s, "intoClause"), "rel")));
      walk(stmt, true);
    } else if (kind == "CreateTableAsStmt") {
      created(relation(field(field(s, "into"), "rel")));
      walk(field(s, "query"), true);
    } else if (kind == "CreateStmt") {
      create_table(s);
    } else if (kind == "CreateForeignTableStmt") {
      walk(stmt, false);  // its rows live elsewhere
    } else if (kind == "TruncateStmt") {
      for (const auto& r : array_field(s, "relations"))
        deletes("truncates " + relation(field(r, "RangeVar")).to_string());
    } else if (kind == "DropStmt") {
      drop(s);
    } else if (kind == "DropdbStmt") {
      deletes("drops database " + text_field(s, "dbname"));
    } else if (kind == "DropOwnedStmt") {
      deletes("drops every object owned by a role (DROP OWNED)");
    } else if (kind == "AlterTableStmt") {
      alter_table(s);
    } else if (kind == "RenameStmt") {
      rename(s);
    } else if (kind == "AlterObjectSchemaStmt") {
      if (text_field(s, "objectType") == "OBJECT_TABLE" && field(s, "relation").is_object()) {
        TableEvent e = event(TableEvent::Kind::kRenameTable);
        e.table = relation(field(s, "relation"));
        e.renamed_to = RelationName{text_field(s, "newschema"), e.table.name};
        out_.events.push_back(e);
      }
    } else if (kind == "CreateSchemaStmt") {
      for (const auto& elt : array_field(s, "schemaElts")) statement(elt);
    } else if (kind == "AlterDomainStmt") {
      // ADD CONSTRAINT checks the domain's existing values.
      walk(field(s, "def"), text_field(s, "subtype") == "C");
    } else if (kind == "DefineStmt") {
      if (text_field(s, "kind") != "OBJECT_COLLATION")
        opaque("defines " + object_kind(text_field(s, "kind")) +
               " (code reconcile cannot classify)");
    } else if (kind == "VariableSetStmt") {
      if (text_field(s, "name") == "search_path")
        opaque("changes search_path, which changes what later names resolve to");
    } else if (kind == "DoStmt") {
      opaque("runs a DO block (code reconcile cannot classify)");
    } else if (kind == "CallStmt") {
      opaque("calls procedure " + joined(name_list(field(field(s, "funccall"), "funcname"))) +
             "() (code reconcile cannot classify)");
    } else if (kind == "ExecuteStmt") {
      opaque("executes prepared statement " + text_field(s, "name"));
    } else if (kind == "CopyStmt") {
      opaque("runs COPY (reads or writes files or programs)");
    } else if (kind == "CreateFunctionStmt") {
      opaque(std::string(field(s, "is_procedure").is_boolean() && s["is_procedure"].get<bool>()
                             ? "defines procedure "
                             : "defines function ") +
             joined(name_list(field(s, "funcname"))) + " (code reconcile cannot classify)");
    } else if (kind == "CreateTrigStmt") {
      opaque("creates trigger " + text_field(s, "trigname") + " (runs code on data changes)");
    } else if (kind == "RuleStmt") {
      opaque("creates rule " + text_field(s, "rulename") + " (rewrites data changes)");
    } else if (kind == "CreateEventTrigStmt") {
      opaque("creates event trigger " + text_field(s, "trigname"));
    } else if (kind == "TransactionStmt") {
      opaque("controls the transaction (" + text_field(s, "kind") +
             "), which breaks the revision's own transaction");
    } else if (kind == "RefreshMatViewStmt") {
      opaque("refreshes a materialized view (runs its query)");
    } else if (quiet_statements().count(kind)) {
      walk(stmt, false);
    } else {
      opaque(kind + " is a statement reconcile does not classify");
    }
  }

 private:
  StatementEffects& out_;

  void deletes(const std::string& what) { out_.deletes.push_back(what); }
  void opaque(const std::string& why) { out_.opaque.push_back(why); }

  static std::string object_kind(const std::string& object_type) {
    std::string k = object_type.rfind("OBJECT_", 0) == 0 ? object_type.substr(7) : object_type;
    for (auto& c : k)
      c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k;
  }

  void created(const RelationName& table) {
    TableEvent e = event(TableEvent::Kind::kCreateTable);
    e.table = table;
    e.columns_known = false;
    out_.events.push_back(e);
  }

  // Nested data-changing statements anywhere; with `evaluated`, calls of
  // functions that may have side effects and non-catalog operators.
  void walk(const json& node, bool evaluated) {
    if (node.is_array()) {
      for (const auto& e : node) walk(e, evaluated);
      return;
    }
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (key == "DeleteStmt") {
        deletes("deletes rows from " + relation(field(v, "relation")).to_string());
      } else if (key == "UpdateStmt") {
        deletes("updates rows of " + relation(field(v, "relation")).to_string());
      } else if (key == "MergeStmt") {
        for (const auto& w : array_field(v, "mergeWhenClauses")) {
          std::string cmd = text_field(field(w, "MergeWhenClause"), "commandType");
          if (cmd == "CMD_DELETE" || cmd == "CMD_UPDATE") {
            deletes("merges into " + relation(field(v, "relation")).to_string() +
                    " (updates or deletes rows)");
            break;
          }
        }
      } else if (key == "InsertStmt") {
        if (text_field(field(v, "onConflictClause"), "action") == "ONCONFLICT_UPDATE")
          deletes("overwrites rows of " + relation(field(v, "relation")).to_string() +
                  " (INSERT ... ON CONFLICT DO UPDATE)");
      } else if (key == "FuncCall" && evaluated) {
        auto name = name_list(field(v, "funcname"));
        if (!side_effect_free_function(name))
          opaque("calls function " + joined(name) +
                 "(), which is not known to be free of side "
                 "effects");
      } else if (key == "A_Expr" && evaluated) {
        auto name = name_list(field(v, "name"));
        if (name.size() > 1 && name.front() != "pg_catalog")
          opaque("uses operator " + joined(name) + " (code reconcile cannot classify)");
      }
      walk(v, evaluated);
    }
  }

  // Calls in `expr` (evaluated over the rows of `table`) that may have side
  // effects become kEvaluates events; nested statements are reported as usual.
  void evaluated_over(const RelationName& table, const json& expr) {
    StatementEffects inner;
    Analyzer nested(inner);
    nested.walk(expr, true);
    for (auto& d : inner.deletes) out_.deletes.push_back(std::move(d));
    for (auto& why : inner.opaque) {
      const std::string prefix = "calls function ";
      if (why.rfind(prefix, 0) == 0) {
        TableEvent e = event(TableEvent::Kind::kEvaluates);
        e.table = table;
        e.call = why.substr(prefix.size(), why.find("()") - prefix.size()) + "()";
        out_.events.push_back(e);
      } else {
        out_.opaque.push_back(std::move(why));
      }
    }
  }

  void create_table(const json& s) {
    TableEvent e = event(TableEvent::Kind::kCreateTable);
    e.table = relation(field(s, "relation"));
    e.columns_known = !field(s, "inhRelations").is_array() && !field(s, "partbound").is_object() &&
                      !field(s, "ofTypename").is_object();
    for (const auto& elt : array_field(s, "tableElts")) {
      if (node_name(elt) == "ColumnDef") {
        const json& c = elt["ColumnDef"];
        e.columns.emplace_back(text_field(c, "colname"), format_type_name(field(c, "typeName")));
      } else if (node_name(elt) == "TableLikeClause") {
        e.columns_known = false;
      }
    }
    out_.events.push_back(e);
    // Defaults and checks of a new table are not evaluated: it has no rows.
    walk(s, false);
  }

  void drop(const json& s) {
    const std::string type = text_field(s, "removeType");
    const bool cascade = text_field(s, "behavior") == "DROP_CASCADE";
    const bool data =
        type == "OBJECT_TABLE" || type == "OBJECT_MATVIEW" || type == "OBJECT_EXTENSION";
    for (const auto& o : array_field(s, "objects")) {
      std::string name;
      if (o.contains("List"))
        name = joined(name_list(field(o["List"], "items")));
      else if (o.contains("TypeName"))
        name = joined(name_list(field(o["TypeName"], "names")));
      else if (o.contains("String"))
        name = text_field(o["String"], "sval");
      else if (o.contains("ObjectWithArgs"))
        name = joined(name_list(field(o["ObjectWithArgs"], "objname")));
      if (data || cascade)
        deletes("drops " + object_kind(type) + " " + name + (cascade ? " with CASCADE" : ""));
      if (type == "OBJECT_TABLE") {
        auto parts = name_list(field(o.value("List", json::object()), "items"));
        TableEvent e = event(TableEvent::Kind::kDropTable);
        if (parts.size() >= 2) e.table = RelationName{parts[parts.size() - 2], parts.back()};
        if (parts.size() == 1) e.table = RelationName{"", parts.back()};
        out_.events.push_back(e);
      }
    }
  }

  static UsingKind using_kind(const json& expr, const std::string& column) {
    if (expr.is_null()) return UsingKind::kNone;
    const json* e = &expr;
    while (node_name(*e) == "TypeCast") {
      e = &field((*e)["TypeCast"], "arg");
    }
    if (node_name(*e) == "ColumnRef") {
      auto fields = name_list(field((*e)["ColumnRef"], "fields"));
      if (fields.size() == 1 && fields[0] == column)
        return UsingKind::kCastOfColumn;  // a bare column reference converts like a cast
    }
    return UsingKind::kExpression;
  }

  void alter_table(const json& s) {
    const RelationName table = relation(field(s, "relation"));
    const std::string objtype = text_field(s, "objtype");
    for (const auto& c : array_field(s, "cmds")) {
      const json& cmd = field(c, "AlterTableCmd");
      const std::string sub = text_field(cmd, "subtype");
      const std::string name = text_field(cmd, "name");
      const json& def = field(cmd, "def");
      if (sub == "AT_DropColumn") {
        deletes(std::string(objtype == "OBJECT_TYPE" ? "drops attribute " : "drops column ") +
                table.to_string() + "." + name);
        TableEvent e = event(TableEvent::Kind::kDropColumn);
        e.table = table;
        e.column = name;
        out_.events.push_back(e);
      } else if (sub == "AT_AddColumn") {
        const json& col = field(def, "ColumnDef");
        TableEvent e = event(TableEvent::Kind::kAddColumn);
        e.table = table;
        e.column = text_field(col, "colname");
        e.type = format_type_name(field(col, "typeName"));
        out_.events.push_back(e);
        for (const auto& con : array_field(col, "constraints")) {
          const json& k = field(con, "Constraint");
          const std::string ct = text_field(k, "contype");
          // A generated column's expression must be immutable; a default or
          // a check runs for every existing row.
          if (ct == "CONSTR_DEFAULT" || ct == "CONSTR_CHECK")
            evaluated_over(table, field(k, "raw_expr"));
          else
            walk(k, false);
        }
      } else if (sub == "AT_AlterColumnType") {
        const json& col = field(def, "ColumnDef");
        TableEvent e = event(TableEvent::Kind::kAlterColumnType);
        e.table = table;
        e.column = name;
        e.type = format_type_name(field(col, "typeName"));
        e.using_kind = using_kind(field(col, "raw_default"), name);
        out_.events.push_back(e);
        if (e.using_kind == UsingKind::kExpression)
          evaluated_over(table, field(col, "raw_default"));
      } else if (sub == "AT_AddConstraint") {
        const json& k = field(def, "Constraint");
        // A check runs over the existing rows now, or (NOT VALID) when it is validated.
        if (text_field(k, "contype") == "CONSTR_CHECK")
          evaluated_over(table, field(k, "raw_expr"));
        else
          walk(def, false);
      } else if (sub == "AT_SetUnLogged") {
        opaque("makes " + table.to_string() + " unlogged (PostgreSQL empties it after a crash)");
      } else if (sub.rfind("AT_Enable", 0) == 0 && sub.find("RowSecurity") == std::string::npos) {
        opaque("enables a trigger or rule on " + table.to_string() +
               " (runs code on data changes)");
      } else if (quiet_subcommands().count(sub)) {
        walk(def, false);
      } else {
        opaque("ALTER TABLE subcommand " + sub + " is not one reconcile classifies");
      }
    }
  }

  void rename(const json& s) {
    const std::string type = text_field(s, "renameType");
    if (type == "OBJECT_TABLE" && field(s, "relation").is_object()) {
      TableEvent e = event(TableEvent::Kind::kRenameTable);
      e.table = relation(field(s, "relation"));
      e.renamed_to = RelationName{e.table.schema, text_field(s, "newname")};
      out_.events.push_back(e);
    } else if (type == "OBJECT_COLUMN" && text_field(s, "relationType") == "OBJECT_TABLE") {
      TableEvent e = event(TableEvent::Kind::kRenameColumn);
      e.table = relation(field(s, "relation"));
      e.column = text_field(s, "subname");
      e.new_name = text_field(s, "newname");
      out_.events.push_back(e);
    }
  }
};

std::string const_text(const json& node) {
  const std::string kind = node_name(node);
  const json& c = node.is_object() && !kind.empty() ? node[kind] : node;
  if (kind == "A_Const") {
    if (c.contains("ival"))
      return std::to_string(
          field(c["ival"], "ival").is_number() ? c["ival"]["ival"].get<long long>() : 0);
    if (c.contains("fval")) return text_field(c["fval"], "fval");
    if (c.contains("sval")) return text_field(c["sval"], "sval");
    if (c.contains("boolval")) return field(c["boolval"], "boolval") == true ? "true" : "false";
    return "";
  }
  if (kind == "ColumnRef") return joined(name_list(field(c, "fields")));
  return "";
}

}  // namespace

bool side_effect_free_function(const std::vector<std::string>& name) {
  if (name.empty() || name.size() > 2) return false;
  if (name.size() == 2 && name.front() != "pg_catalog") return false;
  const std::string& n = name.back();
  return side_effect_free_names().count(n) > 0;
}

std::string format_type_name(const json& type_name) {
  if (!type_name.is_object()) return "";
  auto names = name_list(field(type_name, "names"));
  if (names.empty() || std::find(names.begin(), names.end(), "") != names.end()) return "";
  const bool catalog = names.size() == 2 && names[0] == "pg_catalog";
  const bool builtin_spelling = catalog || names.size() == 1;
  std::vector<std::string> mods;
  for (const auto& m : array_field(type_name, "typmods")) {
    std::string t = const_text(m);
    if (t.empty()) return "";
    mods.push_back(t);
  }
  static const std::map<std::string, std::string> kAliases = {
      {"int2", "smallint"},
      {"smallint", "smallint"},
      {"int4", "integer"},
      {"int", "integer"},
      {"integer", "integer"},
      {"int8", "bigint"},
      {"bigint", "bigint"},
      {"float4", "real"},
      {"real", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"boolean", "boolean"},
      {"varchar", "character varying"},
      {"bpchar", "character"},
      {"varbit", "bit varying"},
      {"decimal", "numeric"},
      {"numeric", "numeric"},
      {"timestamp", "timestamp without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"},
      {"timetz", "time with time zone"},
  };
  std::string base;
  if (builtin_spelling) {
    auto it = kAliases.find(names.back());
    base = it != kAliases.end() ? it->second
           : catalog            ? names.back()
                                : catalog::quote_ident(names.back());
  } else {
    base = catalog::quote_ident(names[0]);
    for (size_t i = 1; i < names.size(); ++i) base += "." + catalog::quote_ident(names[i]);
  }
  std::string out;
  auto join_mods = [&] {
    std::string m;
    for (const auto& x : mods) m += (m.empty() ? "" : ",") + x;
    return "(" + m + ")";
  };
  if (mods.empty()) {
    out = base;
  } else if (base == "numeric") {
    out = mods.size() == 1 ? "numeric(" + mods[0] + ",0)" : base + join_mods();
  } else if (base.rfind("timestamp ", 0) == 0 || base.rfind("time ", 0) == 0) {
    const size_t sp = base.find(' ');
    out = base.substr(0, sp) + join_mods() + base.substr(sp);
  } else if (base == "interval") {
    return "";  // interval fields are encoded in the modifiers
  } else {
    out = base + join_mods();
  }
  if (!array_field(type_name, "arrayBounds").empty()) out += "[]";
  return out;
}

StatementEffects analyze_statement(const json& stmt) {
  StatementEffects out;
  Analyzer(out).statement(stmt);
  return out;
}

StatementEffects analyze(const std::string& sql) {
  StatementEffects out;
  ParseResult r = parse(sql);
  if (!r.ok()) {
    out.opaque.push_back("it does not parse with the PostgreSQL 15 grammar (" + r.error->message +
                         ")");
    return out;
  }
  if (r.statements.empty()) return out;
  for (const auto& s : r.statements) {
    StatementEffects one = analyze_statement(s.value("stmt", json::object()));
    for (auto& d : one.deletes) out.deletes.push_back(std::move(d));
    for (auto& o : one.opaque) out.opaque.push_back(std::move(o));
    for (auto& e : one.events) out.events.push_back(std::move(e));
  }
  return out;
}

}  // namespace reconcile::sql
