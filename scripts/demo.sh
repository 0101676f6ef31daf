#!/usr/bin/env bash
# scripts/demo.sh: builds the `release` preset (printing only errors) and runs
# the decoder on the seed vectors:
#   build/release/bin/ikecore-decode tests/vectors/seed/*.hex
# which prints the payload tree of each captured IKEv2 message.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=${JOBS:-2}
decoder=build/release/bin/ikecore-decode
log_dir=build/release/demo-logs
mkdir -p "$log_dir"

# Prints a build log without ninja's progress lines, i.e. only the errors.
show_errors() {
  grep -Ev '^\[[0-9]+/[0-9]+\] ' "$1" || true
}

if ! cmake --preset release >"$log_dir/configure.log" 2>&1; then
  show_errors "$log_dir/configure.log" >&2
  echo "demo: configuring the release preset failed (missing packages? run scripts/deps.sh)" >&2
  exit 1
fi

# Build just the decoder when the tree knows it; otherwise everything.
target_args=()
if ninja -C build/release -t query bin/ikecore-decode >/dev/null 2>&1; then
  target_args=(--target bin/ikecore-decode)
fi
if ! cmake --build --preset release --parallel "$jobs" "${target_args[@]}" \
    >"$log_dir/build.log" 2>&1; then
  show_errors "$log_dir/build.log" >&2
  echo "demo: building the release preset failed" >&2
  exit 1
fi

shopt -s nullglob
vectors=(tests/vectors/seed/*.hex)
shopt -u nullglob

missing=0
if [[ ! -x $decoder ]]; then
  echo "demo: the decoder $decoder does not exist (not built by this tree yet)" >&2
  missing=1
fi
if [[ ${#vectors[@]} -eq 0 ]]; then
  echo "demo: no seed vectors: tests/vectors/seed/*.hex matches nothing" >&2
  missing=1
fi
[[ $missing -eq 0 ]] || exit 1

exec "$decoder" "${vectors[@]}"
