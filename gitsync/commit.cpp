#include "gitsync/commit.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "gitsync/detail.h"

namespace reconcile::gitsync {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

// The OID of `path` in `tree`, or nullopt when absent.
std::optional<git_oid> entry_oid(git_tree* tree, const std::string& path) {
  if (!tree) return std::nullopt;
  git_tree_entry* entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree, path.c_str()) < 0) return std::nullopt;
  detail::TreeEntryPtr owned(entry);
  return *git_tree_entry_id(entry);
}

detail::TreePtr empty_tree(git_repository* repo) {
  git_treebuilder* builder = nullptr;
  detail::check(git_treebuilder_new(&builder, repo, nullptr), "cannot build an empty tree");
  git_oid oid;
  int rc = git_treebuilder_write(&oid, builder);
  git_treebuilder_free(builder);
  detail::check(rc, "cannot write an empty tree");
  git_tree* tree = nullptr;
  detail::check(git_tree_lookup(&tree, repo, &oid), "cannot read the empty tree");
  return detail::TreePtr(tree);
}

// git's own lock on the index: the file `<index>.lock`, created exclusively.
// While it exists no git process (and no other reconcile) writes the index.
// Waits up to `wait` for another process to release it. release_with()
// puts a new index in place the way git does: the new content becomes the
// lock file, which is then renamed over the index (atomic for readers).
class IndexLock {
 public:
  IndexLock(std::string index_path, std::chrono::milliseconds wait)
      : index_(std::move(index_path)), lock_(index_ + ".lock") {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      int fd = ::open(lock_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd >= 0) {
        ::close(fd);
        held_ = true;
        return;
      }
      if (errno != EEXIST) throw GitError("cannot create " + lock_ + ": " + std::strerror(errno));
      if (std::chrono::steady_clock::now() >= deadline)
        throw GitError("another git process holds the index lock " + lock_,
                       "wait for it to finish; if no git process runs, remove " + lock_);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~IndexLock() {
    if (held_) ::unlink(lock_.c_str());
  }
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  // Writes the entries of `index` as the new index and releases the lock.
  void release_with(git_index* index) {
    const std::string tmp = index_ + ".reconcile-" + std::to_string(::getpid());
    std::error_code ec;
    fs::remove(tmp, ec);
    git_index* raw = nullptr;
    detail::check(git_index_open(&raw, tmp.c_str()), "cannot create a new index");
    detail::IndexPtr fresh(raw);
    git_index_set_version(fresh.get(), git_index_version(index));
    const size_t count = git_index_entrycount(index);
    for (size_t i = 0; i < count; ++i) {
      const git_index_entry* e = git_index_get_byindex(index, i);
      if (e) detail::check(git_index_add(fresh.get(), e), "cannot copy the index");
    }
    detail::check(git_index_write(fresh.get()), "cannot write the index");
    fs::rename(tmp, lock_, ec);
    if (ec) {
      fs::remove(tmp, ec);
      throw GitError("cannot write the index: " + ec.message());
    }
    fs::rename(lock_, index_, ec);
    if (ec) throw GitError("cannot replace the index: " + ec.message());
    held_ = false;
  }

 private:
  std::string index_;
  std::string lock_;
  bool held_ = false;
};

// How long commit_paths waits for another git process to release the index.
constexpr std::chrono::milliseconds kIndexLockWait{10000};

}  // namespace

Signature resolve_signature(const Repository& repo, Role role) {
  const bool author = role == Role::kAuthor;
  Signature s;
  auto name = env(author ? "GIT_AUTHOR_NAME" : "GIT_COMMITTER_NAME");
  auto email = env(author ? "GIT_AUTHOR_EMAIL" : "GIT_COMMITTER_EMAIL");
  if (!name) name = repo.config_string("user.name");
  if (!email) email = repo.config_string("user.email");
  if (!name || !email || name->empty() || email->empty()) {
    const char* who = author ? "author" : "committer";
    throw GitError(
        std::string("no git ") + who +
            " identity: " + (!name || name->empty() ? "user.name" : "user.email") + " is not set",
        std::string(
            "run `git config user.name \"Your Name\"` and `git config user.email you@example.com`, "
            "or set ") +
            (author ? "GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL"
                    : "GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL"));
  }
  s.name = *name;
  s.email = *email;
  return s;
}

