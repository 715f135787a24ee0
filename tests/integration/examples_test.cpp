// The example project's revision history (generated-migrations/) stays in
// step with its LinkML schema (examples/schema): the offline checks replay the
// committed revisions in a shadow database and compare the result with the
// schema. A change to the example schema without a new revision fails here
// with PENDING_CHANGES.
#include <gtest/gtest.h>

#include "support/pg_fixture.h"
#include "support/process.h"

namespace reconcile {
namespace {

namespace rt = reconcile::testing;

class Examples : public rt::PgTest {};

TEST_F(Examples, RevisionHistoryCoversTheSchema) {
  const std::string cmd = "NO_COLOR=1 RECONCILE_SHADOW_URL='" + rt::TestServer::get().admin_url() +
                          "' '" + rt::reconcile_binary() + "' --format json check";
  rt::CommandResult r = rt::run_command(cmd, rt::source_dir() + "/examples");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\"findings\": []"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace reconcile
