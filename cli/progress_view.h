// Shows progress events (util/progress.h) on stderr, in one of two forms:
//
//  * kTerminal: one line, rewritten in place ("\r" + erase to end of line):
//    the active tasks, outermost first, with the elapsed time, e.g.
//    "reconcile: applying revision 2 of 5 (20260101_ab) · statement 120 of 3000 · 4.2s".
//    Nothing is drawn before `delay` has passed since the view was made, so
//    quick commands show nothing; after that a ticker thread redraws the line
//    a few times a second (so one long statement still shows the time
//    passing). The line is erased when the last task finishes, before any
//    other output on stderr (interrupt()), and when the view is destroyed.
//  * kJsonLines: every event at once, as one JSON object per line
//    (docs/json-output.md, "Progress events"):
//    {"type":"progress","task":"apply","done":1,"total":5,"item":"ID","elapsed_ms":812}
//    "item" is left out when the event has none.
//  * kNone: nothing.
//
// Thread-safe: events, interrupt() and the ticker are serialised by one mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "util/progress.h"

namespace reconcile::cli {

class ProgressView {
 public:
  enum class Mode { kNone, kTerminal, kJsonLines };

  // Writes to file descriptor `fd` (stderr in the CLI).
  explicit ProgressView(Mode mode, int fd = 2,
                        std::chrono::milliseconds delay = std::chrono::milliseconds(1000));
  ~ProgressView();
  ProgressView(const ProgressView&) = delete;
  ProgressView& operator=(const ProgressView&) = delete;

  Mode mode() const { return mode_; }
  void on(const util::Progress& event);
  // Erases the progress line, runs `print` (which writes to stderr), and lets
  // the ticker draw the line again later.
  void interrupt(const std::function<void()>& print);
  // Erases the line and forgets the active tasks (the work is over).
  void finish();

  // The terminal line for `tasks` (exposed for tests of the wording).
  static std::string line(const std::map<util::Task, util::Progress>& tasks,
                          std::chrono::milliseconds elapsed);

 private:
  void draw_locked();
  void erase_locked();
  void write_locked(const std::string& text);
  void tick();

  const Mode mode_;
  const int fd_;
  const std::chrono::milliseconds delay_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool drawn_ = false;
  std::map<util::Task, util::Progress> active_;
  std::thread ticker_;
};

}  // namespace reconcile::cli
