// The Debian package, built from this build with cpack and unpacked into a
// temporary folder (no installation): its declared dependencies name the
// Debian packages of the libraries the binary links, it holds the binary, the
// man page and the completion scripts where Debian keeps them, and the
// unpacked binary runs: `reconcile version` and the example project's plan
// against a real database.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/ci_rules.h"
#include "support/pg_fixture.h"
#include "support/process.h"

using namespace reconcile::testing;
namespace fs = std::filesystem;

namespace {

std::string build_dir() {
  return fs::path(reconcile_binary()).parent_path().string();
}

// The Debian package that holds the shared library `soname` the binary links
// (ldd gives its path, dpkg -S its package); empty when it is not linked.
std::string package_of_linked(const std::string& soname_prefix) {
  CommandResult ldd = run_command("ldd '" + reconcile_binary() + "'");
  EXPECT_EQ(ldd.exit_code, 0) << ldd.err;
  std::istringstream lines(ldd.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, arrow, path;
    words >> name >> arrow >> path;
    if (name.rfind(soname_prefix, 0) != 0 || arrow != "=>") continue;
    CommandResult owner = run_command("dpkg -S \"$(realpath '" + path + "')\"");
    if (owner.exit_code != 0) return "";
    std::string pkg = owner.out.substr(0, owner.out.find(':'));
    return pkg;
  }
  return "";
}

class DebianPackage : public PgTest {};

TEST_F(DebianPackage, UnpacksDeclaresItsLibrariesAndRuns) {
  if (!require_tool("cpack", "cmake") || !require_tool("dpkg-deb", "dpkg") ||
      !require_tool("dpkg-shlibdeps", "dpkg-dev"))
    return;
  TempDir tmp;
  const std::string out = tmp.path() + "/out";
  CommandResult pack =
      run_command("cpack -G DEB --config '" + build_dir() + "/CPackConfig.cmake' -B '" + out + "'");
  ASSERT_EQ(pack.exit_code, 0) << pack.out << pack.err;
  std::string deb;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".deb") deb = e.path().string();
  ASSERT_FALSE(deb.empty()) << pack.out;

  // Declared dependencies: the package of every library the binary links.
  CommandResult info = run_command("dpkg-deb -I '" + deb + "'");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info.out, m, std::regex("\\n Depends: ([^\\n]*)\\n"))) << info.out;
  const std::string depends = ", " + m[1].str() + ",";
  for (const char* lib :
       {"libgit2.so", "libpqxx", "libyaml-cpp.so", "libpq.so", "libpg_query.so"}) {
    const std::string pkg = package_of_linked(lib);
    ASSERT_FALSE(pkg.empty()) << "the binary does not link " << lib;
    EXPECT_TRUE(std::regex_search(depends, std::regex(", " + pkg + "[ ,]")))
        << pkg << " (for " << lib << ") is not in Depends: " << depends;
  }
  EXPECT_NE(info.out.find(" Package: reconcile\n"), std::string::npos) << info.out;

  // Unpacked, not installed.
  const std::string root = tmp.path() + "/root";
  CommandResult x = run_command("dpkg-deb -x '" + deb + "' '" + root + "'");
  ASSERT_EQ(x.exit_code, 0) << x.err;
  for (const char* file : {"usr/bin/reconcile", "usr/share/man/man1/reconcile.1.gz",
                           "usr/share/bash-completion/completions/reconcile",
                           "usr/share/zsh/vendor-completions/_reconcile",
                           "usr/share/fish/vendor_completions.d/reconcile.fish"})
    EXPECT_TRUE(fs::is_regular_file(root + "/" + file)) << file << " is not in the package";
  const std::string bin = root + "/usr/bin/reconcile";

  CommandResult version = run_command("'" + bin + "' version");
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out, std::string("reconcile ") + RECONCILE_VERSION_FOR_TESTS + "\n");

  // The man page in the package lists the commands (gzip'd roff).
  CommandResult man = run_command("gzip -dc '" + root + "/usr/share/man/man1/reconcile.1.gz'");
  EXPECT_EQ(man.exit_code, 0) << man.err;
  EXPECT_NE(man.out.find(".SS \"reconcile plan\""), std::string::npos);

  // The example plan, from the unpacked binary, against an empty database:
  // it creates the example's tables.
  CommandResult plan =
      run_command("NO_COLOR=1 '" + bin + "' --database '" + url() + "' --format sql plan",
                  source_dir() + "/examples");
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("CREATE TABLE public.donor ("), std::string::npos) << plan.out;
}

}  // namespace
