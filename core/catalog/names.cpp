// Identifier quoting and PostgreSQL's default object names (see names.h).
#include "core/catalog/names.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace reconcile::catalog {
namespace {

// Every PostgreSQL 15 keyword whose category is not "unreserved"
// (pg_get_keywords() where catcode <> 'U'), sorted for binary search.
// quote_ident() must quote these; unreserved keywords may stay bare.
constexpr std::string_view kNonUnreservedKeywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

bool is_non_unreserved_keyword(std::string_view word) {
  return std::binary_search(std::begin(kNonUnreservedKeywords), std::end(kNonUnreservedKeywords),
                            word);
}

// pg_mbcliplen for UTF-8: the longest prefix of at most `limit` bytes that does
// not end inside a multibyte character.
size_t mb_clip_len(std::string_view s, size_t limit) {
  if (s.size() <= limit) return s.size();
  size_t len = limit;
  // Step back over continuation bytes (10xxxxxx) to the start of the
  // character that straddles the limit, then drop that character.
  while (len > 0 && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) --len;
  return len;
}

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: column
// names joined with '_', stopping once the text reaches NAMEDATALEN bytes.
std::string name_addition(const std::vector<std::string>& cols) {
  std::string buf;
  for (const auto& c : cols) {
    if (!buf.empty()) buf += '_';
    buf += c.substr(0, kMaxIdentifierBytes);
    if (buf.size() >= kMaxIdentifierBytes + 1) break;
  }
  return buf;
}

}  // namespace

std::string quote_ident(std::string_view name) {
  bool safe = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  size_t quotes = 0;
  for (char ch : name) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') continue;
    safe = false;
    if (ch == '"') ++quotes;
  }
  if (safe && is_non_unreserved_keyword(name)) safe = false;
  if (safe) return std::string(name);
  std::string out;
  out.reserve(name.size() + quotes + 2);
  out += '"';
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string qualified(std::string_view schema, std::string_view name) {
  return quote_ident(schema) + "." + quote_ident(name);
}

std::string collation_sql(std::string_view collation) {
  return quote_ident(collation);
}

std::string quote_literal(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char ch : value) {
    if (ch == '\'') out += '\'';
    out += ch;
  }
  out += '\'';
  return out;
}

std::string quote_text_literal(std::string_view value) {
  if (value.find('\\') == std::string_view::npos) return quote_literal(value);
  std::string out = "E'";
  for (char ch : value) {
    if (ch == '\'' || ch == '\\') out += ch;
    out += ch;
  }
  out += '\'';
  return out;
}

std::string truncate_identifier(std::string_view name) {
  return std::string(name.substr(0, mb_clip_len(name, kMaxIdentifierBytes)));
}

std::string make_object_name(std::string_view name1, std::string_view name2,
                             std::string_view label) {
  size_t name1chars = name1.size();
  size_t name2chars = name2.size();
  size_t overhead = 0;
  if (!name2.empty()) ++overhead;  // separating underscore
  if (!label.empty()) overhead += label.size() + 1;
  size_t avail = overhead >= kMaxIdentifierBytes ? 0 : kMaxIdentifierBytes - overhead;
  while (name1chars + name2chars > avail) {
    if (name1chars > name2chars)
      --name1chars;
    else
      --name2chars;
  }
  name1chars = mb_clip_len(name1, name1chars);
  std::string out(name1.substr(0, name1chars));
  if (!name2.empty()) {
    name2chars = mb_clip_len(name2, name2chars);
    out += '_';
    out += name2.substr(0, name2chars);
  }
  if (!label.empty()) {
    out += '_';
    out += label;
  }
  return out;
}

std::string default_pkey_name(std::string_view table) {
  return make_object_name(table, "", "pkey");
}

std::string default_fkey_name(std::string_view table, const std::vector<std::string>& cols) {
  return make_object_name(table, name_addition(cols), "fkey");
}

std::string default_unique_name(std::string_view table, const std::vector<std::string>& cols) {
  return make_object_name(table, name_addition(cols), "key");
}

std::string default_check_name(std::string_view table, std::string_view column) {
  return make_object_name(table, column, "check");
}

std::string default_index_name(std::string_view table, const std::vector<std::string>& cols) {
  return make_object_name(table, name_addition(cols), "idx");
}

std::string default_serial_sequence_name(std::string_view table, std::string_view column) {
  return make_object_name(table, column, "seq");
}

}  // namespace reconcile::catalog
