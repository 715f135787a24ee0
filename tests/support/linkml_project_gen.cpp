#include "support/linkml_project_gen.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

const char* const kWords[] = {
    "Sample",     "Collection", "Event",       "Environmental", "Context",     "Measurement",
    "Laboratory", "Processing", "Analysis",    "Record",        "Natural",     "Artificial",
    "Biomass",    "Resource",   "Observation", "Geographic",    "Location",    "Material",
    "Chemical",   "Treatment",  "Condition",   "Storage",       "Method",      "Parameter",
    "Assessment", "Inventory",  "Facility",    "Ontogenic",     "Association", "Miscellaneous"};

std::string pad2(int v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s = "0" + s;
  return s;
}

std::string lower_words(const std::string& camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// A YAML double-quoted scalar.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct ClassInfo {
  std::string name;
  int module = -1;
  int depth = 0;  // is_a links below BaseEntity
};

class Generator {
 public:
  explicit Generator(const ProjectShape& shape) : shape_(shape), rng_(shape.seed) {}

  GeneratedProject run() {
    core();
    for (int i = 0; i < shape_.modules; ++i) module(i);
    root();
    out_.modules = static_cast<int>(out_.files.size());
    return std::move(out_);
  }

 private:
  const ProjectShape& shape_;
  std::mt19937_64 rng_;
  GeneratedProject out_;
  std::vector<std::string> module_paths_;        // without .yaml
  std::vector<std::vector<ClassInfo>> classes_;  // per module

  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  // Camel-case words appended to `prefix` until the name is 60-120 bytes
  // long (or just the prefix without long names).
  std::string long_camel(const std::string& prefix) {
    if (!shape_.long_names) return prefix;
    const size_t target = 60 + static_cast<size_t>(pick(61));
    std::string s = prefix;
    while (s.size() < target) s += kWords[pick(static_cast<int>(std::size(kWords)))];
    return s.size() > 120 ? s.substr(0, 120) : s;
  }
  std::string long_snake(const std::string& prefix) {
    if (!shape_.long_names) return prefix;
    const size_t target = 60 + static_cast<size_t>(pick(61));
    std::string s = prefix;
    while (s.size() < target)
      s += "_" + lower_words(kWords[pick(static_cast<int>(std::size(kWords)))]);
    return s.size() > 120 ? s.substr(0, 120) : s;
  }

  std::string folder_of(int i) const {
    std::string f = "modules";
    int n = i;
    for (int level = 0; level < shape_.folder_depth; ++level) {
      const int x = n % shape_.folders_per_level;
      n /= shape_.folders_per_level;
      f += (level == 0 ? "/domain_" : "/area_") + std::to_string(x);
    }
    return f;
  }

  // The import of `target` (a path without .yaml) from a module in `dir`.
  std::string relative_import(const std::string& dir, const std::string& target) {
    const fs::path rel = fs::path(target).lexically_relative(dir);
    const std::string r = rel.generic_string();
    if (fs::path(target).parent_path().generic_string() == dir) {
      // The same folder: sometimes spelled with ./ or a detour via ../<dir>.
      switch (pick(4)) {
        case 0:
          return "./" + r;
        case 1:
          return "../" + fs::path(dir).filename().generic_string() + "/" + r;
        default:
          return r;
      }
    }
    return r;
  }

  void core() {
    std::ostringstream y;
    y << "id: https://example.org/generated/core/base\n"
         "name: generated_core_base\n"
         "prefixes:\n  linkml: https://w3id.org/linkml/\n"
         "imports:\n  - linkml:types\n"
         "default_range: string\n\n"
         "slots:\n"
         "  id:\n    identifier: true\n    range: integer\n    description: Unique identifier.\n"
         "  created_at:\n    range: datetime\n  updated_at:\n    range: datetime\n"
         "  etl_run:\n    range: EtlRun\n    description: The ETL run that wrote the row.\n"
         "  name:\n    range: string\n  description:\n    range: string\n"
         "  note:\n    range: string\n    description: Free text.\n"
         "  status:\n    range: StatusEnum\n\n"
         "classes:\n"
         "  BaseEntity:\n    abstract: true\n    description: Shared by every entity.\n"
         "    slots: [id, created_at, updated_at, etl_run]\n"
         "  Named:\n    mixin: true\n    slots: [name, description]\n"
         "  EtlRun:\n    description: \"One run of the loader – it's \\\"generated\\\".\"\n"
         "    slots: [id, note]\n\n"
         "enums:\n"
         "  StatusEnum:\n    permissible_values:\n      draft:\n      active:\n      retired:\n"
         "  MediaTypeEnum:\n    permissible_values:\n      text/plain:\n      application/json:\n";
    if (shape_.long_enum_labels) {
      y << "      application/vnd.openxmlformats-officedocument.wordprocessingml.document:\n"
           "      application/vnd.openxmlformats-officedocument.presentationml.presentation:\n";
    }
    out_.files["core/base.yaml"] = y.str();
    out_.classes += 3;
  }

