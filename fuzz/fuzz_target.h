// Fuzz targets: functions over arbitrary bytes that must never crash, hang,
// throw anything but reconcile's own error types (util/error.h), or trip a
// sanitizer. A target may also check properties of what it computes and
// report a violation with FUZZ_CHECK (which aborts, so libFuzzer keeps the
// input).
//
// fuzz/<name>_fuzz.cpp defines one target with RECONCILE_FUZZ_TARGET(<name>).
// Each file builds two ways:
//  * with RECONCILE_FUZZ=ON (Clang): the executable <name>_fuzz, libFuzzer
//    calling the body through LLVMFuzzerTestOneInput (ci/fuzz runs them);
//  * always: into unit_tests, where tests/unit/fuzz_regression_test.cpp runs
//    the body on every input kept under tests/data/fuzz/<name>/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace reconcile::fuzz {

// Reports a property violation found by a fuzz target and aborts.
[[noreturn]] inline void check_failed(const char* expr, const char* file, int line,
                                      std::string_view detail) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n%.*s\n", file, line, expr,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace reconcile::fuzz

// FUZZ_CHECK(cond, detail): aborts with `detail` (a string) when cond is false.
#define FUZZ_CHECK(cond, detail) \
  ((cond) ? (void)0 : ::reconcile::fuzz::check_failed(#cond, __FILE__, __LINE__, (detail)))

#ifdef RECONCILE_LIBFUZZER
#define RECONCILE_FUZZ_ENTRY(name)                                                                 \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {              \
    ::reconcile::fuzz::target_##name(std::string_view(reinterpret_cast<const char*>(data), size)); \
    return 0;                                                                                      \
  }
#else
#define RECONCILE_FUZZ_ENTRY(name)
#endif

// RECONCILE_FUZZ_TARGET(name) { ...body using `input` (std::string_view)... }
#define RECONCILE_FUZZ_TARGET(name)           \
  namespace reconcile::fuzz {                 \
  void target_##name(std::string_view input); \
  }                                           \
  RECONCILE_FUZZ_ENTRY(name)                  \
  void reconcile::fuzz::target_##name(std::string_view input)
