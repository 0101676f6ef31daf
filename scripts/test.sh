#!/usr/bin/env bash
# scripts/test.sh [-jN]
#
# The full check, as CI runs it:
#   1. deps        scripts/deps.sh (installs missing Debian packages)
#   2. asan-build  configure + build the `asan` preset (gcc, Debug, ASan+UBSan)
#   3. asan-test   every test in build/asan with ctest
#   4. fuzz-build  configure + build the `fuzz` preset (clang, libFuzzer), if clang is there
#   5. fuzz-run    scripts/fuzz.sh: ~60 s in all, split across the fuzz_* targets
# then a table of how long each stage took. Exits non-zero if any stage failed.
# Parallelism: -jN or JOBS=N (default 2: CI has 2 cores).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=${JOBS:-2}
fuzz_budget=${FUZZ_SECONDS:-60}
while [[ $# -gt 0 ]]; do
  case "$1" in
    -j) shift; jobs=${1:?-j needs a number} ;;
    -j*) jobs=${1#-j} ;;
    *) echo "usage: $0 [-jN]" >&2; exit 2 ;;
  esac
  shift
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "bad job count: $jobs" >&2; exit 2; }
export JOBS=$jobs

# Every sanitizer report is fatal and comes with a stack trace. (The test
# presets set the same; this covers anything run outside ctest.)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}halt_on_error=1:detect_leaks=1:print_stacktrace=1:check_initialization_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"

stage_names=()
stage_results=()
stage_seconds=()
any_failed=0

# run_stage NAME COMMAND...: runs COMMAND with errexit in a subshell, records
# its result and duration, and leaves its exit code in $last_rc. COMMAND may
# write a reason on fd 3 to mark the stage skipped. Never call it in a
# condition (if/||/&&): bash would then ignore errexit inside COMMAND.
last_rc=0
run_stage() {
  local name=$1; shift
  local start end rc result
  echo
  echo "=================== $name ==================="
  start=$(date +%s.%N)
  local skipfile
  skipfile=$(mktemp)
  set +e
  ( set -e; "$@" ) 3>"$skipfile"
  rc=$?
  set -e
  end=$(date +%s.%N)
  if [[ $rc -ne 0 ]]; then
    result="FAILED (exit $rc)"
    any_failed=1
  elif [[ -s $skipfile ]]; then
    result="skipped: $(head -n1 "$skipfile")"
  else
    result="ok"
  fi
  rm -f "$skipfile"
  stage_names+=("$name")
  stage_results+=("$result")
  stage_seconds+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')")
  echo "=================== $name: $result"
  last_rc=$rc
}

not_run() {
  stage_names+=("$1")
  stage_results+=("not run: $2")
  stage_seconds+=("-")
}

summary() {
  echo
  echo "==================== summary ===================="
  printf '%-12s %9s  %s\n' stage seconds result
  local i total
  total=0
  for i in "${!stage_names[@]}"; do
    printf '%-12s %9s  %s\n' "${stage_names[$i]}" "${stage_seconds[$i]}" "${stage_results[$i]}"
    if [[ ${stage_seconds[$i]} != - ]]; then
      total=$(awk -v a="$total" -v b="${stage_seconds[$i]}" 'BEGIN { printf "%.1f", a + b }')
    fi
  done
  printf '%-12s %9s\n' total "$total"
  if [[ $any_failed -ne 0 ]]; then
    echo "test.sh: FAILED"
  else
    echo "test.sh: all stages passed"
  fi
  # ctest's count, restated as the last line ("ctest: N passed, N failed").
  local counts
  if [[ -f $ctest_log ]] && counts=$(sed -n 's/^[0-9]*% tests passed, \([0-9]*\) tests\? failed out of \([0-9]*\).*/\1 \2/p' "$ctest_log" | tail -n1) && [[ -n $counts ]]; then
    set -- $counts
    echo "ctest: $(( $2 - $1 )) passed, $1 failed"
  fi
}

deps() { scripts/deps.sh; }

asan_build() {
  cmake --preset asan
  cmake --build --preset asan --parallel "$jobs"
}

ctest_log=build/asan/ctest-summary.log
asan_test() {
  rm -f "$ctest_log"
  ctest --preset asan --output-on-failure --parallel 2 2>&1 | tee "$ctest_log"
}

fuzz_build() {
  if ! command -v clang++ >/dev/null 2>&1; then
    echo "clang++ not found: no fuzz build"
    echo "clang++ not found" >&3
    return 0
  fi
  cmake --preset fuzz
  cmake --build --preset fuzz --parallel "$jobs"
}

fuzz_run() {
  shopt -s nullglob
  local exe n=0
  for exe in build/fuzz/bin/fuzz_*; do
    [[ -f $exe && -x $exe ]] && n=$((n + 1))
  done
  shopt -u nullglob
  if [[ $n -eq 0 ]]; then
    echo "no fuzz targets (build/fuzz/bin/fuzz_*) yet: nothing to fuzz"
    echo "no fuzz targets yet" >&3
    return 0
  fi
  # A run lasts about a second longer than its -max_total_time (start-up,
  # corpus load, leak check at exit); count that second against the budget.
  local per=$(( (fuzz_budget - n) / n ))
  (( per >= 1 )) || per=1
  echo "$n fuzz target(s), ${per}s each (budget ${fuzz_budget}s in all)"
  scripts/fuzz.sh --no-build "$per"
}

rm -f "$ctest_log"
trap 'summary' EXIT

run_stage deps deps
if [[ $last_rc -ne 0 ]]; then
  not_run asan-build "deps failed"
  not_run asan-test "deps failed"
  not_run fuzz-build "deps failed"
  not_run fuzz-run "deps failed"
  exit 1
fi

run_stage asan-build asan_build
if [[ $last_rc -eq 0 ]]; then
  run_stage asan-test asan_test
else
  not_run asan-test "asan-build failed"
fi

run_stage fuzz-build fuzz_build
if [[ $last_rc -eq 0 ]]; then
  if command -v clang++ >/dev/null 2>&1; then
    run_stage fuzz-run fuzz_run
  else
    not_run fuzz-run "no clang"
  fi
else
  not_run fuzz-run "fuzz-build failed"
fi

exit $any_failed
