// classify_type_change: a small table of casts PostgreSQL applies implicitly
// (or in assignment) and of changes that are binary coercible. Anything not
// listed gets `USING col::type` and counts as a table rewrite, which is always
// safe.
#include <array>
#include <string>

#include "core/plan/planner.h"

namespace reconcile::plan {

namespace {

struct ParsedType {
  std::string base;  // without the modifier: "character varying", "numeric", ...
  std::vector<long> args;
  bool array = false;
};

ParsedType parse(std::string t) {
  ParsedType p;
  while (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    p.array = true;
    t.resize(t.size() - 2);
  }
  const size_t open = t.find('(');
  const size_t close = t.find(')', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos && t.find('"') == std::string::npos) {
    std::string inner = t.substr(open + 1, close - open - 1);
    p.base = t.substr(0, open) + t.substr(close + 1);
    size_t pos = 0;
    while (pos <= inner.size()) {
      size_t comma = inner.find(',', pos);
      if (comma == std::string::npos) comma = inner.size();
      try {
        p.args.push_back(std::stol(inner.substr(pos, comma - pos)));
      } catch (...) {
        p.args.push_back(0);
      }
      pos = comma + 1;
    }
  } else {
    p.base = t;
  }
  return p;
}

bool is_string(const std::string& b) {
  return b == "text" || b == "character varying";
}

int int_rank(const std::string& b) {
  if (b == "smallint") return 1;
  if (b == "integer") return 2;
  if (b == "bigint") return 3;
  return 0;
}

TypeChange classify_scalar(const ParsedType& f, const ParsedType& t) {
  TypeChange r;
  if (f.base == t.base) {
    r.needs_using = false;
    if (f.base == "character varying" || f.base == "bit varying") {
      if (t.args.empty()) {
        r.rewrites = false;
      } else if (!f.args.empty() && t.args[0] >= f.args[0]) {
        r.rewrites = false;
      } else {
        r.narrows = true;
      }
      return r;
    }
    if (f.base == "numeric") {
      if (t.args.empty()) {
        r.rewrites = false;
        return r;
      }
      if (f.args.empty()) {
        r.narrows = true;
        return r;
      }
      const long fp = f.args[0], fs = f.args.size() > 1 ? f.args[1] : 0;
      const long tp = t.args[0], ts = t.args.size() > 1 ? t.args[1] : 0;
      if (ts == fs && tp >= fp) r.rewrites = false;
      if (ts < fs || tp - ts < fp - fs) r.narrows = true;
      return r;
    }
    // Other modifiers (timestamp precision, character(n), ...): a rewrite
    // that may shorten values.
    if (!t.args.empty() && (f.args.empty() || t.args[0] < f.args[0])) r.narrows = true;
    return r;
  }
  // Different base types.
  if (f.base == "character varying" && t.base == "text") {
    r.needs_using = false;
    r.rewrites = false;
    return r;
  }
  if (is_string(t.base)) {  // assignment casts to string types exist for every type
    r.needs_using = false;
    r.narrows = !t.args.empty();
    return r;
  }
  const int fr = int_rank(f.base), tr = int_rank(t.base);
  if (fr && tr) {
    r.needs_using = false;
    r.narrows = tr < fr;
    return r;
  }
  if (fr && (t.base == "numeric" || t.base == "double precision" || t.base == "real")) {
    r.needs_using = false;
    r.narrows = t.base == "real" || (t.base == "numeric" && !t.args.empty());
    return r;
  }
  if (f.base == "real" && t.base == "double precision") {
    r.needs_using = false;
    return r;
  }
  if (f.base == "double precision" && t.base == "real") {
    r.needs_using = false;
    r.narrows = true;
    return r;
  }
  if ((f.base == "timestamp without time zone" && t.base == "timestamp with time zone") ||
      (f.base == "timestamp with time zone" && t.base == "timestamp without time zone") ||
      (f.base == "date" &&
       (t.base == "timestamp without time zone" || t.base == "timestamp with time zone"))) {
    r.needs_using = false;
    return r;
  }
  if (f.base.rfind("timestamp", 0) == 0 && t.base == "date") {
    r.needs_using = false;
    r.narrows = true;
    return r;
  }
  // Unknown: USING, rewrite; converting from a string type may lose detail.
  r.narrows = is_string(f.base);
  return r;
}

}  // namespace

TypeChange classify_type_change(const std::string& from_type, const std::string& to_type) {
  const ParsedType f = parse(from_type), t = parse(to_type);
  if (f.array != t.array) return TypeChange{true, true, true};
  TypeChange r = classify_scalar(f, t);
  if (f.array) {
    r.needs_using = r.needs_using || f.base != t.base;
    if (f.base != t.base || !(t.args.empty() || t.args == f.args)) r.rewrites = true;
  }
  return r;
}

}  // namespace reconcile::plan
