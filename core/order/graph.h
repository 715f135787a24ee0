// The statement graph: orders statements (or steps of statements) by what
// each one does to objects, the way pg-schema-diff orders its SQL.
//
// Every node declares, on objects named by kind and path
// (catalog::ObjectRef):
//   creates    exists after the node and not before (a new object, or the new
//              side of an object replaced in one node)
//   drops      existed before the node and not after
//   renames    the same object under a new name (from -> to)
//   alters     exists before and after, changed in place (a column's type)
//   needs      must exist, as the plan leaves it, when the node runs
//   needs_old  must still exist, as it was before the plan, when the node runs
//   prefers    like needs, but given up when it would close a cycle (an
//              inline foreign key that becomes ALTER TABLE ... ADD CONSTRAINT)
//
// Edges ("A before B"), where an object counts with its containers (a column
// with its table and schema: creating a table creates its columns, dropping
// a schema drops everything in it):
//   * B needs X: after every node that creates or renames to X or one of its
//     containers, and after every node that alters X.
//   * B needs_old X: before every node that drops X or one of its containers,
//     before every node that alters X, and after every node that renames to X
//     or one of its containers (so that it can use the new name).
//   * creates X: needs X's container. drops X, renames X and alters X:
//     needs_old X's container; alters X: after the nodes that rename to X.
//   * Names: a node that drops (or renames away) a name runs before every node
//     that creates (or renames to) a name that clashes with it
//     (catalog::name_key: same namespace, scope and name), so a replaced
//     index or constraint is dropped before its successor is built.
//   * prefers X: after every node that creates or renames to X or one of its
//     containers, unless that would close a cycle.
// A node never depends on itself.
//
// Order: a topological sort that always takes, among the nodes whose
// predecessors have all run, the one with the smallest (SortKey, insertion
// index). The result is therefore deterministic, and it is the order of the
// keys wherever the dependencies allow that. When no node is free:
//   * soft cycles: the smallest node whose only missing predecessors are
//     `prefers` runs next; those preferences are given up (reported in
//     Result::dropped_preferences);
//   * hard cycles (declarations that contradict each other; a bug of the
//     declaring code): the smallest remaining node runs next, and
//     Result::broken_cycles counts it.
// Building and sorting are O((nodes + edges) log nodes).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "core/catalog/kinds.h"

namespace reconcile::order {

using catalog::ObjectRef;

// Written with designated initializers, in this order:
//   {.creates = {...}, .needs = {...}}
struct Declarations {
  std::vector<ObjectRef> creates = {};
  std::vector<ObjectRef> drops = {};
  std::vector<std::pair<ObjectRef, ObjectRef>> renames = {};  // from, to
  std::vector<ObjectRef> alters = {};
  std::vector<ObjectRef> needs = {};
  std::vector<ObjectRef> needs_old = {};
  std::vector<ObjectRef> prefers = {};
};

// The tie-break between nodes that may run in either order: smaller first,
// then insertion order.
struct SortKey {
  int phase = 0;
  int rank = 0;

  auto operator<=>(const SortKey&) const = default;
};

class Graph {
 public:
  // Adds a node and returns its index (0, 1, 2, ... in the order added).
  size_t add(Declarations declarations, SortKey key = {});
  size_t size() const { return nodes_.size(); }

  struct Result {
    std::vector<size_t> order;  // every node index once
    // (node, index into its `prefers`) given up to break a cycle; sorted.
    std::vector<std::pair<size_t, size_t>> dropped_preferences;
    size_t broken_cycles = 0;
  };
  Result sort() const;

  // "A before B" pairs (hard edges; sorted, distinct), for tests and tools.
  std::vector<std::pair<size_t, size_t>> edges() const;

 private:
  struct Node {
    Declarations d;
    SortKey key;
  };
  struct SoftEdge {
    size_t from;
    size_t to;
    size_t preference;
  };
  void build(std::vector<std::vector<size_t>>& hard, std::vector<SoftEdge>& soft) const;

  std::vector<Node> nodes_;
};

}  // namespace reconcile::order
