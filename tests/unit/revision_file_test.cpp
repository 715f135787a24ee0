// Revision files: parse/format round trip, checksums, statement splitting,
// parse errors with file and line.
#include <gtest/gtest.h>

#include "core/revision/revision.h"

namespace reconcile::revision {
namespace {

// A file as reconcile writes it (checksum filled in by the test helper).
Revision sample() {
  Revision r;
  r.id = "20261123T140501Z_add_sample";
  r.parents = {"20261120T090000Z_init"};
  r.message = "Add sample table";
  r.schema_hash = "sha256:" + std::string(64, 'a');
  r.up = "CREATE TABLE public.sample (\n  id integer NOT NULL\n);\n";
  r.down = "DROP TABLE public.sample;\n";
  r.checksum = r.compute_checksum();
  return r;
}

TEST(RevisionFile, FormatIsTheDocumentedLayout) {
  Revision r = sample();
  std::string expected =
      "-- reconcile:revision 20261123T140501Z_add_sample\n"
      "-- reconcile:parents 20261120T090000Z_init\n"
      "-- reconcile:message Add sample table\n"
      "-- reconcile:schema-hash sha256:" +
      std::string(64, 'a') +
      "\n"
      "-- reconcile:checksum " +
      r.checksum +
      "\n"
      "-- +up\n"
      "CREATE TABLE public.sample (\n  id integer NOT NULL\n);\n"
      "-- +down\n"
      "DROP TABLE public.sample;\n";
  EXPECT_EQ(format_revision(r), expected);
}

TEST(RevisionFile, ParseFormatRoundTrip) {
  Revision r = sample();
  std::string text = format_revision(r);
  Revision back = parse_revision(text, "migrations/x.sql");
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.parents, r.parents);
  EXPECT_EQ(back.message, r.message);
  EXPECT_EQ(back.schema_hash, r.schema_hash);
  EXPECT_EQ(back.checksum, r.checksum);
  EXPECT_EQ(back.up, r.up);
  EXPECT_EQ(back.down, r.down);
  EXPECT_EQ(back.path, "migrations/x.sql");
  EXPECT_EQ(back.up_line, 7);
  EXPECT_EQ(back.down_line, 11);
  EXPECT_TRUE(back.checksum_ok());
  EXPECT_EQ(format_revision(back), text);
}

TEST(RevisionFile, RootAndMergeRoundTrip) {
  Revision root = sample();
  root.parents.clear();
  root.schema_hash.clear();
  std::string text = format_revision(root);
  EXPECT_NE(text.find("\n-- reconcile:parents\n"), std::string::npos);
  Revision back = parse_revision(text, "r.sql");
  EXPECT_TRUE(back.parents.empty());
  EXPECT_EQ(format_revision(back), text);

  Revision merge = sample();
  merge.parents = {"b_two", "a_one"};  // format sorts
  merge.up.clear();
  merge.down.clear();
  merge.checksum = merge.compute_checksum();
  std::string mtext = format_revision(merge);
  EXPECT_NE(mtext.find("-- reconcile:parents a_one b_two\n"), std::string::npos);
  EXPECT_NE(mtext.find("-- +up\n-- +down\n"), std::string::npos);
  Revision mback = parse_revision(mtext, "m.sql");
  EXPECT_EQ(mback.parents, (std::vector<std::string>{"a_one", "b_two"}));
  EXPECT_TRUE(mback.is_merge());
  EXPECT_TRUE(mback.checksum_ok());
  EXPECT_EQ(format_revision(mback), mtext);
}

TEST(RevisionFile, ChecksumIsSha256OfTheDocumentedBytes) {
  Revision r;
  r.up = "";
  r.down = "";
  // sha256 of "up\0\0down\0" computed independently:
  //   printf 'up\0\0down\0' | sha256sum
  EXPECT_EQ(r.compute_checksum(),
            "sha256:e891d471955270fe551ac68d4de9e029e450f720b54f503f6a23ca08cd890124");
}

TEST(RevisionFile, EditedBodyIsDetectedByChecksum) {
  std::string text = format_revision(sample());
  std::string edited = text;
  edited.replace(edited.find("id integer"), 10, "id bigint");
  Revision r = parse_revision(edited, "x.sql");
  EXPECT_FALSE(r.checksum_ok());
  // Editing the down body is detected too.
  std::string edited_down = text;
  edited_down.replace(edited_down.find("DROP TABLE"), 10, "DROP TABLE IF EXISTS");
  EXPECT_FALSE(parse_revision(edited_down, "x.sql").checksum_ok());
  // Moving text from one body to the other changes the checksum.
  Revision a;
  a.up = "x";
  a.down = "";
  Revision b;
  b.up = "";
  b.down = "x";
  EXPECT_NE(a.compute_checksum(), b.compute_checksum());
}

TEST(RevisionFile, SplitsStatementsWithDollarQuotesStringsAndComments) {
  Revision r = sample();
  r.up =
      "-- leading comment\n"
      "CREATE TABLE a (x text DEFAULT 'a;b');\n"
      "\n"
      "CREATE FUNCTION f() RETURNS integer AS $$\n"
      "BEGIN\n"
      "  RETURN 1; -- inside\n"
      "END;\n"
      "$$ LANGUAGE plpgsql;\n"
      "/* block; comment */ COMMENT ON TABLE a IS 'semi; colon';\n";
  r.up_line = 7;
  auto st = r.up_statements();
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].sql, "CREATE TABLE a (x text DEFAULT 'a;b')");
  EXPECT_EQ(st[0].line, 8);
  EXPECT_EQ(st[1].sql,
            "CREATE FUNCTION f() RETURNS integer AS $$\nBEGIN\n  RETURN 1; -- inside\nEND;\n$$ "
            "LANGUAGE plpgsql");
  EXPECT_EQ(st[1].line, 10);
  EXPECT_EQ(st[2].sql, "COMMENT ON TABLE a IS 'semi; colon'");
  EXPECT_EQ(st[2].line, 15);
  for (const auto& s : st) EXPECT_TRUE(s.transactional);
}

