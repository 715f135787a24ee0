#include "cli/progress_view.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace reconcile::cli {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What a task is doing, in words, for the terminal line.
std::string describe(const util::Progress& p) {
  const std::string of = std::to_string(p.done + 1) + " of " + std::to_string(p.total);
  switch (p.task) {
    case util::Task::kLoadSchema:
      return "loading the LinkML schema";
    case util::Task::kIntrospect:
      return "reading the database";
    case util::Task::kReplay:
      return "replaying revision " + of + (p.item.empty() ? "" : " (" + p.item + ")");
    case util::Task::kApply:
      return "applying revision " + of + (p.item.empty() ? "" : " (" + p.item + ")");
    case util::Task::kDowngrade:
      return "downgrading revision " + of + (p.item.empty() ? "" : " (" + p.item + ")");
    case util::Task::kStatements:
      return "statement " + of;
  }
  return {};
}

}  // namespace

ProgressView::ProgressView(Mode mode, int fd, milliseconds delay)
    : mode_(mode), fd_(fd), delay_(delay), start_(Clock::now()) {
  if (mode_ == Mode::kTerminal) ticker_ = std::thread([this] { tick(); });
}

ProgressView::~ProgressView() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    erase_locked();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

std::string ProgressView::line(const std::map<util::Task, util::Progress>& tasks,
                               milliseconds elapsed) {
  std::string out = "reconcile: ";
  for (const auto& [task, p] : tasks) out += describe(p) + " · ";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1fs", static_cast<double>(elapsed.count()) / 1000.0);
  return out + seconds;
}

void ProgressView::on(const util::Progress& event) {
  switch (mode_) {
    case Mode::kNone:
      return;
    case Mode::kJsonLines: {
      nlohmann::json j = {
          {"type", "progress"},
          {"task", util::task_name(event.task)},
          {"done", event.done},
          {"total", event.total},
          {"elapsed_ms", std::chrono::duration_cast<milliseconds>(Clock::now() - start_).count()}};
      if (!event.item.empty()) j["item"] = event.item;
      std::lock_guard<std::mutex> lock(mutex_);
      write_locked(j.dump() + "\n");
      return;
    }
    case Mode::kTerminal: {
      std::lock_guard<std::mutex> lock(mutex_);
      if (event.done >= event.total) {
        active_.erase(event.task);
        // A task inside another (statements within a revision) ends with it.
        if (event.task != util::Task::kStatements) active_.erase(util::Task::kStatements);
      } else {
        active_[event.task] = event;
      }
      if (active_.empty())
        erase_locked();
      else if (drawn_)
        draw_locked();
      return;
    }
  }
}

void ProgressView::interrupt(const std::function<void()>& print) {
  std::lock_guard<std::mutex> lock(mutex_);
  erase_locked();
  print();
}

void ProgressView::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  active_.clear();
  erase_locked();
}

void ProgressView::draw_locked() {
  auto elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start_);
  if (active_.empty() || elapsed < delay_) return;
  write_locked("\r\x1b[K" + line(active_, elapsed));
  drawn_ = true;
}

void ProgressView::erase_locked() {
  if (!drawn_) return;
  write_locked("\r\x1b[K");
  drawn_ = false;
}

void ProgressView::write_locked(const std::string& text) {
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd_, text.data() + off, text.size() - off);
    if (n <= 0) return;  // progress is best effort: a closed stderr loses it
    off += static_cast<size_t>(n);
  }
}

void ProgressView::tick() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, milliseconds(200));
    if (!stop_) draw_locked();
  }
}

}  // namespace reconcile::cli
