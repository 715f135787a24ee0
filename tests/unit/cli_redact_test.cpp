// redact_url(): passwords in URLs, conninfo strings and messages never survive.
#include <gtest/gtest.h>

#include "reconciler/util/redact.h"

using reconcile::util::redact_url;

TEST(RedactUrl, MasksPasswordInUri) {
  EXPECT_EQ(redact_url("postgresql://alice:s3cret@db.example.com:5432/app"),
            "postgresql://alice:***@db.example.com:5432/app");
  EXPECT_EQ(redact_url("postgres://bob:pw@localhost/x?sslmode=require"),
            "postgres://bob:***@localhost/x?sslmode=require");
}

TEST(RedactUrl, KeepsUriWithoutPassword) {
  EXPECT_EQ(redact_url("postgresql://alice@db:5432/app"), "postgresql://alice@db:5432/app");
  EXPECT_EQ(redact_url("postgresql://db:5432/app"), "postgresql://db:5432/app");
  EXPECT_EQ(redact_url("postgresql:///app?host=/var/run/postgresql"),
            "postgresql:///app?host=/var/run/postgresql");
}

TEST(RedactUrl, MasksPasswordWithSpecialCharacters) {
  // Unencoded '@' and '/' in the password: everything up to the last '@' goes.
  EXPECT_EQ(redact_url("postgresql://u:p@ss/w0rd@host/db"), "postgresql://u:***@host/db");
  EXPECT_EQ(redact_url("postgresql://u:p%40ss@host/db"), "postgresql://u:***@host/db");
}

TEST(RedactUrl, MasksPasswordQueryParameter) {
  EXPECT_EQ(redact_url("postgresql://u@host/db?password=hunter2&sslmode=disable"),
            "postgresql://u@host/db?password=***&sslmode=disable");
}

TEST(RedactUrl, MasksConninfoPassword) {
  EXPECT_EQ(redact_url("host=db user=alice password=s3cret dbname=app"),
            "host=db user=alice password=*** dbname=app");
  EXPECT_EQ(redact_url("host=db password = 's3 cr\\'et' dbname=app"),
            "host=db password = *** dbname=app");
  EXPECT_EQ(redact_url("PASSWORD=x host=y"), "PASSWORD=*** host=y");
}

TEST(RedactUrl, MasksEveryUrlInAMessage) {
  EXPECT_EQ(
      redact_url("cannot connect to postgresql://a:one@h1/db, tried postgresql://b:two@h2/db"),
      "cannot connect to postgresql://a:***@h1/db, tried postgresql://b:***@h2/db");
}

TEST(RedactUrl, LeavesUnrelatedWordsAlone) {
  EXPECT_EQ(redact_url("old_password_hash=abc"), "old_password_hash=abc");
  EXPECT_EQ(redact_url("no secrets here"), "no secrets here");
  EXPECT_EQ(redact_url(""), "");
  EXPECT_EQ(redact_url("user_password=abc"), "user_password=abc");
}