TEST(RevisionFile, NoTransactionDirectiveAppliesToTheNextStatementOnly) {
  std::string text =
      "-- reconcile:revision r1\n"
      "-- reconcile:checksum sha256:" +
      std::string(64, '0') +
      "\n"
      "-- +up\n"
      "CREATE TABLE a (x integer);\n"
      "-- reconcile:no-transaction\n"
      "CREATE INDEX CONCURRENTLY a_x_idx ON a (x);\n"
      "ALTER TABLE a ADD COLUMN y integer;\n"
      "-- +down\n"
      "-- reconcile:no-transaction\n"
      "DROP INDEX CONCURRENTLY a_x_idx;\n"
      "DROP TABLE a;\n";
  Revision r = parse_revision(text, "r1.sql");
  auto up = r.up_statements();
  ASSERT_EQ(up.size(), 3u);
  EXPECT_TRUE(up[0].transactional);
  EXPECT_FALSE(up[1].transactional);
  EXPECT_EQ(up[1].sql, "CREATE INDEX CONCURRENTLY a_x_idx ON a (x)");
  EXPECT_EQ(up[1].line, 6);
  EXPECT_TRUE(up[2].transactional);
  auto down = r.down_statements();
  ASSERT_EQ(down.size(), 2u);
  EXPECT_FALSE(down[0].transactional);
  EXPECT_EQ(down[0].line, 10);
  EXPECT_TRUE(down[1].transactional);
  // The directive is kept verbatim in the body.
  EXPECT_NE(r.up.find("-- reconcile:no-transaction\n"), std::string::npos);
}

TEST(RevisionFile, EmptyBodiesHaveNoStatements) {
  Revision r = sample();
  r.up = "";
  r.down = "-- nothing to undo\n";
  EXPECT_TRUE(r.up_statements().empty());
  EXPECT_TRUE(r.down_statements().empty());
}

TEST(RevisionFile, UntokenizableBodyIsAnInputErrorWithLine) {
  std::string text =
      "-- reconcile:revision r1\n"
      "-- reconcile:checksum sha256:" +
      std::string(64, '0') +
      "\n"
      "-- +up\n"
      "SELECT 1;\n"
      "SELECT 'unterminated;\n"
      "-- +down\n";
  // parse_revision splits the bodies, so the file itself is refused...
  try {
    parse_revision(text, "r1.sql");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "r1.sql");
    EXPECT_EQ(e.where().line, 5);
  }
  // ...and a revision built in memory fails when split.
  Revision r;
  r.id = "r1";
  r.path = "r1.sql";
  r.up = "SELECT 1;\nSELECT 'unterminated;\n";
  r.up_line = 4;
  try {
    r.up_statements();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 5);
  }
}

