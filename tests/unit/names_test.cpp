// quote_ident, truncation and PostgreSQL's default object names.
#include "core/catalog/names.h"

#include <gtest/gtest.h>

#include <string>

namespace reconcile::catalog {
namespace {

TEST(QuoteIdent, PlainLowerCaseStaysBare) {
  EXPECT_EQ(quote_ident("person"), "person");
  EXPECT_EQ(quote_ident("_tmp1"), "_tmp1");
  EXPECT_EQ(quote_ident("a_b_9"), "a_b_9");
}

TEST(QuoteIdent, ReservedAndColumnNameKeywordsAreQuoted) {
  EXPECT_EQ(quote_ident("user"), "\"user\"");
  EXPECT_EQ(quote_ident("order"), "\"order\"");
  EXPECT_EQ(quote_ident("select"), "\"select\"");
  EXPECT_EQ(quote_ident("table"), "\"table\"");
  // col_name_keyword and type_func_name_keyword are not unreserved either.
  EXPECT_EQ(quote_ident("integer"), "\"integer\"");
  EXPECT_EQ(quote_ident("left"), "\"left\"");
  EXPECT_EQ(quote_ident("authorization"), "\"authorization\"");
}

TEST(QuoteIdent, UnreservedKeywordsStayBare) {
  EXPECT_EQ(quote_ident("name"), "name");
  EXPECT_EQ(quote_ident("type"), "type");
  EXPECT_EQ(quote_ident("data"), "data");
  EXPECT_EQ(quote_ident("action"), "action");
  EXPECT_EQ(quote_ident("text"), "text");
}

TEST(QuoteIdent, UpperCaseSpacesDigitsFirstDollarAreQuoted) {
  EXPECT_EQ(quote_ident("Person"), "\"Person\"");
  EXPECT_EQ(quote_ident("first name"), "\"first name\"");
  EXPECT_EQ(quote_ident("1abc"), "\"1abc\"");
  EXPECT_EQ(quote_ident("a$b"), "\"a$b\"");
  EXPECT_EQ(quote_ident(""), "\"\"");
  EXPECT_EQ(quote_ident("café"), "\"café\"");
}

TEST(QuoteIdent, EmbeddedQuotesAreDoubled) {
  EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_ident("\""), "\"\"\"\"");
}

TEST(Qualified, QuotesEachPart) {
  EXPECT_EQ(qualified("public", "user"), "public.\"user\"");
  EXPECT_EQ(qualified("My Schema", "t"), "\"My Schema\".t");
}

TEST(QuoteLiteral, DoublesQuotesKeepsBackslashes) {
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
  EXPECT_EQ(quote_literal("a\\b"), "'a\\b'");
  EXPECT_EQ(quote_literal(""), "''");
}

TEST(TruncateIdentifier, AsciiIsCutAt63Bytes) {
  std::string n(70, 'a');
  EXPECT_EQ(truncate_identifier(n), std::string(63, 'a'));
  EXPECT_EQ(truncate_identifier(std::string(63, 'b')), std::string(63, 'b'));
  EXPECT_EQ(truncate_identifier("short"), "short");
}

TEST(TruncateIdentifier, NeverSplitsAMultibyteCharacter) {
  // 62 ASCII bytes then "é" (2 bytes): 64 bytes; the é does not fit whole.
  std::string n = std::string(62, 'a') + "é";
  EXPECT_EQ(truncate_identifier(n), std::string(62, 'a'));
  // 61 ASCII bytes then "é": exactly 63 bytes, kept.
  std::string m = std::string(61, 'a') + "é";
  EXPECT_EQ(truncate_identifier(m), m);
  // Three-byte characters: 21 × "€" = 63 bytes fit, the 22nd does not.
  std::string euros;
  for (int i = 0; i < 22; ++i) euros += "€";
  EXPECT_EQ(truncate_identifier(euros).size(), 63u);
  EXPECT_EQ(truncate_identifier(euros), euros.substr(0, 63));
}

TEST(MakeObjectName, ShortNamesAreJoined) {
  EXPECT_EQ(make_object_name("t", "a", "fkey"), "t_a_fkey");
  EXPECT_EQ(make_object_name("t", "", "pkey"), "t_pkey");
}

TEST(MakeObjectName, LongerPartIsShortenedFirst) {
  // 63 - len("_key") - 1 = 58 bytes for both names.
  std::string t(60, 't');
  EXPECT_EQ(make_object_name(t, "col", "key"), std::string(55, 't') + "_col_key");
  std::string c(60, 'c');
  EXPECT_EQ(make_object_name("tab", c, "key"), "tab_" + std::string(55, 'c') + "_key");
  // Both long: shortened alternately until they fit (29 + 29).
  EXPECT_EQ(make_object_name(t, c, "key"),
            std::string(29, 't') + "_" + std::string(29, 'c') + "_key");
  EXPECT_EQ(make_object_name(t, "", "pkey").size(), 63u);
  EXPECT_EQ(make_object_name(t, "", "pkey"), std::string(58, 't') + "_pkey");
}

TEST(MakeObjectName, MultibyteNamesAreClippedOnCharacterBoundaries) {
  std::string t;
  for (int i = 0; i < 30; ++i) t += "é";  // 60 bytes
  std::string name = make_object_name(t, "", "pkey");
  // 58 bytes available: 29 whole characters.
  EXPECT_EQ(name, t.substr(0, 58) + "_pkey");
  std::string odd = "a" + t;  // 61 bytes; 58 would split a character, so 57
  EXPECT_EQ(make_object_name(odd, "", "pkey"), odd.substr(0, 57) + "_pkey");
}

TEST(DefaultNames, FollowPostgresConventions) {
  EXPECT_EQ(default_pkey_name("person"), "person_pkey");
  EXPECT_EQ(default_fkey_name("t", {"a", "b"}), "t_a_b_fkey");
  EXPECT_EQ(default_unique_name("t", {"a", "b"}), "t_a_b_key");
  EXPECT_EQ(default_check_name("t", "col"), "t_col_check");
  EXPECT_EQ(default_check_name("t", ""), "t_check");
  EXPECT_EQ(default_index_name("t", {"a", "b"}), "t_a_b_idx");
  EXPECT_EQ(default_serial_sequence_name("t", "id"), "t_id_seq");
}

TEST(DefaultNames, ManyLongColumnsAreCutLikePostgres) {
  std::vector<std::string> cols = {std::string(40, 'a'), std::string(40, 'b'),
                                   std::string(40, 'c')};
  // The addition stops after the second column (already >= 64 bytes);
  // then t (1 byte) + addition is shortened to fit 63 - len("_key") - 1.
  std::string addition = std::string(40, 'a') + "_" + std::string(40, 'b');
  EXPECT_EQ(default_unique_name("t", cols), "t_" + addition.substr(0, 57) + "_key");
}

}  // namespace
}  // namespace reconcile::catalog
