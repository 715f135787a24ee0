#include "history/revision/history.h"

#include <algorithm>
#include <set>

namespace reconcile::revision {
namespace {

// Every revision: topological order first, then those left out of it (cycles), by id.
std::vector<std::string> display_order(const RevisionStore& store) {
  std::vector<std::string> order = store.topological_order();
  std::set<std::string> placed(order.begin(), order.end());
  for (const auto& [id, _] : store.revisions())
    if (!placed.count(id)) order.push_back(id);
  return order;
}

// Parents that are revisions of the store, sorted.
std::vector<std::string> known_parents(const RevisionStore& store, const Revision& r) {
  std::vector<std::string> out;
  for (const auto& p : r.parents)
    if (store.contains(p)) out.push_back(p);
  return out;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// A line of lanes: `width` lanes, characters set by the caller.
struct LaneLine {
  std::string chars;
  explicit LaneLine(size_t lanes) : chars(lanes * 2 + 2, ' ') {}
  void set(size_t pos, char c) {
    if (pos >= chars.size()) chars.resize(pos + 1, ' ');
    chars[pos] = c;
  }
  std::string str() const { return rtrim(chars); }
};

std::string escape_mermaid(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "#quot;";
    else if (c == '<')
      out += "#lt;";
    else if (c == '>')
      out += "#gt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string render_history_list(const RevisionStore& store) {
  if (store.empty()) return "No revisions.\n";
  std::vector<std::string> order = display_order(store);
  size_t width = 0;
  for (const auto& id : order) width = std::max(width, id.size());
  std::vector<std::string> heads = store.heads();
  std::set<std::string> head_set(heads.begin(), heads.end());
  std::string out;
  for (const auto& id : order) {
    const Revision& r = store.get(id);
    std::string line = id + std::string(width - id.size(), ' ');
    if (!r.message.empty()) line += "  " + r.message;
    if (r.parents.empty()) {
      line += "  (root)";
    } else {
      line += "  (parents: ";
      for (size_t i = 0; i < r.parents.size(); ++i) line += (i ? ", " : "") + r.parents[i];
      line += ")";
    }
    if (head_set.count(id)) line += "  [head]";
    out += line + "\n";
  }
  return out;
}

std::string render_history_graph(const RevisionStore& store) {
  if (store.empty()) return "No revisions.\n";
  std::vector<std::string> order = display_order(store);
  std::reverse(order.begin(), order.end());
  std::vector<std::string> lanes;  // the revision each lane is waiting for
  std::string out;
  for (const auto& id : order) {
    const Revision& r = store.get(id);
    auto first = std::find(lanes.begin(), lanes.end(), id);
    if (first == lanes.end()) {
      lanes.push_back(id);
      first = lanes.end() - 1;
    }
    size_t c = static_cast<size_t>(first - lanes.begin());
    // Join every other lane waiting for this revision, right to left.
    for (size_t j = lanes.size(); j-- > c + 1;) {
      if (lanes[j] != id) continue;
      LaneLine line(lanes.size());
      for (size_t i = 0; i < lanes.size(); ++i) {
        if (i < j)
          line.set(2 * i, '|');
        else
          line.set(2 * i - 1, '/');  // lane j joins, lanes to its right move left
      }
      out += line.str() + "\n";
      lanes.erase(lanes.begin() + static_cast<long>(j));
    }
    // The revision's row.
    LaneLine row(lanes.size());
    for (size_t i = 0; i < lanes.size(); ++i) row.set(2 * i, i == c ? '*' : '|');
    std::string text = rtrim(row.chars.substr(0, 2 * lanes.size())) + " " + id;
    if (!r.message.empty()) text += " " + r.message;
    out += text + "\n";

    std::vector<std::string> parents = known_parents(store, r);
    if (parents.empty()) {
      // The lane ends; lanes to its right move left.
      if (c + 1 < lanes.size()) {
        LaneLine line(lanes.size());
        for (size_t i = 0; i < lanes.size(); ++i) {
          if (i < c) line.set(2 * i, '|');
          if (i > c) line.set(2 * i - 1, '/');
        }
        out += line.str() + "\n";
      }
      lanes.erase(lanes.begin() + static_cast<long>(c));
    } else {
      lanes[c] = parents[0];
      if (parents.size() > 1) {
        // New lanes open to the right of c; lanes to their right move right.
        size_t extra = parents.size() - 1;
        LaneLine line(lanes.size() + extra);
        for (size_t i = 0; i < lanes.size(); ++i) {
          if (i <= c) line.set(2 * i, '|');
          if (i > c) line.set(2 * i + 1, '\\');
        }
        line.set(2 * c + 1, '\\');
        out += line.str() + "\n";
        lanes.insert(lanes.begin() + static_cast<long>(c) + 1, parents.begin() + 1, parents.end());
      }
    }
  }
  return out;
}

std::string render_history_mermaid(const RevisionStore& store) {
  std::vector<std::string> order = display_order(store);
  std::map<std::string, std::string> node;
  for (size_t i = 0; i < order.size(); ++i) node[order[i]] = "r" + std::to_string(i + 1);
  std::string out = "flowchart TD\n";
  for (const auto& id : order) {
    const Revision& r = store.get(id);
    std::string label = escape_mermaid(id);
    if (!r.message.empty()) label += "<br/>" + escape_mermaid(r.message);
    out += "  " + node[id] + "[\"" + label + "\"]\n";
  }
  for (const auto& id : order) {
    for (const auto& p : known_parents(store, store.get(id)))
      out += "  " + node[p] + " --> " + node[id] + "\n";
  }
  return out;
}

nlohmann::json history_json(const RevisionStore& store) {
  std::vector<std::string> heads = store.heads();
  std::set<std::string> head_set(heads.begin(), heads.end());
  nlohmann::json revisions = nlohmann::json::array();
  for (const auto& id : display_order(store)) {
    const Revision& r = store.get(id);
    revisions.push_back({{"id", r.id},
                         {"parents", r.parents},
                         {"message", r.message},
                         {"schema_hash", r.schema_hash},
                         {"path", r.path},
                         {"checksum_ok", r.checksum_ok()},
                         {"head", head_set.count(id) > 0}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : store.problems()) {
    problems.push_back({{"code", problem_code(p.kind)},
                        {"file", p.where.file},
                        {"line", p.where.line},
                        {"message", p.message}});
  }
  return {
      {"revisions", revisions}, {"heads", heads}, {"roots", store.roots()}, {"problems", problems}};
}

}  // namespace reconcile::revision