// Parses `text` expecting an InputError at `line`; returns the message.
std::string parse_error(const std::string& text, int line) {
  try {
    parse_revision(text, "bad.sql");
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "bad.sql");
    EXPECT_EQ(e.where().line, line) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError for:\n" << text;
  return "";
}

const std::string kSum = "-- reconcile:checksum sha256:" + std::string(64, '0') + "\n";

TEST(RevisionFile, ParseErrorsNameFileAndLine) {
  EXPECT_NE(
      parse_error(kSum + "-- +up\n-- +down\n", 1).find("missing header `-- reconcile:revision"),
      std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision r1\n-- +up\n-- +down\n", 1).find("checksum"),
            std::string::npos);
  EXPECT_NE(
      parse_error("-- reconcile:revision r1\n" + kSum + "-- +down\n", 3).find("before `-- +up`"),
      std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision r1\n" + kSum + "-- +up\nSELECT 1;\n", 4)
                .find("missing `-- +down`"),
            std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision r1\n" + kSum + "-- +up\n-- +up\n-- +down\n", 4)
                .find("duplicate `-- +up`"),
            std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision r1\n" + kSum + "-- +up\n-- +down\nx\n-- +down\n", 6)
                .find("duplicate `-- +down`"),
            std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision bad id\n" + kSum + "-- +up\n-- +down\n", 1)
                .find("bad revision id"),
            std::string::npos);
  EXPECT_NE(
      parse_error(
          "-- reconcile:revision r1\n-- reconcile:revision r2\n" + kSum + "-- +up\n-- +down\n", 2)
          .find("duplicate header"),
      std::string::npos);
  EXPECT_NE(
      parse_error(
          "-- reconcile:revision r1\n" + kSum + "-- reconcile:colour blue\n-- +up\n-- +down\n", 3)
          .find("unknown header"),
      std::string::npos);
  EXPECT_NE(
      parse_error("-- reconcile:revision r1\n-- reconcile:checksum md5:abc\n-- +up\n-- +down\n", 2)
          .find("bad checksum"),
      std::string::npos);
  EXPECT_NE(
      parse_error("-- reconcile:revision r1\n" + kSum + "CREATE TABLE x ();\n-- +up\n-- +down\n", 3)
          .find("SQL before"),
      std::string::npos);
  EXPECT_NE(parse_error("-- reconcile:revision r1\n-- reconcile:parents r0 r/2\n" + kSum +
                            "-- +up\n-- +down\n",
                        2)
                .find("bad parent"),
            std::string::npos);
  EXPECT_NE(
      parse_error(
          "-- reconcile:revision r1\n-- reconcile:parents r1\n" + kSum + "-- +up\n-- +down\n", 2)
          .find("names itself"),
      std::string::npos);
}

TEST(RevisionFile, HandWrittenHeaderMayHaveCommentsAndBlankLines) {
  std::string text =
      "-- my notes\n\n-- reconcile:revision r1\n" + kSum + "-- +up\nSELECT 1;\n-- +down\n";
  Revision r = parse_revision(text, "r1.sql");
  EXPECT_EQ(r.id, "r1");
  EXPECT_TRUE(r.parents.empty());
  EXPECT_EQ(r.message, "");
  EXPECT_EQ(r.up, "SELECT 1;\n");
  EXPECT_EQ(r.up_line, 6);
}

TEST(RevisionFile, MakeRevisionId) {
  // 2026-11-23 14:05:01 UTC
  EXPECT_EQ(make_revision_id(1795442701, "Add sample table"), "20261123T140501Z_add_sample_table");
  EXPECT_EQ(make_revision_id(1795442701, "  Fix: person.age -> BIGINT!! "),
            "20261123T140501Z_fix_person_age_bigint");
  EXPECT_EQ(make_revision_id(1795442701, "Ünïcode ok"), "20261123T140501Z_n_code_ok");
  EXPECT_EQ(make_revision_id(1795442701, "!!!"), "20261123T140501Z");
  std::string long_id =
      make_revision_id(1795442701, std::string(30, 'a') + " " + std::string(30, 'b'));
  EXPECT_EQ(long_id, "20261123T140501Z_" + std::string(30, 'a') + "_" + std::string(9, 'b'));
  EXPECT_TRUE(is_valid_revision_id(long_id));
  EXPECT_FALSE(is_valid_revision_id("_x"));
  EXPECT_FALSE(is_valid_revision_id("a b"));
  EXPECT_FALSE(is_valid_revision_id(""));
}