CommitInfo commit_paths(const Repository& repo, const std::vector<std::string>& paths,
                        const std::string& message) {
  git_repository* raw = repo.raw();
  if (paths.empty()) throw GitError("nothing to commit: no paths given");
  std::vector<std::string> rel;
  for (const auto& p : paths) {
    std::string rp = repo.to_repo_path(p);
    if (rp.empty()) throw GitError("cannot commit the whole work tree (" + p + "); name files");
    std::error_code ec;
    if (fs::is_directory(repo.to_absolute(rp), ec))
      throw GitError("cannot commit folder " + p + "; name its files");
    rel.push_back(rp);
  }
  std::sort(rel.begin(), rel.end());
  rel.erase(std::unique(rel.begin(), rel.end()), rel.end());

  // Identities first, so a missing identity changes nothing.
  Signature author = resolve_signature(repo, Role::kAuthor);
  Signature committer = resolve_signature(repo, Role::kCommitter);

  // Stage exactly these paths in the index, holding git's index lock from
  // reading the index until the new one is in place.
  git_index* index_raw = nullptr;
  detail::check(git_repository_index(&index_raw, raw), "cannot open the index");
  detail::IndexPtr index(index_raw);
  const char* index_file = git_index_path(index.get());
  if (!index_file) throw GitError("the repository has no index file");
  IndexLock index_lock(index_file, kIndexLockWait);
  detail::check(git_index_read(index.get(), 1), "cannot read the index");
  std::vector<bool> present;
  for (const auto& rp : rel) {
    std::error_code ec;
    bool exists =
        fs::is_regular_file(repo.to_absolute(rp), ec) || fs::is_symlink(repo.to_absolute(rp), ec);
    present.push_back(exists);
    if (exists) {
      detail::check(git_index_add_bypath(index.get(), rp.c_str()), "cannot stage " + rp);
    } else {
      int rc = git_index_remove_bypath(index.get(), rp.c_str());
      if (rc < 0 && rc != GIT_ENOTFOUND) detail::check(rc, "cannot unstage " + rp);
    }
  }

  // The tree: HEAD's tree with these paths replaced (other staged changes stay out).
  detail::CommitPtr head = detail::head_commit(raw);
  detail::TreePtr baseline = head ? detail::tree_of(head.get()) : empty_tree(raw);
  std::vector<git_tree_update> updates;
  for (size_t i = 0; i < rel.size(); ++i) {
    git_tree_update u{};
    u.path = rel[i].c_str();
    if (present[i]) {
      const git_index_entry* e = git_index_get_bypath(index.get(), rel[i].c_str(), 0);
      if (!e) throw GitError("cannot stage " + rel[i]);
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.id = e->id;
      u.filemode = static_cast<git_filemode_t>(e->mode);
      updates.push_back(u);
    } else if (entry_oid(baseline.get(), rel[i])) {
      u.action = GIT_TREE_UPDATE_REMOVE;
      updates.push_back(u);
    } else {
      throw GitError("cannot commit " + rel[i] +
                     ": it exists neither in the work tree nor at HEAD");
    }
  }
  git_oid tree_oid;
  detail::check(
      git_tree_create_updated(&tree_oid, raw, baseline.get(), updates.size(), updates.data()),
      "cannot build the commit tree");
  if (head && git_oid_equal(&tree_oid, git_tree_id(baseline.get()))) {
    throw GitError("nothing to commit: the named files already match HEAD");
  }

  git_tree* tree_raw = nullptr;
  detail::check(git_tree_lookup(&tree_raw, raw, &tree_oid), "cannot read the commit tree");
  detail::TreePtr tree(tree_raw);

  git_signature* a = nullptr;
  git_signature* c = nullptr;
  detail::check(git_signature_now(&a, author.name.c_str(), author.email.c_str()),
                "bad author identity");
  detail::SignaturePtr a_owned(a);
  detail::check(git_signature_now(&c, committer.name.c_str(), committer.email.c_str()),
                "bad committer identity");
  detail::SignaturePtr c_owned(c);

  std::string msg = message;
  if (msg.empty() || msg.back() != '\n') msg += '\n';
  const git_commit* parents[1] = {head.get()};
  git_oid commit_oid;
  detail::check(git_commit_create(&commit_oid, raw, "HEAD", a, c, nullptr, msg.c_str(), tree.get(),
                                  head ? 1 : 0, parents),
                "cannot create the commit");
  index_lock.release_with(index.get());
  return repo.resolve(detail::oid_hex(commit_oid));
}

bool differs_from_head(const Repository& repo, const std::string& path) {
  git_repository* raw = repo.raw();
  std::string rp = repo.to_repo_path(path);
  detail::CommitPtr head = detail::head_commit(raw);
  detail::TreePtr tree = head ? detail::tree_of(head.get()) : nullptr;
  std::optional<git_oid> at_head = entry_oid(tree.get(), rp);
  std::string abs = repo.to_absolute(rp);
  std::error_code ec;
  bool exists = fs::is_regular_file(abs, ec);
  if (!exists) return at_head.has_value();
  if (!at_head) return true;
  git_oid now;
  detail::check(git_repository_hashfile(&now, raw, abs.c_str(), GIT_OBJECT_BLOB, rp.c_str()),
                "cannot hash " + rp);
  return !git_oid_equal(&now, &*at_head);
}

}  // namespace reconcile::gitsync
