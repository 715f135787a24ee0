// RevisionStore: every revision file of a migrations folder, read from the
// work tree or from a git ref, and the DAG their parents make.
//
// Loading never stops at the first bad file: every problem (a file that does
// not parse, two files with the same id, an id that is not the file name, a
// parent that names no revision, a cycle, a body edited after its checksum
// was written) is recorded as a Problem with file and line, so `check` can
// report them all. Files that do not parse and duplicates (the second file,
// in path order, with an id already seen) are left out of the DAG; everything
// else is in it.
//
// Guarantees:
//  * Deterministic: files are read in path order; every list of ids is sorted
//    by id unless it says "topological order".
//  * Topological order: parents before children; among revisions whose
//    parents are all placed, the smallest id first (Kahn's algorithm). A
//    parent that names no revision is ignored for ordering. Revisions on a
//    cycle (and their descendants) are not in the order; a kCycle problem
//    names them.
//  * Heads: revisions that no other revision names as a parent. Roots:
//    revisions with no parents.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/revision/revision.h"
#include "util/error.h"

namespace reconcile {
class SourceReader;
namespace gitsync {
class GitSourceReader;
}
}  // namespace reconcile

namespace reconcile::revision {

// One file's text and the path to name in messages (and whose stem must be the id).
struct SourceFile {
  std::string path;
  std::string text;
};

// Every "*.sql" file directly inside `dir` on the filesystem, sorted by path;
// empty when the folder does not exist. Throws InputError if a file cannot be read.
std::vector<SourceFile> read_revision_files(const std::string& dir);
// The same from a git tree (no checkout); `dir` follows the reader's path rules.
// The paths are "<dir>/<name>.sql" as given.
std::vector<SourceFile> read_revision_files(const gitsync::GitSourceReader& reader,
                                            const std::string& dir);

enum class ProblemKind {
  kParseError,        // the file does not parse (missing header, bad id, ...)
  kDuplicateId,       // two files declare the same id
  kIdMismatch,        // the id is not the file name without ".sql"
  kDanglingParent,    // a parent names no revision in the folder
  kCycle,             // parents form a cycle
  kChecksumMismatch,  // the bodies no longer match the recorded checksum
};
// "PARSE_ERROR", "DUPLICATE_ID", "ID_MISMATCH", "DANGLING_PARENT", "CYCLE",
// "CHECKSUM_MISMATCH".
const char* problem_code(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  std::string revision;  // the revision concerned (empty when the file did not parse)
  SourceLocation where;  // file and line (the header line concerned)
  std::string message;
  std::string hint;

  // "file:line: CODE: message"
  std::string to_string() const;
  auto operator<=>(const Problem&) const = default;
};

class RevisionStore {
 public:
  RevisionStore() = default;

  // The migrations folder on the filesystem.
  static RevisionStore load(const std::string& dir);
  // The migrations folder in the tree a GitSourceReader reads.
  static RevisionStore load(const gitsync::GitSourceReader& reader, const std::string& dir);
  // Parses and validates the given files.
  static RevisionStore from_files(const std::vector<SourceFile>& files);
  // Validates already-parsed revisions (their `path` is used in problems).
  static RevisionStore from_revisions(std::vector<Revision> revisions);

  // Every problem, sorted by file, line, kind.
  const std::vector<Problem>& problems() const { return problems_; }
  bool ok() const { return problems_.empty(); }
  // Throws InputError naming the first problem (and how many there are) unless ok().
  void require_valid() const;

  bool empty() const { return revisions_.empty(); }
  size_t size() const { return revisions_.size(); }
  bool contains(const std::string& id) const { return revisions_.count(id) > 0; }
  // The revision with this id, or nullptr.
  const Revision* find(const std::string& id) const;
  // The revision with this id; throws UsageError naming the id otherwise.
  const Revision& get(const std::string& id) const;
  // Every revision in the DAG, keyed by id.
  const std::map<std::string, Revision>& revisions() const { return revisions_; }

  // Ids in topological order (see above).
  const std::vector<std::string>& topological_order() const { return topo_; }
  std::vector<std::string> heads() const;
  std::vector<std::string> roots() const;
  // Revisions that name `id` as a parent.
  std::vector<std::string> children(const std::string& id) const;
  // Every revision reachable through parents (excluding `id`), topological order.
  std::vector<std::string> ancestors(const std::string& id) const;
  // Every revision that has `id` among its ancestors, topological order.
  std::vector<std::string> descendants(const std::string& id) const;
  // ancestors(id) followed by id: what must be applied to reach `id`.
  std::vector<std::string> path_to(const std::string& id) const;
  // Revisions not in `applied`, topological order (everything to apply to
  // reach every head).
  std::vector<std::string> pending(const std::set<std::string>& applied) const;

 private:
  void validate();

  std::map<std::string, Revision> revisions_;
  std::map<std::string, std::vector<std::string>> children_;  // sorted
  std::vector<std::string> topo_;
  std::vector<Problem> problems_;
  std::map<std::string, std::map<std::string, int>> header_lines_;  // id -> header key -> line
};

}  // namespace reconcile::revision
