// Progress of long work (replaying many revisions, applying many statements,
// reading a database), as events that a caller may show (a bar on a
// terminal, JSON lines) or ignore. Code that does such work takes a
// ProgressFn and reports through it; an empty ProgressFn reports nothing.
//
// A task reports an event before each unit of work starts (`done` = units
// finished so far, `item` = the unit starting) and one last event when it
// has finished (`done` == `total`). So "revision 3 of 10" is the event with
// done 2, total 10. A task that fails stops reporting: no last event.
//
// The events are called on the thread that does the work, in order; they
// must not throw.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace reconcile::util {

enum class Task {
  kLoadSchema,  // reading the LinkML schema (one unit)
  kIntrospect,  // reading the catalog of a database (one unit)
  kReplay,      // running revisions in a shadow database (a unit per revision; item: its id)
  kApply,       // applying revisions (a unit per revision; item: its id)
  kDowngrade,   // running down bodies (a unit per revision; item: its id)
  kStatements,  // the statements of one body (a unit per statement; item: the revision's id
                // in every event)
};

// "load_schema", "introspect", "replay", "apply", "downgrade", "statements".
const char* task_name(Task task);

struct Progress {
  Task task = Task::kLoadSchema;
  std::size_t done = 0;
  std::size_t total = 0;
  std::string item;
};

using ProgressFn = std::function<void(const Progress&)>;

// Calls `fn` (when set) with the event.
inline void report(const ProgressFn& fn, Task task, std::size_t done, std::size_t total,
                   const std::string& item = {}) {
  if (fn) fn(Progress{task, done, total, item});
}

}  // namespace reconcile::util
