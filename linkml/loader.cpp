#include "linkml/loader.h"

#include <deque>
#include <filesystem>
#include <functional>
#include <set>

#include "linkml/builtin_types.h"
#include "linkml/loader_checks.h"
#include "linkml/yaml_document.h"
#include "linkml/yaml_schema.h"

namespace reconcile::linkml {
namespace {

namespace fs = std::filesystem;

std::string normalize(const std::string& p) {
  if (p.empty()) return p;
  std::string out = fs::path(p).lexically_normal().generic_string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

std::string join(const std::string& dir, const std::string& rel) {
  if (dir.empty() || fs::path(rel).is_absolute()) return rel;
  return (fs::path(dir) / rel).generic_string();
}

bool starts_with(const std::string& s, std::string_view p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with_yaml(const std::string& s) {
  return s.size() > 5 && s.compare(s.size() - 5, 5, ".yaml") == 0;
}
bool is_url(const std::string& s) {
  return starts_with(s, "http://") || starts_with(s, "https://") || starts_with(s, "file:");
}

// The `linkml:` modules that only declare slots/types that create no table by
// themselves, so skipping them cannot change the DDL of classes that do not
// use them.
bool is_skippable_linkml_module(const std::string& local) {
  return local == "mappings";
}

struct Edge {
  int child;
  SourceLocation site;
  std::string text;  // the import as written
};

// One loaded file. Modules live in a std::deque (Loader::modules_) and are
// referred to by index: resolving an import appends modules while the
// importer is being expanded, and a deque never moves existing elements on
// push_back, so a reference to a module stays valid; code still copies what
// it needs before resolving (see expand()).
struct Module {
  yaml::ParsedModule parsed;
  std::string key;
  std::vector<Edge> children;
  bool expanded = false;
};

class Loader {
 public:
  Loader(const SourceReader& reader, const std::string& entry, const LoadOptions& options,
         Diagnostics& diags)
      : reader_(reader), entry_(entry), options_(options), diags_(diags) {
    root_dir_ = fs::path(entry).parent_path().generic_string();
  }

  SchemaDefinition run() {
    SchemaDefinition out;
    out.root_path = entry_;
    auto text = reader_.read(entry_);
    if (!text) {
      diags_.error("missing-file",
                   "schema file '" + entry_ + "' not found (" + reader_.describe() + ")",
                   {entry_, 0, 0}, "check the schema path (--schema or reconcile.yaml)");
      return out;
    }
    int root = add_file(normalize(entry_), *text, "");
    if (root < 0) {
      // add_file registered the module even though it could not be parsed.
      out.modules.push_back(modules_.front().parsed.module);
      return out;
    }
    Module& r = modules_[root];
    r.key = r.parsed.module.name.empty() ? fs::path(entry_).stem().string() : r.parsed.module.name;
    r.parsed.module.key = r.key;
    by_key_[r.key] = root;

    std::vector<int> closure = import_closure(root);
    report_cycles(root);
    merge(root, closure, out);
    run_checks(out, diags_);
    return out;
  }

 private:
  // Parses a file and registers it as a module; -1 if it cannot be parsed.
  int add_file(const std::string& path, const std::string& text, const std::string& key) {
    auto doc = yaml::parse_document(text, path, diags_);
    Module m;
    m.key = key;
    if (doc) {
      m.parsed = yaml::parse_module(doc->root(), path, diags_);
    } else {
      m.parsed.module.path = path;
      m.parsed.module.where = {path, 1, 1};
      m.parsed.empty = true;
    }
    m.parsed.module.key = key;
    if (m.parsed.module.id == kBuiltinTypesId) {
      for (auto& [name, t] : m.parsed.types) t.builtin = true;
    }
    modules_.push_back(std::move(m));
    int idx = static_cast<int>(modules_.size()) - 1;
    by_path_[path] = idx;
    return doc ? idx : -1;
  }

  int add_builtin_types(const std::string& key) {
    Module m;
    m.key = key;
    m.parsed.module.name = std::string(kBuiltinTypesName);
    m.parsed.module.id = std::string(kBuiltinTypesId);
    m.parsed.module.path = std::string(kBuiltinTypesFile);
    m.parsed.module.key = key;
    m.parsed.module.builtin = true;
    m.parsed.module.where = {std::string(kBuiltinTypesFile), 0, 0};
    m.parsed.types = builtin_type_definitions();
    modules_.push_back(std::move(m));
    return static_cast<int>(modules_.size()) - 1;
  }

  // The prefix expansion of a CURIE, using the importing module's prefixes
  // and then the root's.
  std::optional<std::string> expand_curie(const std::string& curie, int importer) const {
    auto colon = curie.find(':');
    std::string prefix = curie.substr(0, colon);
    std::string local = curie.substr(colon + 1);
    for (int m : {importer, 0}) {
      if (m < 0 || m >= static_cast<int>(modules_.size())) continue;
      if (const std::string* uri = modules_[m].parsed.module.prefixes.find(prefix)) {
        return *uri + local;
      }
    }
    return std::nullopt;
  }

  // Resolves and loads the import `key` requested at `site` by module
  // `importer`. Returns the module index, or -1 (reported) when it cannot be
  // loaded or is skipped.
  int resolve(const std::string& key, const std::string& written, const SourceLocation& site,
              int importer) {
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
    int idx = resolve_uncached(key, written, site, importer);
    by_key_[key] = idx;
    if (idx >= 0 && modules_[idx].key.empty()) {
      modules_[idx].key = key;
      modules_[idx].parsed.module.key = key;
    }
    return idx;
  }

  int resolve_uncached(const std::string& key, const std::string& written,
                       const SourceLocation& site, int importer) {
    const std::string importer_name = modules_[importer].parsed.module.name;
    std::string name = key;
    bool mapped = false;
    if (auto colon = name.find(':'); colon != std::string::npos) {
      std::string prefix = name.substr(0, colon + 1);
      if (auto it = options_.import_map.find(prefix); it != options_.import_map.end()) {
        std::string local = name.substr(colon + 1);
        name = starts_with(it->second, "http") ? it->second + local : join(it->second, local);
        mapped = true;
      }
    }
    if (auto it = options_.import_map.find(name); it != options_.import_map.end()) {
      name = it->second;
      mapped = true;
    }
    if (name.find(':') != std::string::npos && !fs::path(name).is_absolute()) {
      if (!mapped && starts_with(name, "linkml:")) return resolve_linkml(name, site, written);
      std::string url = name;
      if (!is_url(name)) {
        auto expanded = expand_curie(name, importer);
        if (!expanded) {
          diags_.error("unresolved-import",
                       "import '" + written + "' of schema '" + importer_name +
                           "' is a CURIE whose prefix '" + name.substr(0, name.find(':')) +
                           "' is not declared",
                       site,
                       "declare the prefix, or map it to a local folder with import_map (like "
                       "LinkML's --importmap)");
          return -1;
        }
        url = *expanded;
      }
      diags_.error("url-import",
                   "import '" + written + "' of schema '" + importer_name + "' refers to '" + url +
                       "', which would be fetched over the network; reconcile only reads local "
                       "files",
                   site,
                   "download the schema and map the import to it with import_map, e.g. \"" +
                       (name.find(':') != std::string::npos && !is_url(written)
                            ? written.substr(0, written.find(':') + 1)
                            : written) +
                       "\" -> a local folder or path");
      return -1;
    }
    std::string path = normalize(join(root_dir_, name) + ".yaml");
    if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
    auto text = reader_.read(path);
    if (!text && ends_with_yaml(name)) {
      // Written with its suffix: LinkML looks for `x.yaml.yaml` and fails;
      // the file meant is clear.
      const std::string bare = normalize(join(root_dir_, name));
      auto known = by_path_.find(bare);
      auto bare_text = known == by_path_.end() ? reader_.read(bare) : std::nullopt;
      if (known != by_path_.end() || bare_text) {
        diags_.warn("import-with-suffix",
                    "import '" + written + "' of schema '" + importer_name +
                        "' is written with its .yaml suffix; it is read as '" +
                        written.substr(0, written.size() - 5) + "'",
                    site, "write imports without .yaml (LinkML itself cannot load this one)");
        return known != by_path_.end() ? known->second : add_file(bare, *bare_text, key);
      }
    }
    if (!text) {
      diags_.error("unresolved-import",
                   "import '" + written + "' of schema '" + importer_name +
                       "' not found: no file '" + path + "' (" + reader_.describe() + ")",
                   site,
                   "imports are written without .yaml and are relative to the importing file; "
                   "fix the path or map the import with import_map");
      return -1;
    }
    return add_file(path, *text, key);
  }

  int resolve_linkml(const std::string& name, const SourceLocation& site,
                     const std::string& written) {
    std::string local = name.substr(std::string("linkml:").size());
    if (local == "types") return add_builtin_types(name);
    if (is_skippable_linkml_module(local)) {
      diags_.warn(
          "linkml-import-skipped",
          "import '" + written +
              "' is skipped: reconcile does not bundle LinkML's metamodel modules, and this "
              "one only declares metamodel slots, which create no tables by themselves",
          site,
          "if a class uses one of its slots, map 'linkml:' to a folder holding the LinkML "
          "metamodel files with import_map");
      return -1;
    }
    diags_.error("linkml-import-unavailable",
                 "import '" + written + "' needs LinkML's bundled metamodel module '" + local +
                     ".yaml', which reconcile does not ship; its classes and enums would become "
                     "tables and types",
                 site,
                 "map 'linkml:' to a folder holding the LinkML metamodel files with import_map "
                 "(like LinkML's --importmap)");
    return -1;
  }

  // Resolves the imports of module m (once), in order. resolve() appends to
  // modules_, so everything read from module m is copied first and m is
  // only ever named by its index.
  void expand(int m) {
    if (modules_[m].expanded) return;
    modules_[m].expanded = true;
    const SchemaModule mod = modules_[m].parsed.module;
    const std::string parent_key = modules_[m].key;
    for (size_t i = 0; i < mod.imports.size(); ++i) {
      std::string imp = mod.imports[i];
      SourceLocation site = i < mod.import_locations.size() ? mod.import_locations[i] : mod.where;
      if (imp == parent_key) {
        diags_.warn("import-cycle", "schema '" + mod.name + "' imports itself; ignored", site,
                    "remove the self-import");
        continue;
      }
      std::string key = imp;
      if (parent_key.find('/') != std::string::npos && imp.find(':') == std::string::npos &&
          !fs::path(imp).is_absolute()) {
        key = normalize(join(fs::path(parent_key).parent_path().generic_string(), imp));
      }
      int child = resolve(key, imp, site, m);
      if (child >= 0) modules_[m].children.push_back({child, site, imp});
    }
  }

  // LinkML's imports_closure: DFS with a stack, each visited module prepended,
  // then de-duplicated keeping the first occurrence. Deepest first.
  std::vector<int> import_closure(int root) {
    std::vector<int> stack = {root};
    std::set<int> visited;
    std::deque<int> closure;
    while (!stack.empty()) {
      int m = stack.back();
      stack.pop_back();
      if (!visited.count(m)) {
        expand(m);
        for (const Edge& e : modules_[m].children) stack.push_back(e.child);
      }
      closure.push_front(m);
      visited.insert(m);
    }
    std::vector<int> out;
    std::set<int> seen;
    for (int m : closure) {
      if (seen.insert(m).second) out.push_back(m);
    }
    return out;
  }

  void report_cycles(int root) {
    std::vector<int> color(modules_.size(), 0);  // 0 new, 1 on path, 2 done
    std::vector<int> path;
    std::function<void(int)> dfs = [&](int m) {
      color[m] = 1;
      path.push_back(m);
      for (const Edge& e : modules_[m].children) {
        if (color[e.child] == 1) {
          std::string chain;
          bool on = false;
          for (int p : path) {
            if (p == e.child) on = true;
            if (on) chain += display(p) + " -> ";
          }
          chain += display(e.child);
          diags_.warn("import-cycle",
                      "import cycle: " + chain +
                          "; LinkML loads each module once, so the cycle is tolerated",
                      e.site, "remove one of the imports to break the cycle");
        } else if (color[e.child] == 0) {
          dfs(e.child);
        }
      }
      path.pop_back();
      color[m] = 2;
    };
    dfs(root);
  }

  std::string display(int m) const {
    const auto& mod = modules_[m].parsed.module;
    return mod.name.empty() ? modules_[m].key : mod.name;
  }

  std::string reason(int winner, int root) const {
    if (winner == root) return "the root schema's definition wins";
    return "the first definition in import-closure order wins (imports merge deepest first)";
  }

  template <typename T>
  void merge_collection(Ordered<T>& dest, Ordered<T>& src, std::map<std::string, int>& owner, int m,
                        int root, const std::string& kind_code, const std::string& kind) {
    for (auto& [name, def] : src) {
      if (T* existing = dest.find(name)) {
        report_duplicate(*existing, def, owner[name], m, root, kind_code, kind);
        continue;
      }
      owner[name] = m;
      dest.insert(name, std::move(def));
    }
  }

  template <typename T>
  void report_duplicate(const T& winner, const T& loser, int winner_module, int, int root,
                        const std::string& code, const std::string& kind) {
    diags_.warn(code,
                kind + " '" + loser.name + "' is also defined at " + format_location(winner.where) +
                    "; that definition is used and this one is ignored (" +
                    reason(winner_module, root) + ")",
                loser.where, "rename one of them, or remove the duplicate");
  }

  void report_duplicate(const TypeDefinition& winner, const TypeDefinition& loser,
                        int winner_module, int m, int root, const std::string& code,
                        const std::string& kind) {
    if (loser.builtin && !loser.where.file.empty() && loser.where.line == 0) {
      // The loser is a built-in type (no file): report at the user's type.
      diags_.warn(code,
                  "type '" + winner.name +
                      "' shadows the LinkML built-in type of the same name "
                      "from linkml:types; this definition is used",
                  winner.where,
                  "rename the type unless it is meant to replace the built-in one (LinkML's SQL "
                  "generator still maps the built-in names by name)");
      return;
    }
    report_duplicate<TypeDefinition>(winner, loser, winner_module, m, root, code, kind);
  }

  void report_duplicate(const SlotDefinition& winner, const SlotDefinition& loser,
                        int winner_module, int, int root, const std::string&, const std::string&) {
    std::string diff = slot_differences(winner, loser);
    if (diff.empty()) return;  // the same declaration twice: harmless
    diags_.warn("conflicting-slot",
                "slot '" + loser.name + "' is declared at " + format_location(winner.where) +
                    " and at " + format_location(loser.where) + " with different " + diff +
                    "; the one at " + format_location(winner.where) + " is used (" +
                    reason(winner_module, root) + ")",
                loser.where, "declare the slot once, or give the two slots different names");
  }

  void merge(int root, const std::vector<int>& closure, SchemaDefinition& out) {
    Module& r = modules_[root];
    out.name = r.parsed.module.name;
    out.id = r.parsed.module.id;
    out.default_range = r.parsed.module.default_range;
    out.default_prefix = r.parsed.module.default_prefix;
    out.annotations = r.parsed.annotations;
    std::vector<int> order = {root};
    for (int m : closure) {
      if (m != root) order.push_back(m);
    }
    for (int m : order) {
      if (m != root) out.modules.push_back(modules_[m].parsed.module);
    }
    out.modules.push_back(r.parsed.module);
    std::map<std::string, int> class_owner, slot_owner, type_owner, enum_owner;
    for (int m : order) {
      yaml::ParsedModule& p = modules_[m].parsed;
      merge_collection(out.classes, p.classes, class_owner, m, root, "duplicate-class", "class");
      merge_collection(out.slots, p.slots, slot_owner, m, root, "conflicting-slot", "slot");
      merge_collection(out.types, p.types, type_owner, m, root, "duplicate-type", "type");
      merge_collection(out.enums, p.enums, enum_owner, m, root, "duplicate-enum", "enum");
      for (const auto& [pfx, uri] : p.module.prefixes) out.prefixes.insert(pfx, uri);
    }
  }

  const SourceReader& reader_;
  std::string entry_;
  const LoadOptions& options_;
  Diagnostics& diags_;
  std::string root_dir_;
  std::deque<Module> modules_;  // indexed by module number; never shrinks
  std::map<std::string, int> by_key_;
  std::map<std::string, int> by_path_;
};

}  // namespace

LoadResult load_schema(const SourceReader& reader, const std::string& entry_path,
                       const LoadOptions& options) {
  LoadResult result;
  Loader loader(reader, entry_path, options, result.diagnostics);
  result.schema = loader.run();
  return result;
}

}  // namespace reconcile::linkml
