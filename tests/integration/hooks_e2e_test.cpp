// The installed git hooks with the real reconcile binary and a real
// database: a `git pull` that brings a revision prints it as pending.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/cli.h"
#include "support/git_repo.h"
#include "support/pg_fixture.h"

namespace reconcile {
namespace {

using testing::GitRepo;
using testing::GitResult;
using testing::run_shell;
using testing::sh_quote;

const char* kSchema =
    "id: https://example.org/t\n"
    "name: t\n"
    "imports:\n"
    "  - linkml:types\n"
    "default_range: string\n"
    "classes:\n"
    "  Person:\n"
    "    attributes:\n"
    "      id:\n"
    "        identifier: true\n";

class HooksEndToEnd : public testing::PgTest {
 protected:
  GitResult cli(const GitRepo& repo, const std::string& args) const {
    return testing::reconcile_in(repo.path(), args);
  }
};

TEST_F(HooksEndToEnd, PullPrintsThePendingRevision) {
  GitRepo origin;
  origin.write("reconcile.yaml",
               "schema: schema.yaml\nmigrations: migrations\ndatabase: " + url() + "\n");
  origin.write("schema.yaml", kSchema);
  origin.commit_all("project");
  ASSERT_EQ(cli(origin, "revision -m person").exit_code, 0);

  GitRepo clone = GitRepo::clone_of(origin);
  ASSERT_EQ(cli(clone, "apply").exit_code, 0);
  GitResult installed = cli(clone, "hooks install");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;

  origin.write("schema.yaml", std::string(kSchema) + "      email:\n");
  GitResult second = cli(origin, "revision -m 'add email'");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string added = origin.git("show --name-only --format= HEAD -- migrations");
  const std::string id = added.substr(added.find('/') + 1, added.size() - added.find('/') - 5);

  GitResult pull = clone.try_git("pull -q --no-rebase origin main");
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  const std::string said = pull.out + pull.err;
  EXPECT_NE(said.find("reconcile: 1 pending revision: " + id + " — run `reconcile apply`"),
            std::string::npos)
      << said;

  // Once applied, the next pull with nothing new says nothing.
  ASSERT_EQ(cli(clone, "apply").exit_code, 0);
  GitResult quiet = clone.try_git("pull -q --no-rebase origin main");
  EXPECT_EQ(quiet.out + quiet.err, "") << quiet.out << quiet.err;
}

}  // namespace
}  // namespace reconcile
