// The wording of the terminal progress line (cli/progress_view.h).
#include <gtest/gtest.h>

#include "cli/progress_view.h"

namespace {

using reconcile::cli::ProgressView;
using reconcile::util::Progress;
using reconcile::util::Task;

TEST(ProgressViewLine, NamesTheUnitStartingOutermostTaskFirstAndTheElapsedTime) {
  std::map<Task, Progress> tasks;
  tasks[Task::kStatements] = Progress{Task::kStatements, 119, 3000, "r2"};
  tasks[Task::kApply] = Progress{Task::kApply, 1, 5, "r2"};
  EXPECT_EQ(ProgressView::line(tasks, std::chrono::milliseconds(4240)),
            "reconcile: applying revision 2 of 5 (r2) · statement 120 of 3000 · 4.2s");
}

TEST(ProgressViewLine, SaysWhatALongSingleStepIsDoing) {
  std::map<Task, Progress> tasks;
  tasks[Task::kIntrospect] = Progress{Task::kIntrospect, 0, 1, ""};
  EXPECT_EQ(ProgressView::line(tasks, std::chrono::milliseconds(1000)),
            "reconcile: reading the database · 1.0s");
  tasks.clear();
  tasks[Task::kReplay] = Progress{Task::kReplay, 9, 40, "a"};
  EXPECT_EQ(ProgressView::line(tasks, std::chrono::milliseconds(12345)),
            "reconcile: replaying revision 10 of 40 (a) · 12.3s");
}

}  // namespace
