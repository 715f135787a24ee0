// Git hooks: `reconcile hooks install|uninstall` adds a marked block to the
// post-merge, post-checkout and post-rewrite hooks that runs
// `reconcile status --hook` (and `reconcile apply` when asked for).
//
// The block:
//   # >>> reconcile >>>
//   ...
//   # <<< reconcile <<<
// Guarantees:
//  * Existing hook content is kept; the block is appended after it (a line
//    break is added first if the content lacks a final one; a new hook file
//    starts with "#!/bin/sh"). Uninstalling restores content that ended in a
//    line break byte for byte.
//  * Installing again replaces the block in place (so installing twice is
//    harmless and re-installing picks up new options).
//  * Uninstalling removes only the block; the file is deleted when nothing but
//    a shebang (and blank lines) remains.
//  * Hook files are executable (mode 0755 added to the existing mode).
//  * The hooks folder honours core.hooksPath.
//  * The block never makes the git command fail: errors are printed, not returned.
//
// Decision: whether the hook also runs `reconcile apply` is decided at install
// time (from reconcile.yaml `hooks.apply`, read by the command) and baked into
// the block; run `reconcile hooks install` again after changing it. The hook
// calls the reconcile executable that installed it (absolute path) when it
// still exists, else `reconcile` from PATH.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gitsync/repository.h"

namespace reconcile::gitsync {

inline constexpr const char* kHookBlockBegin = "# >>> reconcile >>>";
inline constexpr const char* kHookBlockEnd = "# <<< reconcile <<<";

// The hooks reconcile manages, in this order.
const std::vector<std::string>& managed_hooks();

struct HookOptions {
  std::string executable = "reconcile";  // the reconcile binary to call (absolute path preferred)
  bool run_apply = false;                // also run `reconcile apply` after the status
};

// The block (from begin to end marker, each line ending in '\n') for `hook`.
std::string hook_block(const std::string& hook, const HookOptions& options);

// Pure text operations on a hook file's content (used by install/uninstall):
// the content with the block added or replaced; a new file when `existing` is empty.
std::string with_block(const std::string& existing, const std::string& block);
// The content without the block; nullopt when nothing but a shebang and blank
// lines would remain (the file should be removed). Content without a block is
// returned unchanged.
std::optional<std::string> without_block(const std::string& existing);

struct HookChange {
  std::string path;  // absolute hook file path
  // install: "installed" (block added), "updated" (block replaced), "unchanged";
  // uninstall: "removed block", "deleted" (nothing else remained), "unchanged" (no block), "absent"
  // (no file).
  std::string action;

  auto operator<=>(const HookChange&) const = default;
};

// Installs the block in every managed hook; creates the hooks folder if needed.
std::vector<HookChange> install_hooks(const Repository& repo, const HookOptions& options);
// Removes the block from every managed hook.
std::vector<HookChange> uninstall_hooks(const Repository& repo);

}  // namespace reconcile::gitsync
