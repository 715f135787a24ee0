#include "config/config.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace reconcile::config {
namespace fs = std::filesystem;

std::string ConfigWarning::to_string() const {
  std::string s = where.to_string();
  if (!s.empty()) s += ": ";
  return s + "warning: " + message;
}

std::string Config::resolve(const std::string& path) const {
  if (path.empty()) return base_dir;
  fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(base_dir) / p).lexically_normal().string();
}

bool Config::excluded(const std::string& schema_name, const std::string& name) const {
  const std::string qualified = schema_name.empty() ? name : schema_name + "." + name;
  for (const auto& pattern : exclude) {
    if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
    if (fnmatch(pattern.c_str(), qualified.c_str(), 0) == 0) return true;
  }
  return false;
}

Config default_config(const std::string& base_dir) {
  Config c;
  std::error_code ec;
  fs::path abs = fs::absolute(base_dir.empty() ? fs::path(".") : fs::path(base_dir), ec);
  c.base_dir = (ec ? fs::path(base_dir) : abs).lexically_normal().string();
  if (c.base_dir.size() > 1 && c.base_dir.back() == '/') c.base_dir.pop_back();
  return c;
}

std::chrono::milliseconds parse_duration(const std::string& text, const SourceLocation& where,
                                         bool positive) {
  auto bad = [&] {
    return InputError("invalid duration '" + text + "'", where,
                      "write a number with a unit: 500ms, 5s, 2m, 1h (a bare number is seconds)");
  };
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
  }
  if (i == start) throw bad();
  double value = 0;
  const char* first = text.data() + start;
  const char* last = text.data() + i;
  auto [end, ec] = std::from_chars(first, last, value, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) {
    value = std::numeric_limits<double>::infinity();
  } else if (ec != std::errc() || end != last) {
    throw bad();
  }
  std::string unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  while (!unit.empty() && unit.back() == ' ') unit.pop_back();
  double factor = 0;
  if (unit.empty() || unit == "s") {
    factor = 1000;
  } else if (unit == "ms") {
    factor = 1;
  } else if (unit == "m" || unit == "min") {
    factor = 60000;
  } else if (unit == "h") {
    factor = 3600000;
  } else {
    throw bad();
  }
  const double ms = std::round(value * factor);
  if (!std::isfinite(ms) || ms > static_cast<double>(kMaxDurationMs)) {
    throw InputError("duration '" + text + "' is out of range", where,
                     "the longest accepted duration is 2147483647ms (about 24 days)");
  }
  if (positive && ms < 1) {
    throw InputError("duration '" + text + "' is too short", where,
                     "give at least 1ms (0 would mean waiting without limit)");
  }
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

