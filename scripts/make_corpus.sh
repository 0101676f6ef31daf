#!/usr/bin/env bash
# Regenerates the fuzzers' seed corpora (fuzz/corpus/) from the codec test
# vectors (tests/vectors/). Run after adding vectors; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/asan}
cmake --build "$build" --target make_corpus >/dev/null
"$build/bin/make_corpus" fuzz/corpus tests/vectors/seed tests/vectors/codec