TEST(RevisionFile, MessageLineBreaksBecomeSpaces) {
  Revision r = sample();
  r.message = "first\nsecond";
  Revision back = parse_revision(format_revision(r), "x.sql");
  EXPECT_EQ(back.message, "first second");
}

std::string with_up(const std::string& up) {
  return "-- reconcile:revision r1\n" + kSum + "-- +up\n" + up + "-- +down\n";
}

TEST(RevisionFile, HazardDirectivesApplyToTheNextStatement) {
  Revision r = parse_revision(with_up("-- reconcile:hazard DELETES_DATA NOT_REVERSIBLE\n"
                                      "-- an ordinary comment between\n"
                                      "-- reconcile:hazard TAKES_ACCESS_EXCLUSIVE_LOCK\n"
                                      "ALTER TABLE t ALTER COLUMN c TYPE varchar(10);\n"
                                      "-- reconcile:hazard none\n"
                                      "DO $$ BEGIN PERFORM 1; END $$;\n"
                                      "-- reconcile:no-transaction\n"
                                      "-- reconcile:hazard CANNOT_RUN_IN_TRANSACTION\n"
                                      "ALTER TYPE e ADD VALUE 'x';\n"
                                      "SELECT 1;\n"),
                              "r1.sql");
  auto st = r.up_statements();
  ASSERT_EQ(st.size(), 4u);
  ASSERT_TRUE(st[0].hazards.has_value());
  EXPECT_EQ(*st[0].hazards, (std::vector<plan::Hazard>{plan::Hazard::kDeletesData,
                                                       plan::Hazard::kAccessExclusiveLock,
                                                       plan::Hazard::kNotReversible}));
  EXPECT_TRUE(st[0].declares(plan::Hazard::kDeletesData));
  EXPECT_EQ(st[0].line, 7);
  ASSERT_TRUE(st[1].hazards.has_value());
  EXPECT_TRUE(st[1].hazards->empty());
  EXPECT_FALSE(st[2].transactional);
  EXPECT_TRUE(st[2].declares(plan::Hazard::kCannotRunInTransaction));
  EXPECT_FALSE(st[3].hazards.has_value());
  // The directives are part of the body, so the checksum covers them.
  Revision edited = r;
  edited.up = std::string(r.up).replace(r.up.find("DELETES_DATA "), 13, "");
  EXPECT_NE(edited.compute_checksum(), r.compute_checksum());
}

TEST(RevisionFile, DirectivesReachStatementsThePostgres15GrammarRejects) {
  Revision r = parse_revision(
      with_up("SELECT 1;\n-- reconcile:hazard none\nFROBNICATE victim;\nSELECT 2;\n"), "r1.sql");
  auto st = r.up_statements();
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[1].sql, "FROBNICATE victim");
  EXPECT_EQ(st[1].line, 6);
  ASSERT_TRUE(st[1].hazards.has_value());
  EXPECT_TRUE(st[1].hazards->empty());
  EXPECT_NE(parse_error(with_up("SELECT 1;\n-- reconcile:hazard NOPE\nFROBNICATE victim;\n"), 5)
                .find("unknown hazard"),
            std::string::npos);
}

TEST(RevisionFile, BadDirectivesAreErrorsWithTheirLine) {
  EXPECT_NE(parse_error(with_up("SELECT 1;\n-- reconcile:hazard DELETE_DATA\nSELECT 2;\n"), 5)
                .find("unknown hazard `DELETE_DATA`"),
            std::string::npos);
  EXPECT_NE(parse_error(with_up("-- reconcile:hazard\nSELECT 2;\n"), 4).find("names no hazard"),
            std::string::npos);
  EXPECT_NE(parse_error(with_up("-- reconcile:hazard none DELETES_DATA\nSELECT 2;\n"), 4)
                .find("cannot be combined"),
            std::string::npos);
  EXPECT_NE(parse_error(with_up("-- reconcile:reviewed\nSELECT 2;\n"), 4).find("unknown directive"),
            std::string::npos);
  EXPECT_NE(
      parse_error(with_up("SELECT 1;\n-- reconcile:hazard none\n"), 5).find("no statement follows"),
      std::string::npos);
  EXPECT_NE(parse_error(with_up("DELETE FROM t; -- reconcile:hazard none\nSELECT 2;\n"), 4)
                .find("line of its own"),
            std::string::npos);
}

}  // namespace
}  // namespace reconcile::revision