int parse_count(const std::string& text, int min, int max, const SourceLocation& where) {
  int value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last || value < min || value > max) {
    throw InputError(
        "invalid count '" + text + "'", where,
        "give a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

namespace {

SourceLocation where_of(const YAML::Node& node, const std::string& file) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, m.line + 1, m.column + 1};
}

class Parser {
 public:
  Parser(std::string file, Config& out) : file_(std::move(file)), out_(out) {}

  void parse_root(const YAML::Node& root) {
    if (!root || root.IsNull()) return;
    if (!root.IsMap()) {
      throw InputError("reconcile.yaml must be a mapping of keys to values", where_of(root, file_),
                       "see README.md, section Configuration");
    }
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "schema") {
        out_.schema = non_empty_string(v, key);
      } else if (key == "migrations") {
        out_.migrations = non_empty_string(v, key);
      } else if (key == "profile") {
        out_.profile = string_value(v, key);
        if (out_.profile != "native" && out_.profile != "linkml") {
          throw InputError("profile must be 'native' or 'linkml', not '" + out_.profile + "'",
                           where_of(v, file_));
        }
      } else if (key == "schemas") {
        out_.schemas = string_list(v, key);
        if (out_.schemas.empty()) {
          throw InputError("schemas must name at least one PostgreSQL schema", where_of(v, file_));
        }
      } else if (key == "extensions") {
        out_.extensions = string_list(v, key);
      } else if (key == "exclude") {
        out_.exclude = string_list(v, key);
      } else if (key == "database") {
        if (v.IsNull()) {
          out_.database.reset();
        } else {
          out_.database = string_value(v, key);
        }
      } else if (key == "import_map") {
        out_.import_map = string_map(v, key);
      } else if (key == "lock_timeout") {
        out_.lock_timeout = parse_duration(string_value(v, key), where_of(v, file_), true);
      } else if (key == "lock_retries") {
        out_.lock_retries = parse_count(string_value(v, key), 0, 10000, where_of(v, file_));
      } else if (key == "lock_retry_for") {
        out_.lock_retry_for = parse_duration(string_value(v, key), where_of(v, file_));
      } else if (key == "lock_wait") {
        out_.lock_wait = parse_duration(string_value(v, key), where_of(v, file_));
      } else if (key == "concurrent_indexes") {
        out_.concurrent_indexes = bool_value(v, key);
      } else if (key == "hooks") {
        parse_hooks(v);
      } else if (key == "dev_db") {
        parse_dev_db(v);
      } else {
        unknown(kv.first, key, "");
      }
    }
  }

 private:
  void unknown(const YAML::Node& key_node, const std::string& key, const std::string& prefix) {
    out_.warnings.push_back({where_of(key_node, file_),
                             "unknown key '" + prefix + key + "' in reconcile.yaml (ignored)"});
  }

  std::string string_value(const YAML::Node& v, const std::string& key) {
    if (!v.IsScalar()) {
      throw InputError("'" + key + "' must be a single value", where_of(v, file_));
    }
    return v.Scalar();
  }

  std::string non_empty_string(const YAML::Node& v, const std::string& key) {
    std::string s = string_value(v, key);
    if (s.empty()) throw InputError("'" + key + "' must not be empty", where_of(v, file_));
    return s;
  }

  bool bool_value(const YAML::Node& v, const std::string& key) {
    std::string s = string_value(v, key);
    if (s == "true" || s == "True" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "False" || s == "no" || s == "off") return false;
    throw InputError("'" + key + "' must be true or false, not '" + s + "'", where_of(v, file_));
  }

  std::vector<std::string> string_list(const YAML::Node& v, const std::string& key) {
    std::vector<std::string> out;
    if (v.IsNull()) return out;
    if (v.IsScalar()) {
      out.push_back(v.Scalar());
      return out;
    }
    if (!v.IsSequence()) {
      throw InputError("'" + key + "' must be a list", where_of(v, file_));
    }
    for (const auto& item : v) {
      if (!item.IsScalar()) {
        throw InputError("every item of '" + key + "' must be a single value",
                         where_of(item, file_));
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  std::map<std::string, std::string> string_map(const YAML::Node& v, const std::string& key) {
    std::map<std::string, std::string> out;
    if (v.IsNull()) return out;
    if (!v.IsMap()) {
      throw InputError("'" + key + "' must be a mapping", where_of(v, file_));
    }
    for (const auto& kv : v) {
      if (!kv.second.IsScalar()) {
        throw InputError("every value of '" + key + "' must be a single value",
                         where_of(kv.second, file_));
      }
      out[kv.first.as<std::string>()] = kv.second.Scalar();
    }
    return out;
  }

  void parse_hooks(const YAML::Node& v) {
    if (v.IsNull()) return;
    if (!v.IsMap()) throw InputError("'hooks' must be a mapping", where_of(v, file_));
    for (const auto& kv : v) {
      const std::string key = kv.first.as<std::string>();
      if (key == "apply") {
        out_.hooks.apply = bool_value(kv.second, "hooks.apply");
      } else {
        unknown(kv.first, key, "hooks.");
      }
    }
  }

  void parse_dev_db(const YAML::Node& v) {
    if (v.IsNull()) return;
    if (!v.IsMap()) throw InputError("'dev_db' must be a mapping", where_of(v, file_));
    for (const auto& kv : v) {
      const std::string key = kv.first.as<std::string>();
      if (key == "path") {
        out_.dev_db.path = non_empty_string(kv.second, "dev_db.path");
      } else if (key == "user") {
        out_.dev_db.user = non_empty_string(kv.second, "dev_db.user");
      } else {
        unknown(kv.first, key, "dev_db.");
      }
    }
  }

  std::string file_;
  Config& out_;
};

}  // namespace

Config parse_config(const std::string& text, const std::string& file_name) {
  fs::path parent = fs::path(file_name).parent_path();
  Config c = default_config(parent.empty() ? "." : parent.string());
  c.file = file_name;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError("cannot parse reconcile.yaml: " + e.msg,
                     SourceLocation{file_name, e.mark.is_null() ? 0 : e.mark.line + 1,
                                    e.mark.is_null() ? 0 : e.mark.column + 1});
  }
  try {
    Parser(file_name, c).parse_root(root);
  } catch (const YAML::Exception& e) {
    throw InputError("invalid reconcile.yaml: " + e.msg,
                     SourceLocation{file_name, e.mark.is_null() ? 0 : e.mark.line + 1,
                                    e.mark.is_null() ? 0 : e.mark.column + 1});
  }
  return c;
}

Config load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError("cannot read configuration file " + path, SourceLocation{path, 0, 0},
                     "run `reconcile init` to write one, or pass --config FILE");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path);
}

}  // namespace reconcile::config
