#include "history/revision/store.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <queue>
#include <sstream>
#include <tuple>

#include "gitsync/git_source_reader.h"
#include "util/strings.h"

namespace reconcile::revision {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// File name without folders and without ".sql".
std::string stem_of(const std::string& path) {
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  if (ends_with(name, ".sql")) name.resize(name.size() - 4);
  return name;
}

// Line numbers of the `-- reconcile:<key>` header lines of a file.
std::map<std::string, int> header_lines(const std::string& text) {
  std::map<std::string, int> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  const std::string prefix = "-- reconcile:";
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("-- +up", 0) == 0) break;
    if (line.rfind(prefix, 0) != 0) continue;
    std::string key = line.substr(prefix.size());
    key = key.substr(0, key.find_first_of(" \t\r"));
    out.emplace(key, number);
  }
  return out;
}

using util::join;

}  // namespace

const char* problem_code(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kParseError:
      return "PARSE_ERROR";
    case ProblemKind::kDuplicateId:
      return "DUPLICATE_ID";
    case ProblemKind::kIdMismatch:
      return "ID_MISMATCH";
    case ProblemKind::kDanglingParent:
      return "DANGLING_PARENT";
    case ProblemKind::kCycle:
      return "CYCLE";
    case ProblemKind::kChecksumMismatch:
      return "CHECKSUM_MISMATCH";
  }
  return "UNKNOWN";
}

std::string Problem::to_string() const {
  std::string s = where.to_string();
  if (!s.empty()) s += ": ";
  return s + problem_code(kind) + ": " + message;
}

std::vector<SourceFile> read_revision_files(const std::string& dir) {
  std::vector<SourceFile> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in)
      throw InputError("cannot read revision file", SourceLocation{entry.path().string(), 0, 0});
    std::ostringstream buf;
    buf << in.rdbuf();
    files.push_back({entry.path().string(), buf.str()});
  }
  if (ec)
    throw InputError("cannot list the migrations folder: " + ec.message(),
                     SourceLocation{dir, 0, 0});
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

std::vector<SourceFile> read_revision_files(const gitsync::GitSourceReader& reader,
                                            const std::string& dir) {
  std::vector<SourceFile> files;
  std::string prefix = dir;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  for (const auto& entry : reader.list(dir)) {
    if (entry.is_directory || !ends_with(entry.name, ".sql")) continue;
    std::string path = prefix.empty() || prefix == "." ? entry.name : prefix + "/" + entry.name;
    auto text = reader.read(path);
    if (!text) continue;
    files.push_back({path, *text});
  }
  return files;  // list() is sorted by name, so paths are sorted
}

RevisionStore RevisionStore::load(const std::string& dir) {
  return from_files(read_revision_files(dir));
}

RevisionStore RevisionStore::load(const gitsync::GitSourceReader& reader, const std::string& dir) {
  return from_files(read_revision_files(reader, dir));
}

RevisionStore RevisionStore::from_files(const std::vector<SourceFile>& files) {
  RevisionStore store;
  std::vector<SourceFile> sorted = files;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::vector<Revision> parsed;
  std::vector<std::map<std::string, int>> lines;
  for (const auto& f : sorted) {
    try {
      parsed.push_back(parse_revision(f.text, f.path));
      lines.push_back(header_lines(f.text));
    } catch (const InputError& e) {
      store.problems_.push_back({ProblemKind::kParseError, "",
                                 e.where().known() ? e.where() : SourceLocation{f.path, 0, 0},
                                 e.what(), e.hint()});
    }
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    Revision& r = parsed[i];
    if (auto it = store.revisions_.find(r.id); it != store.revisions_.end()) {
      store.problems_.push_back(
          {ProblemKind::kDuplicateId, r.id, SourceLocation{r.path, lines[i]["revision"], 0},
           "revision id `" + r.id + "` is also declared by " + it->second.path,
           "give each revision its own id (and file name)"});
      continue;
    }
    store.header_lines_[r.id] = lines[i];
    std::string id = r.id;
    store.revisions_.emplace(id, std::move(r));
  }
  store.validate();
  return store;
}

