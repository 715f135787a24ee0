// Every fuzz target (fuzz/<name>_fuzz.cpp) run on the inputs kept for it:
//   tests/data/fuzz/<name>/   inputs that once crashed it (regression tests)
//   fuzz/corpus/<name>/       hand-written seeds
// A test passes when the target returns: no crash, no sanitizer report (in the
// sanitizer build), no failed FUZZ_CHECK, no exception other than the ones the
// target expects.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_targets.h"
#include "support/process.h"

namespace reconcile::fuzz {
#define RECONCILE_DECLARE_FUZZ_TARGET(name) void target_##name(std::string_view input);
RECONCILE_FUZZ_TARGETS(RECONCILE_DECLARE_FUZZ_TARGET)
#undef RECONCILE_DECLARE_FUZZ_TARGET
}  // namespace reconcile::fuzz

namespace {

namespace fs = std::filesystem;
using reconcile::testing::read_file;
using reconcile::testing::source_dir;

struct FuzzInput {
  std::string target;
  std::string kind;  // "regression" or "seed"
  void (*run)(std::string_view);
  fs::path file;
};

// How ctest and gtest name a parameter: the input's path.
void PrintTo(const FuzzInput& in, std::ostream* os) {
  *os << in.file.generic_string();
}

std::vector<FuzzInput> all_inputs() {
  std::vector<FuzzInput> out;
  auto add = [&](const std::string& target, void (*run)(std::string_view)) {
    const std::pair<std::string, fs::path> dirs[] = {
        {"regression", fs::path(source_dir()) / "tests/data/fuzz" / target},
        {"seed", fs::path(source_dir()) / "fuzz/corpus" / target}};
    for (const auto& [kind, dir] : dirs) {
      std::error_code ec;
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) out.push_back({target, kind, run, f});
    }
  };
#define RECONCILE_ADD_FUZZ_TARGET(name) add(#name, &reconcile::fuzz::target_##name);
  RECONCILE_FUZZ_TARGETS(RECONCILE_ADD_FUZZ_TARGET)
#undef RECONCILE_ADD_FUZZ_TARGET
  return out;
}

// "<target>_<folder>_<file>" with every character gtest does not allow in a
// test name replaced by '_'.
std::string test_name(const FuzzInput& in) {
  std::string name = in.target + "_" + in.kind + "_" + in.file.filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class FuzzRegression : public ::testing::TestWithParam<FuzzInput> {};

TEST_P(FuzzRegression, TargetAcceptsInput) {
  const FuzzInput& in = GetParam();
  std::string bytes = read_file(in.file.string());
  SCOPED_TRACE(in.file.string());
  in.run(bytes);
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(all_inputs()),
                         [](const ::testing::TestParamInfo<FuzzInput>& info) {
                           return test_name(info.param);
                         });

}  // namespace
