// Reading one YAML document safely: UTF-8 check, yaml-cpp parse errors and
// duplicate keys become diagnostics (never exceptions), and positions become
// 1-based SourceLocations.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "linkml/diagnostics.h"

namespace reconcile::linkml::yaml {

// 1-based location of a yaml-cpp mark (which is 0-based); line 0 if unknown.
SourceLocation location(const YAML::Mark& mark, const std::string& file);
// The location of a node (its mark).
SourceLocation location(const YAML::Node& node, const std::string& file);

// Parses `text` (the contents of `file`). Returns nullopt after adding an
// error diagnostic when the text is not valid UTF-8 or not valid YAML. Reports
// duplicate keys in any mapping as errors (LinkML's loader refuses them);
// consumers that iterate mappings should keep the first occurrence.
std::optional<YAML::Node> parse_document(const std::string& text, const std::string& file,
                                         Diagnostics& diags);

// YAML 1.1 booleans as PyYAML reads them: true/false, yes/no, on/off in lower,
// Title or UPPER case; and 1/0, which LinkML's Bool accepts. nullopt for
// anything else.
std::optional<bool> parse_bool(const std::string& text);

// The byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> find_invalid_utf8(const std::string& text);

}  // namespace reconcile::linkml::yaml
