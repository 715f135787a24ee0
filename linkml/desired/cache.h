// A content-addressed cache of desired catalogs (`.reconcile/cache`), so the
// frequent no-op commands (`status`, `check`, `plan`, git hooks) skip
// loading and mapping the LinkML schema when nothing it was made from
// changed.
//
// An entry is found by a key made of the cache format, reconcile's version
// (and the identity of the running executable, so a rebuild is a new
// version too), the reader (worktree, git:REF), the entry file and every
// mapping option (profile, target schemas, extensions, import map). It holds
// every path the loader asked the reader for with the SHA-256 of the bytes
// it got (or "absent"), the mapped catalog and the diagnostics. It is used
// only when every one of those paths still reads the same bytes (and the
// absent ones are still absent), i.e. when the import closure is byte for
// byte the one it was made from; so an edit anywhere in the closure, a new
// file where an import used to fall back, another profile or another
// version each miss.
//
// Safe under concurrent runs: an entry is written to a temporary file of
// the writing process and renamed into place, so a reader sees a whole entry
// or none; two processes filling the same entry both write a valid one and
// the last rename wins. An unreadable or malformed entry is a miss (and is
// replaced); a cache that cannot be written only costs speed.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/catalog/catalog.h"
#include "linkml/diagnostics.h"
#include "util/source_reader.h"

namespace reconcile::desired {

struct DesiredOptions;

// What loading and mapping produced: the catalog and every diagnostic.
struct DesiredResult {
  catalog::Catalog catalog;
  linkml::Diagnostics diagnostics;
};

// A SourceReader that remembers, for every path read through it, the
// SHA-256 of the bytes it returned or that the file was absent.
class FingerprintingReader : public SourceReader {
 public:
  explicit FingerprintingReader(const SourceReader& inner) : inner_(inner) {}
  std::optional<std::string> read(const std::string& path) const override;
  std::string describe() const override { return inner_.describe(); }
  // path -> sha256 hex, or "" when the file did not exist.
  const std::map<std::string, std::string>& reads() const { return reads_; }

 private:
  const SourceReader& inner_;
  mutable std::map<std::string, std::string> reads_;
};

class DesiredCache {
 public:
  // `dir`: the cache folder; `version`: what must match for an entry to be
  // trusted (cache_version() for the running reconcile).
  DesiredCache(std::string dir, std::string version);

  // The cached result for `options` read through `reader`, if an entry
  // exists and every file it was made from still has the same bytes.
  std::optional<DesiredResult> lookup(const SourceReader& reader,
                                      const DesiredOptions& options) const;

  // Stores `result`, made from the files `reads` (FingerprintingReader).
  void store(const SourceReader& reader, const DesiredOptions& options,
             const std::map<std::string, std::string>& reads, const DesiredResult& result) const;

  // The entry file lookup() and store() use (for tests and messages).
  std::string entry_path(const SourceReader& reader, const DesiredOptions& options) const;

 private:
  std::string key_text(const SourceReader& reader, const DesiredOptions& options) const;
  std::string dir_;
  std::string version_;
};

// reconcile's version plus the size and modification time of the running
// executable: a rebuilt binary never trusts entries of the one before.
std::string cache_version();

}  // namespace reconcile::desired
