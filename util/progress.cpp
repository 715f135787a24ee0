#include "util/progress.h"

namespace reconcile::util {

const char* task_name(Task task) {
  switch (task) {
    case Task::kLoadSchema:
      return "load_schema";
    case Task::kIntrospect:
      return "introspect";
    case Task::kReplay:
      return "replay";
    case Task::kApply:
      return "apply";
    case Task::kDowngrade:
      return "downgrade";
    case Task::kStatements:
      return "statements";
  }
  return "unknown";
}

}  // namespace reconcile::util