RevisionStore RevisionStore::from_revisions(std::vector<Revision> revisions) {
  RevisionStore store;
  std::stable_sort(revisions.begin(), revisions.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  for (auto& r : revisions) {
    if (auto it = store.revisions_.find(r.id); it != store.revisions_.end()) {
      store.problems_.push_back(
          {ProblemKind::kDuplicateId, r.id, SourceLocation{r.path, 0, 0},
           "revision id `" + r.id + "` is also declared by " + it->second.path,
           "give each revision its own id (and file name)"});
      continue;
    }
    std::string id = r.id;
    store.revisions_.emplace(id, std::move(r));
  }
  store.validate();
  return store;
}

void RevisionStore::validate() {
  auto line_of = [&](const std::string& id, const std::string& key) {
    auto it = header_lines_.find(id);
    if (it == header_lines_.end()) return 0;
    auto k = it->second.find(key);
    return k == it->second.end() ? 0 : k->second;
  };

  for (const auto& [id, r] : revisions_) {
    if (!r.path.empty() && stem_of(r.path) != id) {
      problems_.push_back(
          {ProblemKind::kIdMismatch, id, SourceLocation{r.path, line_of(id, "revision"), 0},
           "revision id `" + id + "` does not match the file name `" + stem_of(r.path) + ".sql`",
           "rename the file to " + id + ".sql"});
    }
    for (const auto& p : r.parents) {
      if (!revisions_.count(p)) {
        problems_.push_back({ProblemKind::kDanglingParent, id,
                             SourceLocation{r.path, line_of(id, "parents"), 0},
                             "revision `" + id + "` names parent `" + p +
                                 "`, which is not in the migrations folder",
                             "restore " + p + ".sql or correct the parents line"});
      } else {
        children_[p].push_back(id);
      }
    }
    if (!r.checksum_ok()) {
      problems_.push_back({ProblemKind::kChecksumMismatch, id,
                           SourceLocation{r.path, line_of(id, "checksum"), 0},
                           "revision `" + id + "` was edited after it was written (checksum " +
                               r.checksum + ", bodies hash to " + r.compute_checksum() + ")",
                           "undo the edit (or write a new revision for the change); after "
                           "reviewing an intended edit, accept it with `reconcile rehash " +
                               id + "`"});
    }
  }
  for (auto& [_, kids] : children_) std::sort(kids.begin(), kids.end());

  // Kahn's algorithm, smallest id first.
  std::map<std::string, size_t> missing;  // id -> parents not yet placed
  std::priority_queue<std::string, std::vector<std::string>, std::greater<>> ready;
  for (const auto& [id, r] : revisions_) {
    size_t n = 0;
    for (const auto& p : r.parents)
      if (revisions_.count(p)) ++n;
    missing[id] = n;
    if (n == 0) ready.push(id);
  }
  while (!ready.empty()) {
    std::string id = ready.top();
    ready.pop();
    topo_.push_back(id);
    auto it = children_.find(id);
    if (it == children_.end()) continue;
    for (const auto& child : it->second)
      if (--missing[child] == 0) ready.push(child);
  }
  if (topo_.size() < revisions_.size()) {
    std::set<std::string> placed(topo_.begin(), topo_.end());
    // Revisions on a cycle: those that can reach themselves through parents
    // among the unplaced ones.
    std::vector<std::string> unplaced;
    for (const auto& [id, _] : revisions_)
      if (!placed.count(id)) unplaced.push_back(id);
    // `from` reaches `target` through parents among the unplaced revisions.
    auto reaches = [&](const std::string& from, const std::string& target) {
      std::vector<std::string> stack{from};
      std::set<std::string> seen;
      while (!stack.empty()) {
        std::string cur = stack.back();
        stack.pop_back();
        for (const auto& p : revisions_.at(cur).parents) {
          if (p == target) return true;
          if (revisions_.count(p) && !placed.count(p) && seen.insert(p).second) stack.push_back(p);
        }
      }
      return false;
    };
    std::vector<std::string> on_cycle;
    for (const auto& id : unplaced)
      if (reaches(id, id)) on_cycle.push_back(id);
    std::set<std::string> reported;
    for (const auto& start : on_cycle) {  // sorted, so each cycle is reported at its smallest id
      if (reported.count(start)) continue;
      std::vector<std::string> members;
      for (const auto& m : on_cycle)
        if (m == start || (reaches(start, m) && reaches(m, start))) members.push_back(m);
      reported.insert(members.begin(), members.end());
      const Revision& r = revisions_.at(start);
      problems_.push_back(
          {ProblemKind::kCycle, start, SourceLocation{r.path, line_of(start, "parents"), 0},
           "revisions form a cycle through their parents: " + join(members, ", "),
           "a revision's parents must be older revisions; correct the parents lines"});
    }
  }
  std::sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.where.file, a.where.line, a.kind, a.message) <
           std::tie(b.where.file, b.where.line, b.kind, b.message);
  });
}

