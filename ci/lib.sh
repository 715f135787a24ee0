# Shared by ci/test and ci/fuzz (sourced, not run). Expects to be in the
# repository root.

# ccache keys paths relative to the checkout, so a fresh clone in another
# folder reuses what an earlier build compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)}

# The sanitizer build (ci/test --sanitize, ci/fuzz): clang-14, AddressSanitizer
# and UndefinedBehaviorSanitizer on everything, libFuzzer targets, -O1 with
# line tables (readable reports, assertions on).
SANITIZE_CONFIG=(
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1"
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
  -DRECONCILE_SANITIZE=ON -DRECONCILE_FUZZ=ON -DRECONCILE_BUILD_BENCH=OFF
)

# configure_build DIR CMAKE_ARGS...: configures DIR (Ninja when installed and
# DIR is new; an existing DIR keeps its generator).
configure_build() {
  local dir=$1
  shift
  local generator=()
  if [ ! -f "$dir/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
  fi
  cmake -S . -B "$dir" "${generator[@]}" "$@" >/dev/null
}

# Exit code of a process stopped by a sanitizer report.
SANITIZER_EXIT_CODE=86

# sanitizer_env DIR: exports the sanitizer options for everything run from
# here on: every report stops the process with SANITIZER_EXIT_CODE and is also
# written to DIR/<asan|ubsan>.<pid> (so a report from a process whose exit code
# nobody checks is still seen); DIR is emptied first.
sanitizer_env() {
  local dir
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  rm -f "$dir"/asan.* "$dir"/ubsan.*
  local symbolizer
  symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
  export ASAN_OPTIONS="halt_on_error=1:exitcode=$SANITIZER_EXIT_CODE:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:log_path=$dir/asan"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=$SANITIZER_EXIT_CODE:log_path=$dir/ubsan"
  if [ -n "$symbolizer" ]; then
    export ASAN_SYMBOLIZER_PATH=$symbolizer UBSAN_SYMBOLIZER_PATH=$symbolizer
  fi
}

# sanitizer_reports DIR: prints every report in DIR (see sanitizer_env);
# fails when there is one.
sanitizer_reports() {
  local dir=$1 files=()
  shopt -s nullglob
  files=("$dir"/asan.* "$dir"/ubsan.*)
  shopt -u nullglob
  [ ${#files[@]} -eq 0 ] && return 0
  echo "ci: ${#files[@]} sanitizer report(s):" >&2
  local f
  for f in "${files[@]}"; do
    echo "----- $f" >&2
    head -n 60 "$f" >&2
  done
  return 1
}

# trim TEXT: TEXT without surrounding blanks.
trim() {
  local t=$1
  t=${t#"${t%%[![:space:]]*}"}
  printf '%s' "${t%"${t##*[![:space:]]}"}"
}

# Known sanitizer findings whose fix is on its way (ci/known-sanitizer-issues):
# lines `<ctest regex> | <text every report of it contains> | <why>` (fields
# separated by ' | ', blanks around the bar).
# known_issues_load: sets KNOWN_REGEX (all regexes joined with '|', empty when
# none), KNOWN_SIGNATURES and KNOWN_WHY (arrays).
known_issues_load() {
  KNOWN_REGEX='' KNOWN_SIGNATURES=() KNOWN_WHY=()
  [ -f ci/known-sanitizer-issues ] || return 0
  local line regex rest signature why
  while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    regex=${line%% | *} rest=${line#* | }
    signature=${rest%% | *} why=${rest#* | }
    KNOWN_REGEX+=${KNOWN_REGEX:+|}$(trim "$regex")
    KNOWN_SIGNATURES+=("$(trim "$signature")")
    KNOWN_WHY+=("$(trim "$why")")
  done <ci/known-sanitizer-issues
}

# known_report DIR: true when every report in DIR contains one of
# KNOWN_SIGNATURES; prints the reports that do not.
known_reports_only() {
  local dir=$1 f sig ok=0
  shopt -s nullglob
  for f in "$dir"/asan.* "$dir"/ubsan.*; do
    local matched=0
    for sig in "${KNOWN_SIGNATURES[@]}"; do
      grep -qF -- "$sig" "$f" && matched=1
    done
    if [ "$matched" = 0 ]; then
      echo "----- $f (not a known issue)" >&2
      head -n 60 "$f" >&2
      ok=1
    fi
  done
  shopt -u nullglob
  return $ok
}
