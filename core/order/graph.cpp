#include "core/order/graph.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace reconcile::order {
namespace {

// X and its containers, innermost first.
std::vector<ObjectRef> with_containers(const ObjectRef& x) {
  std::vector<ObjectRef> out{x};
  while (auto c = out.back().container()) out.push_back(std::move(*c));
  return out;
}

using Index = std::map<ObjectRef, std::vector<size_t>>;

const std::vector<size_t>& at(const Index& index, const ObjectRef& r) {
  static const std::vector<size_t> kNone;
  auto it = index.find(r);
  return it == index.end() ? kNone : it->second;
}

}  // namespace

size_t Graph::add(Declarations declarations, SortKey key) {
  nodes_.push_back(Node{std::move(declarations), key});
  return nodes_.size() - 1;
}

void Graph::build(std::vector<std::vector<size_t>>& hard, std::vector<SoftEdge>& soft) const {
  Index created, dropped, renamed_to, altered;
  std::map<std::string, std::vector<size_t>> freed, claimed;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Declarations& d = nodes_[i].d;
    for (const ObjectRef& x : d.creates) {
      created[x].push_back(i);
      claimed[catalog::name_key(x)].push_back(i);
    }
    for (const ObjectRef& x : d.drops) {
      dropped[x].push_back(i);
      freed[catalog::name_key(x)].push_back(i);
    }
    for (const auto& [from, to] : d.renames) {
      renamed_to[to].push_back(i);
      freed[catalog::name_key(from)].push_back(i);
      claimed[catalog::name_key(to)].push_back(i);
    }
    for (const ObjectRef& x : d.alters) altered[x].push_back(i);
  }

  hard.assign(nodes_.size(), {});
  auto before = [&hard](size_t a, size_t b) {
    if (a != b) hard[a].push_back(b);
  };
  auto after_new = [&](size_t b, const ObjectRef& x) {
    for (const ObjectRef& y : with_containers(x)) {
      for (size_t a : at(created, y)) before(a, b);
      for (size_t a : at(renamed_to, y)) before(a, b);
    }
    for (size_t a : at(altered, x)) before(a, b);
  };
  auto before_gone = [&](size_t b, const ObjectRef& x) {
    for (const ObjectRef& y : with_containers(x)) {
      for (size_t a : at(dropped, y)) before(b, a);
      for (size_t a : at(renamed_to, y)) before(a, b);
    }
    for (size_t a : at(altered, x)) before(b, a);
  };

  for (size_t b = 0; b < nodes_.size(); ++b) {
    const Declarations& d = nodes_[b].d;
    for (const ObjectRef& x : d.needs) after_new(b, x);
    for (const ObjectRef& x : d.needs_old) before_gone(b, x);
    for (const ObjectRef& x : d.creates)
      if (auto c = x.container()) after_new(b, *c);
    for (const ObjectRef& x : d.drops)
      if (auto c = x.container()) before_gone(b, *c);
    for (const auto& [from, to] : d.renames)
      if (auto c = from.container()) before_gone(b, *c);
    for (const ObjectRef& x : d.alters) {
      if (auto c = x.container()) before_gone(b, *c);
      for (size_t a : at(renamed_to, x)) before(a, b);
    }
    for (size_t i = 0; i < d.prefers.size(); ++i)
      for (const ObjectRef& y : with_containers(d.prefers[i])) {
        for (size_t a : at(created, y))
          if (a != b) soft.push_back(SoftEdge{a, b, i});
        for (size_t a : at(renamed_to, y))
          if (a != b) soft.push_back(SoftEdge{a, b, i});
      }
  }
  for (const auto& [key, freers] : freed) {
    auto it = claimed.find(key);
    if (it == claimed.end()) continue;
    for (size_t a : freers)
      for (size_t b : it->second) before(a, b);
  }
  for (auto& succ : hard) {
    std::sort(succ.begin(), succ.end());
    succ.erase(std::unique(succ.begin(), succ.end()), succ.end());
  }
}

std::vector<std::pair<size_t, size_t>> Graph::edges() const {
  std::vector<std::vector<size_t>> hard;
  std::vector<SoftEdge> soft;
  build(hard, soft);
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t a = 0; a < hard.size(); ++a)
    for (size_t b : hard[a]) out.emplace_back(a, b);
  return out;
}

Graph::Result Graph::sort() const {
  std::vector<std::vector<size_t>> hard;
  std::vector<SoftEdge> soft;
  build(hard, soft);
  const size_t n = nodes_.size();

  std::vector<size_t> hard_in(n, 0), soft_in(n, 0);
  std::vector<std::vector<size_t>> hard_pred(n), soft_out(n), soft_into(n);
  for (size_t a = 0; a < n; ++a)
    for (size_t b : hard[a]) {
      ++hard_in[b];
      hard_pred[b].push_back(a);
    }
  std::vector<bool> soft_alive(soft.size(), true);
  for (size_t e = 0; e < soft.size(); ++e) {
    ++soft_in[soft[e].to];
    soft_out[soft[e].from].push_back(e);
    soft_into[soft[e].to].push_back(e);
  }

  using Entry = std::pair<SortKey, size_t>;
  std::set<Entry> ready;      // no missing predecessor
  std::set<Entry> soft_only;  // only `prefers` predecessors missing
  std::set<Entry> remaining;
  auto entry = [this](size_t i) { return Entry{nodes_[i].key, i}; };
  auto classify = [&](size_t i) {
    soft_only.erase(entry(i));
    if (hard_in[i] == 0 && soft_in[i] == 0)
      ready.insert(entry(i));
    else if (hard_in[i] == 0)
      soft_only.insert(entry(i));
  };
  for (size_t i = 0; i < n; ++i) {
    remaining.insert(entry(i));
    classify(i);
  }

  Result r;
  std::vector<bool> done(n, false);
  std::set<std::pair<size_t, size_t>> dropped;
  while (!remaining.empty()) {
    size_t next;
    if (!ready.empty()) {
      next = ready.begin()->second;
    } else if (!soft_only.empty()) {
      next = soft_only.begin()->second;
      for (size_t e : soft_into[next])
        if (soft_alive[e]) {
          soft_alive[e] = false;
          dropped.insert({next, soft[e].preference});
        }
      soft_in[next] = 0;
    } else {
      next = remaining.begin()->second;
      ++r.broken_cycles;
      for (size_t e : soft_into[next])
        if (soft_alive[e]) {
          soft_alive[e] = false;
          dropped.insert({next, soft[e].preference});
        }
      hard_in[next] = 0;
      soft_in[next] = 0;
    }
    ready.erase(entry(next));
    soft_only.erase(entry(next));
    remaining.erase(entry(next));
    done[next] = true;
    r.order.push_back(next);
    for (size_t b : hard[next]) {
      if (done[b]) continue;
      --hard_in[b];
      classify(b);
    }
    for (size_t e : soft_out[next]) {
      if (!soft_alive[e]) continue;
      soft_alive[e] = false;
      const size_t b = soft[e].to;
      if (done[b]) continue;
      --soft_in[b];
      classify(b);
    }
  }
  r.dropped_preferences.assign(dropped.begin(), dropped.end());
  return r;
}

}  // namespace reconcile::order
