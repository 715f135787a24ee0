// What a test does when something it needs is missing: outside CI it is
// skipped with the reason; with CI=true (or CI=1) it fails, because CI must
// run every test (ci/install-deps installs every tool the tests use, and
// ci/test provides PostgreSQL). Only inputs that are optional by design (the
// LinkML fixtures of ../shared) may be skipped in CI.
#pragma once

#include <string>

namespace reconcile::testing {

// True when CI=true or CI=1.
bool running_in_ci();

// Records a skip, or under CI=true a failure, for the current test with
// `why`. Use from SetUp() or a test body, and return right after it.
void skip_or_fail(const std::string& why);

// True when `program` (e.g. "xmllint") is on PATH; otherwise skip_or_fail()
// naming the Debian package that provides it, and false: the caller returns.
//   if (!require_tool("xmllint", "libxml2-utils")) return;
bool require_tool(const std::string& program, const std::string& package);

}  // namespace reconcile::testing