  void module(int i) {
    const std::string id = pad2(i, 4);
    const std::string dir = folder_of(i);
    const std::string path = dir + "/m" + id;
    module_paths_.push_back(path);
    classes_.emplace_back();

    // Imports: core, the previous module, and one or two others before it.
    std::vector<int> imported;
    if (i > 0) imported.push_back(i - 1);
    int folders = 1;
    for (int level = 0; level < shape_.folder_depth; ++level) folders *= shape_.folders_per_level;
    if (i >= folders && i - folders != i - 1) imported.push_back(i - folders);  // same folder
    for (int n = 0; n < 2 && i > 1; ++n) {
      const int j = pick(i - 1);
      bool have = false;
      for (int x : imported) have = have || x == j;
      if (!have) imported.push_back(j);
    }
    std::ostringstream y;
    y << "id: https://example.org/generated/m" << id << "\n"
      << "name: generated_m" << id << "\n"
      << "prefixes:\n  linkml: https://w3id.org/linkml/\n"
      << "imports:\n  - linkml:types\n  - " << relative_import(dir, "core/base") << "\n";
    for (int j : imported) y << "  - " << relative_import(dir, module_paths_[j]) << "\n";
    y << "default_range: string\n\n";

    // Slots declared again in many modules; `code` differs in some.
    y << "slots:\n"
      << "  note:\n    range: string\n    description: Free text.\n"
      << "  status:\n    range: StatusEnum\n"
      << "  code:\n    range: " << (i % 3 == 1 ? "integer" : "string") << "\n\n";

    const std::string enum_name = long_camel("E" + id);
    y << "enums:\n  " << enum_name << ":\n    description: Kinds of module " << id
      << ".\n    permissible_values:\n      kind_a:\n      kind_b:\n      \"kind c\":\n"
      << "      \"it's\":\n\n";

    y << "classes:\n";
    for (int k = 0; k < shape_.classes_per_module; ++k) {
      const std::string letter(1, static_cast<char>('A' + k % 26));
      const std::string tag = id + letter + (k >= 26 ? std::to_string(k / 26) : "");
      ClassInfo info;
      info.name = long_camel("S" + tag);
      info.module = i;
      // is_a: the previous class of this module, else a shallow class of an
      // imported module, else BaseEntity.
      std::string parent = "BaseEntity";
      if (k > 0) {
        parent = classes_[i].back().name;
        info.depth = classes_[i].back().depth + 1;
      } else if (!imported.empty() && pick(2) == 0) {
        const auto& cands = classes_[imported[pick(static_cast<int>(imported.size()))]];
        if (!cands.empty() && cands.front().depth < 2) {
          parent = cands.front().name;
          info.depth = cands.front().depth + 1;
        }
      }
      // A class of an imported module to refer to (or of this module).
      std::string target = "EtlRun";
      if (!imported.empty()) {
        const auto& cands = classes_[imported[pick(static_cast<int>(imported.size()))]];
        if (!cands.empty()) target = cands[pick(static_cast<int>(cands.size()))].name;
      } else if (k > 0) {
        target = classes_[i].front().name;
      }
      const std::string s = "m" + tag;  // slot prefix, unique per class
      const bool second = shape_.second_schema && i % 5 == 2;
      y << "  " << info.name << ":\n"
        << "    is_a: " << parent << "\n";
      if ((i + k) % 3 == 0) y << "    mixins: [Named]\n";
      if (i % 7 == 3)
        y << "    description: " << quoted("Class " + tag + " – it's \"quoted\", with a \\.")
          << "\n";
      else
        y << "    description: Generated class " << tag << ".\n";
      y << "    slots: [note, status, code]\n";
      y << "    attributes:\n"
        << "      " << long_snake(s + "_value") << ":\n        range: float\n"
        << "        minimum_value: 0\n        maximum_value: 1000\n"
        << "      " << s << "_count:\n        range: integer\n"
        << "      " << long_snake(s + "_kind") << ":\n        range: " << enum_name << "\n"
        << "      " << s << "_media:\n        range: MediaTypeEnum\n"
        << "      " << long_snake(s + "_ref") << ":\n        range: " << target << "\n";
      const bool many = (i * shape_.classes_per_module + k) % shape_.multivalued_every == 0;
      if (many)
        y << "      " << long_snake(s + "_tags") << ":\n        multivalued: true\n"
          << "      " << s << "_links:\n        multivalued: true\n        range: " << target
          << "\n";
      if (many && target != "EtlRun" && k == 0)
        y << "      " << s << "_parts:\n        multivalued: true\n        inlined_as_list: true\n"
          << "        range: " << target << "\n";
      y << "    slot_usage:\n      note:\n        required: " << (i % 2 ? "true" : "false") << "\n";
      if (i % 4 == 1)
        y << "    unique_keys:\n      " << s << "_uk:\n        unique_key_slots: [" << s
          << "_count, code]\n";
      if (second) y << "    annotations:\n      sql_schema: " << shape_.second_schema_name << "\n";
      classes_[i].push_back(info);
      ++out_.classes;
    }
    out_.files[path + ".yaml"] = y.str();
  }

  void root() {
    std::ostringstream y;
    y << "id: https://example.org/generated\nname: generated\n"
         "prefixes:\n  linkml: https://w3id.org/linkml/\n"
         "imports:\n  - linkml:types\n  - core/base\n";
    for (const auto& p : module_paths_) y << "  - " << p << "\n";
    y << "default_range: string\n";
    out_.files[out_.entry] = y.str();
  }
};

}  // namespace

ProjectShape realistic_shape() {
  ProjectShape s;
  s.modules = 100;
  s.classes_per_module = 1;
  s.folder_depth = 1;
  s.folders_per_level = 12;
  s.multivalued_every = 8;
  s.long_names = false;
  s.long_enum_labels = false;
  s.second_schema = true;
  return s;
}

GeneratedProject generate_project(const ProjectShape& shape) {
  return Generator(shape).run();
}

void GeneratedProject::write_to(const std::string& dir) const {
  for (const auto& [path, text] : files) {
    const fs::path p = fs::path(dir) / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
}

}  // namespace reconcile::testing
