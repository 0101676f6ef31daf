#!/usr/bin/env bash
# scripts/fuzz.sh [--no-build] [-jN] SECONDS [TARGET...]
#
# Runs each libFuzzer target build/fuzz/bin/fuzz_<name> for SECONDS (per
# target). TARGETs are names with or without the fuzz_ prefix; default: every
# fuzz_* executable in build/fuzz/bin.
#
# Builds the `fuzz` preset first, unless --no-build is given and the tree is
# already configured. Each target's seed corpus fuzz/corpus/<name>/ (if any)
# is copied into the scratch corpus build/fuzz/corpus-work/<name>/, which is
# the only corpus libFuzzer writes to (the git tree is never written).
# Crashes, leaks, timeouts and OOMs go to build/fuzz/findings/<name>/; logs
# to build/fuzz/logs/<name>.log.
#
# Prints per target: runs executed, exec/s, coverage, result. Exits non-zero
# if any target found something (or could not run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

usage() {
  echo "usage: $0 [--no-build] [-jN] SECONDS [TARGET...]" >&2
  exit 2
}

build=1
jobs=${JOBS:-2}
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    -j) shift; [[ $# -gt 0 ]] || usage; jobs=$1 ;;
    -j*) jobs=${1#-j} ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) args+=("$1") ;;
  esac
  shift
done
[[ ${#args[@]} -ge 1 ]] || usage
seconds=${args[0]}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }
(( seconds >= 1 )) || seconds=1
targets=("${args[@]:1}")

tree=$root/build/fuzz
if [[ $build -eq 1 || ! -f $tree/build.ninja ]]; then
  command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (run scripts/deps.sh)" >&2; exit 1; }
  echo "fuzz: building the fuzz preset in build/fuzz"
  cmake --preset fuzz >"$root/build/fuzz-configure.log" 2>&1 \
    || { cat "$root/build/fuzz-configure.log"; echo "fuzz: configure failed" >&2; exit 1; }
  cmake --build --preset fuzz -j "$jobs"
fi

if [[ ${#targets[@]} -eq 0 ]]; then
  shopt -s nullglob
  for exe in "$tree"/bin/fuzz_*; do
    [[ -f $exe && -x $exe ]] && targets+=("$(basename "$exe")")
  done
  shopt -u nullglob
  if [[ ${#targets[@]} -eq 0 ]]; then
    echo "fuzz: no fuzz targets (build/fuzz/bin/fuzz_*) yet; nothing to run"
    exit 0
  fi
fi

# Sanitizer reports are fatal and come with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"

mkdir -p "$tree/logs"
rows=()
failed=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  exe=$tree/bin/fuzz_$name
  if [[ ! -x $exe ]]; then
    echo "fuzz: no such target: $exe" >&2
    rows+=("$(printf '%-28s %12s %10s %8s %8s  %s' "$name" - - - - "MISSING")")
    failed=1
    continue
  fi
  work=$tree/corpus-work/$name
  findings=$tree/findings/$name
  log=$tree/logs/$name.log
  mkdir -p "$work" "$findings"
  seed=$root/fuzz/corpus/$name
  if [[ -d $seed ]]; then
    cp -R -n "$seed"/. "$work"/ 2>/dev/null || true
  fi
  marker=$tree/logs/.$name.start
  touch "$marker"
  before=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)
  echo "fuzz: $name for ${seconds}s (corpus: build/fuzz/corpus-work/$name, $(find "$work" -type f | wc -l) inputs)"
  set +e
  # The outer timeout only guards against a wedged fuzzer.
  (cd "$tree" && timeout -k 10 $((seconds * 2 + 60)) "$exe" \
      -max_total_time="$seconds" -max_len=65535 -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$findings/" "$work") >"$log" 2>&1
  rc=$?
  set -e
  after=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  # Last status line, e.g. "#123456  DONE  cov: 812 ft: 2301 corp: 97/3Kb ..."
  status_line=$(grep -E '^#[0-9]+' "$log" | tail -n1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")
  if [[ -z $runs ]]; then runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$status_line"); fi

  if [[ $rc -eq 0 && $after -eq $before ]]; then
    result="ok"
  else
    failed=1
    if [[ $after -gt $before ]]; then
      result="FOUND: $(find "$findings" -type f ! -name 'slow-unit-*' -newer "$marker" -printf 'findings/%f ' 2>/dev/null || true)"
    elif [[ $rc -eq 124 || $rc -eq 137 ]]; then
      result="HUNG (killed after $((seconds * 2 + 60))s)"
    else
      result="FAILED (exit $rc)"
    fi
    echo "---- last lines of build/fuzz/logs/$name.log"
    tail -n 40 "$log"
    echo "----"
  fi
  rows+=("$(printf '%-28s %12s %10s %8s %8s  %s' "$name" "${runs:--}" "${eps:--}" "${cov:--}" "${ft:--}" "$result")")
done

echo
printf '%-28s %12s %10s %8s %8s  %s\n' target runs exec/s cov ft result
for r in "${rows[@]}"; do echo "$r"; done
if [[ $failed -ne 0 ]]; then
  echo "fuzz: FAILED (findings in build/fuzz/findings/, logs in build/fuzz/logs/)"
  exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) ran ${seconds}s each without findings"
