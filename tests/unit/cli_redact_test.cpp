// redact_url(): passwords in URLs, conninfo strings and messages never survive.
#include <gtest/gtest.h>

#include "util/error.h"
#include "util/redact.h"

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

TEST(RedactUrl, MasksUrlsWithoutScheme) {
  EXPECT_EQ(redact_url("app:s3cr3t@127.0.0.1:5432/db"), "app:***@127.0.0.1:5432/db");
  EXPECT_EQ(redact_url("missing \"=\" after \"app:s3cr3t@127.0.0.1:5432/db\" in connection info"),
            "missing \"=\" after \"app:***@127.0.0.1:5432/db\" in connection info");
  EXPECT_EQ(redact_url("u:p@ss@host/db"), "u:***@host/db");
  // Nothing to mask: no ':' before the '@', or already masked.
  EXPECT_EQ(redact_url("user@host:5432/db"), "user@host:5432/db");
  EXPECT_EQ(redact_url("app:***@host/db"), "app:***@host/db");
}

TEST(RedactUrl, MasksEnvironmentAndSslPasswords) {
  EXPECT_EQ(redact_url("PGPASSWORD=s3cr3t host=x"), "PGPASSWORD=*** host=x");
  EXPECT_EQ(redact_url("export PGPASSWORD='a b'"), "export PGPASSWORD=***");
  EXPECT_EQ(redact_url("host=x sslpassword=s3cr3t"), "host=x sslpassword=***");
}

TEST(CheckConnectionString, RefusesWhatLibpqWouldEchoBack) {
  using reconcile::util::check_connection_string;
  EXPECT_NO_THROW(check_connection_string(""));
  EXPECT_NO_THROW(check_connection_string("postgresql://u:p@h/db"));
  EXPECT_NO_THROW(check_connection_string("host=h dbname=d password=p"));
  try {
    check_connection_string("app:s3cr3t@127.0.0.1:5432/db");
    FAIL() << "expected UsageError";
  } catch (const reconcile::UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("postgresql://app:***@127.0.0.1:5432/db"), std::string::npos);
  }
  try {
    check_connection_string("host=h password=s3cr3t dbname='d");
    FAIL() << "expected UsageError";
  } catch (const reconcile::UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_connection_string("justaword"), reconcile::UsageError);
}
