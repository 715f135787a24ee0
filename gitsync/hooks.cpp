#include "gitsync/hooks.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace reconcile::gitsync {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::optional<std::string> read_text(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) throw GitError("cannot read hook " + p.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw GitError("cannot write hook " + p.string());
  out << text;
  out.close();
  if (!out) throw GitError("cannot write hook " + p.string());
}

// [begin, end) byte range of the block (end includes the end marker's line
// break), or nullopt.
std::optional<std::pair<size_t, size_t>> block_range(const std::string& text) {
  const std::string begin_marker = kHookBlockBegin;
  size_t pos = 0;
  while ((pos = text.find(begin_marker, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') break;
    pos += begin_marker.size();
  }
  if (pos == std::string::npos) return std::nullopt;
  size_t end_marker = text.find(kHookBlockEnd, pos);
  size_t end = text.size();
  if (end_marker != std::string::npos) {
    size_t nl = text.find('\n', end_marker);
    end = nl == std::string::npos ? text.size() : nl + 1;
  }
  return std::make_pair(pos, end);
}

bool only_shebang_and_blank(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (first && line.rfind("#!", 0) == 0) {
      first = false;
      continue;
    }
    first = false;
    if (line.find_first_not_of(" \t\r") != std::string::npos) return false;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& managed_hooks() {
  static const std::vector<std::string> hooks = {"post-merge", "post-checkout", "post-rewrite"};
  return hooks;
}

std::string hook_block(const std::string& hook, const HookOptions& options) {
  std::string body;
  body += "\"$reconcile_bin\" status --hook || echo \"reconcile: status --hook failed\" >&2\n";
  if (options.run_apply)
    body += "\"$reconcile_bin\" apply --progress never || echo \"reconcile: apply failed\" >&2\n";
  std::string b;
  b += std::string(kHookBlockBegin) + "\n";
  b += "# Added by `reconcile hooks install`; `reconcile hooks uninstall` removes this block.\n";
  b += "reconcile_bin=" + shell_quote(options.executable) + "\n";
  b += "[ -x \"$reconcile_bin\" ] || reconcile_bin=reconcile\n";
  if (hook == "post-checkout") {
    // Arguments: previous HEAD, new HEAD, 1 for a branch checkout (0 for files).
    b += "if [ \"$3\" = \"1\" ]; then\n";
    std::istringstream in(body);
    std::string line;
    while (std::getline(in, line)) b += "  " + line + "\n";
    b += "fi\n";
  } else {
    b += body;
  }
  b += std::string(kHookBlockEnd) + "\n";
  return b;
}

std::string with_block(const std::string& existing, const std::string& block) {
  if (auto range = block_range(existing)) {
    return existing.substr(0, range->first) + block + existing.substr(range->second);
  }
  if (existing.empty()) return "#!/bin/sh\n" + block;
  std::string out = existing;
  if (out.back() != '\n') out += '\n';
  return out + block;
}

std::optional<std::string> without_block(const std::string& existing) {
  auto range = block_range(existing);
  if (!range) return existing;
  std::string out = existing.substr(0, range->first) + existing.substr(range->second);
  if (only_shebang_and_blank(out)) return std::nullopt;
  return out;
}

std::vector<HookChange> install_hooks(const Repository& repo, const HookOptions& options) {
  fs::path dir = repo.hooks_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw GitError("cannot create the hooks folder " + dir.string() + ": " + ec.message());
  std::vector<HookChange> changes;
  for (const auto& hook : managed_hooks()) {
    fs::path path = dir / hook;
    std::optional<std::string> existing = read_text(path);
    std::string text = with_block(existing.value_or(""), hook_block(hook, options));
    std::string action;
    if (!existing || !block_range(*existing))
      action = "installed";
    else
      action = text == *existing ? "unchanged" : "updated";
    if (!existing || text != *existing) write_text(path, text);
    fs::permissions(path,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::owner_exec |
                        fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    fs::perm_options::add, ec);
    if (ec) throw GitError("cannot make hook " + path.string() + " executable: " + ec.message());
    changes.push_back({path.string(), action});
  }
  return changes;
}

std::vector<HookChange> uninstall_hooks(const Repository& repo) {
  fs::path dir = repo.hooks_dir();
  std::vector<HookChange> changes;
  for (const auto& hook : managed_hooks()) {
    fs::path path = dir / hook;
    std::optional<std::string> existing = read_text(path);
    if (!existing) {
      changes.push_back({path.string(), "absent"});
      continue;
    }
    if (!block_range(*existing)) {
      changes.push_back({path.string(), "unchanged"});
      continue;
    }
    std::optional<std::string> rest = without_block(*existing);
    if (!rest) {
      std::error_code ec;
      fs::remove(path, ec);
      if (ec) throw GitError("cannot remove hook " + path.string() + ": " + ec.message());
      changes.push_back({path.string(), "deleted"});
    } else {
      write_text(path, *rest);
      changes.push_back({path.string(), "removed block"});
    }
  }
  return changes;
}

}  // namespace reconcile::gitsync
