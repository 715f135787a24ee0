#include "support/mermaid_grammar.h"

#include <regex>
#include <set>
#include <sstream>

namespace reconcile::testing {

std::string mermaid_er_errors(const std::string& text) {
  static const std::string entity = "[A-Za-z_][A-Za-z0-9_-]*";
  static const std::string attr_word = "[A-Za-z_*][A-Za-z0-9_()\\[\\]-]*";
  static const std::regex open("\\s*(" + entity + ")\\s*\\{\\s*");
  static const std::regex attribute("\\s*" + attr_word + "\\s+" + attr_word +
                                    "(\\s+(PK|FK|UK)(\\s*,\\s*(PK|FK|UK))*)?(\\s+\"[^\"]*\")?\\s*");
  static const std::regex close("\\s*\\}\\s*");
  static const std::regex relation("\\s*(" + entity + ")\\s+(\\|\\||\\|o|\\}o|\\}\\|)(--|\\.\\.)" +
                                   "(\\|\\||o\\||o\\{|\\|\\{)\\s+(" + entity +
                                   ")\\s*:\\s*(\"[^\"]*\"|[A-Za-z0-9_-]+)\\s*");
  static const std::regex class_def("\\s*classDef\\s+[A-Za-z_][A-Za-z0-9_-]*\\s+[^\\s;]+\\s*");
  static const std::regex class_stmt("\\s*class\\s+(" + entity + "(," + entity +
                                     ")*)\\s+[A-Za-z_][A-Za-z0-9_-]*\\s*");
  static const std::regex comment("\\s*%%.*");

  std::istringstream lines(text);
  std::string line;
  int n = 0;
  if (!std::getline(lines, line) || line != "erDiagram") return "line 1: not `erDiagram`";
  ++n;
  bool in_entity = false;
  std::set<std::string> declared;
  std::vector<std::pair<int, std::string>> classed;
  std::smatch m;
  while (std::getline(lines, line)) {
    ++n;
    const std::string where = "line " + std::to_string(n) + ": ";
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (std::regex_match(line, comment)) continue;
    if (in_entity) {
      if (std::regex_match(line, close))
        in_entity = false;
      else if (!std::regex_match(line, attribute))
        return where + "not an attribute: " + line;
      continue;
    }
    if (std::regex_match(line, m, open)) {
      declared.insert(m[1].str());
      in_entity = true;
    } else if (std::regex_match(line, relation) || std::regex_match(line, class_def)) {
    } else if (std::regex_match(line, m, class_stmt)) {
      std::stringstream ids(m[1].str());
      for (std::string id; std::getline(ids, id, ',');) classed.emplace_back(n, id);
    } else {
      return where + "not an erDiagram statement: " + line;
    }
  }
  if (in_entity) return "line " + std::to_string(n) + ": entity block not closed";
  for (const auto& [line_no, id] : classed)
    if (!declared.count(id))
      return "line " + std::to_string(line_no) + ": class names an undeclared entity " + id;
  return "";
}

}  // namespace reconcile::testing