void RevisionStore::require_valid() const {
  if (problems_.empty()) return;
  const Problem& p = problems_.front();
  std::string more = problems_.size() > 1
                         ? " (and " + std::to_string(problems_.size() - 1) + " more problem" +
                               (problems_.size() > 2 ? "s" : "") + ")"
                         : "";
  throw InputError(std::string(problem_code(p.kind)) + ": " + p.message + more, p.where,
                   p.hint.empty() ? "run `reconcile check` to list every problem" : p.hint);
}

const Revision* RevisionStore::find(const std::string& id) const {
  auto it = revisions_.find(id);
  return it == revisions_.end() ? nullptr : &it->second;
}

const Revision& RevisionStore::get(const std::string& id) const {
  if (const Revision* r = find(id)) return *r;
  throw UsageError("no revision `" + id + "` in the migrations folder",
                   "`reconcile history` lists the revisions");
}

std::vector<std::string> RevisionStore::heads() const {
  std::vector<std::string> out;
  for (const auto& [id, _] : revisions_)
    if (!children_.count(id)) out.push_back(id);
  return out;
}

std::vector<std::string> RevisionStore::roots() const {
  std::vector<std::string> out;
  for (const auto& [id, r] : revisions_)
    if (r.parents.empty()) out.push_back(id);
  return out;
}

std::vector<std::string> RevisionStore::children(const std::string& id) const {
  auto it = children_.find(id);
  return it == children_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> RevisionStore::ancestors(const std::string& id) const {
  std::set<std::string> seen;
  std::vector<std::string> stack;
  if (const Revision* r = find(id)) stack = r->parents;
  while (!stack.empty()) {
    std::string cur = stack.back();
    stack.pop_back();
    const Revision* r = find(cur);
    if (!r || !seen.insert(cur).second) continue;
    for (const auto& p : r->parents) stack.push_back(p);
  }
  seen.erase(id);
  std::vector<std::string> out;
  for (const auto& t : topo_)
    if (seen.count(t)) out.push_back(t);
  return out;
}

std::vector<std::string> RevisionStore::descendants(const std::string& id) const {
  std::set<std::string> seen;
  std::vector<std::string> stack = children(id);
  while (!stack.empty()) {
    std::string cur = stack.back();
    stack.pop_back();
    if (!seen.insert(cur).second) continue;
    for (const auto& c : children(cur)) stack.push_back(c);
  }
  seen.erase(id);
  std::vector<std::string> out;
  for (const auto& t : topo_)
    if (seen.count(t)) out.push_back(t);
  return out;
}

std::vector<std::string> RevisionStore::path_to(const std::string& id) const {
  std::vector<std::string> out = ancestors(id);
  if (contains(id)) out.push_back(id);
  return out;
}

std::vector<std::string> RevisionStore::pending(const std::set<std::string>& applied) const {
  std::vector<std::string> out;
  for (const auto& id : topo_)
    if (!applied.count(id)) out.push_back(id);
  return out;
}

}  // namespace reconcile::revision
