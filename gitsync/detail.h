// Internal to gitsync: owning pointers for libgit2 objects and error checks.
// Not part of the public interface; include only from gitsync/*.cpp.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "gitsync/repository.h"

namespace reconcile::gitsync::detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};

using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config, git_config_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using BranchIteratorPtr =
    std::unique_ptr<git_branch_iterator, Deleter<git_branch_iterator, git_branch_iterator_free>>;

// Throws GitError "<what>: <libgit2 message>" when rc < 0.
void check(int rc, const std::string& what);

std::string oid_hex(const git_oid& oid);
CommitInfo info_of(const git_commit* commit);

// The commit a revision expression names, or nullptr when it names nothing.
CommitPtr find_commit(git_repository* repo, const std::string& ref);
// Same; throws GitError naming `ref` when it names nothing.
CommitPtr get_commit(git_repository* repo, const std::string& ref);
TreePtr tree_of(const git_commit* commit);
// HEAD's commit, or nullptr on an unborn branch.
CommitPtr head_commit(git_repository* repo);

}  // namespace reconcile::gitsync::detail
