#include "linkml/mapping/literals.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/catalog/names.h"

namespace reconcile::mapping {
namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string strip_zeros(const std::string& digits) {
  size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return digits.substr(i);
}

bool is_integer_type(const std::string& t) {
  return t == "integer" || t == "bigint" || t == "smallint";
}

// `column op constant` as PostgreSQL prints it after coercion.
std::optional<std::string> comparison(const std::string& column, const std::string& type,
                                      const char* op, const NumericConst& c) {
  const std::string col = catalog::quote_ident(column);
  if (is_integer_type(type)) {
    if (c.kind == ConstKind::kNumeric) return "(" + col + ")::numeric " + op + " " + c.text;
    return col + " " + op + " " + c.text;
  }
  if (type == "numeric") {
    if (c.kind == ConstKind::kNumeric) return col + " " + op + " " + c.text;
    return col + " " + op + " (" + c.text + ")::numeric";
  }
  if (type == "double precision") return col + " " + op + " (" + c.text + ")::double precision";
  return std::nullopt;
}

// Text between "name(" and ")" when `s` has that form.
std::optional<std::string> call_argument(const std::string& s, const std::string& name) {
  if (s.size() < name.size() + 2 || s.compare(0, name.size() + 1, name + "(") != 0 ||
      s.back() != ')')
    return std::nullopt;
  return s.substr(name.size() + 1, s.size() - name.size() - 2);
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

std::optional<NumericConst> parse_numeric(const std::string& literal) {
  std::string s = literal;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s = s.substr(1);
  }
  if (s.empty()) return std::nullopt;
  size_t dot = s.find('.');
  NumericConst out;
  if (dot == std::string::npos) {
    if (!all_digits(s)) return std::nullopt;
    std::string digits = strip_zeros(s);
    if (digits == "0") negative = false;
    std::string signed_text = (negative ? "-" : "") + digits;
    if (digits.size() <= 19) {
      errno = 0;
      long long v = std::strtoll(signed_text.c_str(), nullptr, 10);
      bool fits8 = errno != ERANGE;
      if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
        out.kind = ConstKind::kInt4;
        out.text = negative ? "'" + signed_text + "'::integer" : digits;
        return out;
      }
      if (fits8) {
        out.kind = ConstKind::kInt8;
        out.text = "'" + signed_text + "'::bigint";
        return out;
      }
    }
    out.kind = ConstKind::kNumeric;
    out.text = "'" + signed_text + "'::numeric";
    return out;
  }
  std::string ip = s.substr(0, dot), fp = s.substr(dot + 1);
  if ((!ip.empty() && !all_digits(ip)) || (!fp.empty() && !all_digits(fp)) ||
      (ip.empty() && fp.empty()))
    return std::nullopt;
  ip = ip.empty() ? "0" : strip_zeros(ip);
  std::string value = fp.empty() ? ip : ip + "." + fp;
  out.kind = ConstKind::kNumeric;
  if (negative) {
    out.text = "'-" + value + "'::numeric";
  } else if (fp.empty()) {
    out.text = "'" + value + "'::numeric";
  } else {
    out.text = value;
  }
  return out;
}

std::optional<std::string> range_check_expression(const std::string& column,
                                                  const std::string& type,
                                                  const std::optional<std::string>& minimum,
                                                  const std::optional<std::string>& maximum) {
  std::optional<std::string> lo, hi;
  if (minimum) {
    auto c = parse_numeric(*minimum);
    if (!c) return std::nullopt;
    lo = comparison(column, type, ">=", *c);
    if (!lo) return std::nullopt;
  }
  if (maximum) {
    auto c = parse_numeric(*maximum);
    if (!c) return std::nullopt;
    hi = comparison(column, type, "<=", *c);
    if (!hi) return std::nullopt;
  }
  if (lo && hi) return "((" + *lo + ") AND (" + *hi + "))";
  if (lo) return "(" + *lo + ")";
  if (hi) return "(" + *hi + ")";
  return std::nullopt;
}

std::optional<std::string> ifabsent_default(const std::string& ifabsent, const std::string& type,
                                            std::string& why) {
  const std::string v = ifabsent;
  if (v == "true" || v == "True") {
    if (type != "boolean") {
      why = "a boolean default on a column of type " + type;
      return std::nullopt;
    }
    return std::string("true");
  }
  if (v == "false" || v == "False") {
    if (type != "boolean") {
      why = "a boolean default on a column of type " + type;
      return std::nullopt;
    }
    return std::string("false");
  }
  if (auto a = call_argument(v, "string")) {
    if (type == "boolean" || is_integer_type(type) || type == "numeric" ||
        type == "double precision") {
      why = "a string default on a column of type " + type;
      return std::nullopt;
    }
    return catalog::quote_literal(*a) + "::" + type;
  }
  for (const char* fn : {"int", "float", "decimal"}) {
    if (auto a = call_argument(v, fn)) {
      auto c = parse_numeric(*a);
      if (!c) {
        why = "'" + *a + "' is not a number";
        return std::nullopt;
      }
      if (!(is_integer_type(type) || type == "numeric" || type == "double precision")) {
        why = "a numeric default on a column of type " + type;
        return std::nullopt;
      }
      return c->text;
    }
  }
  if (auto a = call_argument(v, "date")) {
    if (*a == "today" || *a == "now") return std::string("CURRENT_DATE");
    if (!is_iso_date(*a)) {
      why = "date(" + *a + ") is not an ISO date (YYYY-MM-DD)";
      return std::nullopt;
    }
    return catalog::quote_literal(*a) + "::" + (type == "date" ? std::string("date") : type);
  }
  if (v == "date_now" || v == "date(today)") return std::string("CURRENT_DATE");
  if (v == "datetime_now" || v == "datetime(now)" || v == "now") return std::string("now()");
  if (call_argument(v, "datetime")) {
    why =
        "only datetime(now) is supported as a datetime default (a fixed timestamp depends "
        "on the server's time zone); use the sql_default annotation";
    return std::nullopt;
  }
  why = "'" + v + "' has no SQL equivalent";
  return std::nullopt;
}

}  // namespace reconcile::mapping
