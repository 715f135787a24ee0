// Several files from one fuzz input, for targets that read a tree of files
// (the LinkML loader with its imports).
//
// Format: the input is the entry file; a line `#@ <path>` starts the next
// file (path relative to the entry's folder, may contain `..` and folders),
// and a line `#@map <key> <value>` adds an import-map entry. Both are YAML
// comments, so a mutated input stays close to valid YAML. ci/fuzz writes the
// seeds of multi-file projects in this format.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace reconcile::fuzz {

struct FileTree {
  std::string entry;                              // path of the entry file
  std::map<std::string, std::string> files;       // normalized path -> content
  std::map<std::string, std::string> import_map;  // from `#@map` lines
};

// `root`: the folder the entry file is in ("project/schema").
inline FileTree split_files(std::string_view input, const std::string& root) {
  namespace fs = std::filesystem;
  constexpr std::size_t kMaxFiles = 64;
  FileTree tree;
  tree.entry = root + "/main.yaml";
  std::string current = tree.entry;
  std::string text;
  auto flush = [&] {
    if (tree.files.size() < kMaxFiles) tree.files[current] += text;
    text.clear();
  };
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t nl = input.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? input.size() : nl + 1;
    std::string_view line = input.substr(pos, end - pos);
    pos = end;
    std::string_view body = line.substr(0, line.find('\n'));
    if (body.substr(0, 6) == "#@map ") {
      std::string_view rest = body.substr(6);
      std::size_t sp = rest.find(' ');
      if (sp != std::string_view::npos)
        tree.import_map[std::string(rest.substr(0, sp))] = std::string(rest.substr(sp + 1));
      continue;
    }
    if (body.substr(0, 3) == "#@ ") {
      flush();
      std::string rel(body.substr(3));
      current = (fs::path(root) / rel).lexically_normal().generic_string();
      continue;
    }
    text.append(line);
  }
  flush();
  return tree;
}

}  // namespace reconcile::fuzz
