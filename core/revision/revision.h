// Revision files: one SQL file per revision in the migrations folder,
// named `<id>.sql` where id = `<UTC timestamp YYYYMMDDTHHMMSSZ>_<slug>`.
//
//   -- reconcile:revision 20261123T140501Z_add_sample
//   -- reconcile:parents 20261120T090000Z_init            (space-separated; absent/empty for a
//   root)
//   -- reconcile:message Add sample table
//   -- reconcile:schema-hash sha256:...                   (catalog content hash after this
//   revision)
//   -- reconcile:checksum sha256:...                      (of the up and down bodies)
//   -- +up
//   ...statements...
//   -- +down
//   ...statements...
//
// Directive lines inside a body stand on a line of their own, directly
// before the statement they apply to (blank lines and other comments may sit
// between them), and are covered by the checksum like every body byte:
//   -- reconcile:no-transaction        the statement runs outside a transaction
//   -- reconcile:hazard NAME [NAME...]  the statement's hazards, named as in plans
//                                       (DELETES_DATA, REWRITES_TABLE, ...); the
//                                       planner writes them, reviewers may too
//   -- reconcile:hazard none            reviewed: the statement has no hazard
// Several hazard lines add up. An unknown directive, an unknown hazard name,
// a directive after the text of a line, or a directive that no statement
// follows is an error (file and line).
//
// Guarantees: format(parse(text)) == text for files reconcile wrote; writing is
// deterministic; parse errors name the file and line; parse_revision() splits
// both bodies, so a file it accepts has valid directives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/plan/plan.h"
#include "util/error.h"

namespace reconcile::revision {

struct Statement {
  std::string sql;            // without trailing ';'
  bool transactional = true;  // false when preceded by `-- reconcile:no-transaction`
  int line = 0;               // 1-based line in the file where it starts (0 if unknown)
  // Hazards declared by `-- reconcile:hazard` lines: nullopt when there are
  // none, empty for `-- reconcile:hazard none`. Sorted, distinct.
  std::optional<std::vector<plan::Hazard>> hazards;

  bool declares(plan::Hazard h) const;
};

struct Revision {
  std::string id;
  std::vector<std::string> parents;  // sorted
  std::string message;
  std::string schema_hash;  // "sha256:<hex>"
  std::string checksum;     // as recorded in the header
  std::string up;           // body text between `-- +up` and `-- +down`, verbatim
  std::string down;         // body text after `-- +down`, verbatim
  std::string path;         // file path it was read from (empty if not read)
  int up_line = 0;          // 1-based file line where the up body starts (0 if not read)
  int down_line = 0;        // 1-based file line where the down body starts (0 if not read)

  // sha256 over the up and down bodies as they are now ("sha256:<hex>"): the
  // SHA-256 of the bytes "up" NUL <up> NUL "down" NUL <down> (NUL = one zero
  // byte), lower-case hex.
  std::string compute_checksum() const;
  bool checksum_ok() const { return checksum == compute_checksum(); }
  bool is_merge() const { return parents.size() > 1; }
  // The bodies split into statements (libpg_query's splitter with the PG15
  // grammar, falling back to its scanner for syntax PG15 does not know; dollar
  // quotes, comments and strings are respected; directives honoured). Each
  // statement is trimmed of surrounding whitespace and leading comments.
  // Throws InputError (file and line) when a body cannot even be tokenized
  // or a directive is wrong (see above).
  std::vector<Statement> up_statements() const;
  std::vector<Statement> down_statements() const;
};

// Parses a revision file's text; `path` is used in error messages (InputError
// with file and line). Header lines come before `-- +up`: `revision` and
// `checksum` are required, `parents`, `message` and `schema-hash` optional;
// blank lines and other `--` comments are allowed there; an unknown or
// repeated `-- reconcile:` key, a missing or repeated `-- +up`/`-- +down`
// marker, or a bad id (allowed: ASCII letters, digits, '_', '-', '.', starting
// with a letter or digit) is an error.
Revision parse_revision(const std::string& text, const std::string& path);
// The file text. Sets nothing; the caller sets checksum (usually compute_checksum()).
// The parents line is always written (bare `-- reconcile:parents` for a root);
// line breaks in the message become spaces; a body that does not end in a
// line break gets one.
std::string format_revision(const Revision& r);

// `text` (a revision file that parses) with the value of its
// `-- reconcile:checksum` header line replaced by `checksum`; every other
// byte stays as it was. Throws InputError when `text` does not parse.
std::string with_checksum(const std::string& text, const std::string& checksum,
                          const std::string& path);

// "20261123T140501Z_add_sample_table" from a UTC time and a message
// (slug: lower-case ASCII letters/digits joined by '_', at most 40 characters).
std::string make_revision_id(long long unix_seconds, const std::string& message);

// Six hex digits that tell apart revisions written in the same second with
// the same message on different branches: a digest of the parents and both
// bodies. Equal for two revisions only when they make the same change on the
// same parents (in which case they are the same revision).
std::string content_tag(const std::vector<std::string>& parents, const std::string& up,
                        const std::string& down);

// True if `id` is a valid revision id (see parse_revision).
bool is_valid_revision_id(const std::string& id);

}  // namespace reconcile::revision
