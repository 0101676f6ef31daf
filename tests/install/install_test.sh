#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR [EXTRA_FLAGS]
#
# Installs the ikecore build tree BUILD_DIR into a scratch prefix, then checks
# that a consumer can use it:
#   1. find_package(ikecore) + ikecore::ikecore / ikecore::boringssl (CMake);
#   2. the pkg-config files: ikecore-boringssl names BoringSSL's libcrypto by
#      full path (never -lcrypto, which would be OpenSSL's) and a program
#      built with `pkg-config --cflags --libs ikecore-boringssl` links and runs.
# EXTRA_FLAGS (e.g. "-fsanitize=address,undefined") go to both compile and
# link of the consumer; they must match the instrumentation of BUILD_DIR.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR [EXTRA_FLAGS]" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
extra_flags=${3:-}

cache_value() {  # cache_value VAR -> value from BUILD_DIR/CMakeCache.txt
  sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n1
}
cxx=$(cache_value CMAKE_CXX_COMPILER)
libdir=$(cache_value CMAKE_INSTALL_LIBDIR)
boringssl_crypto=$(cache_value BoringSSL_CRYPTO_LIBRARY)
[[ -n "$cxx" && -n "$libdir" && -n "$boringssl_crypto" ]] || {
  echo "FAIL: $build_dir/CMakeCache.txt lacks CMAKE_CXX_COMPILER, CMAKE_INSTALL_LIBDIR or BoringSSL_CRYPTO_LIBRARY" >&2
  exit 1
}

work=$(mktemp -d "$build_dir/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# The program must load BoringSSL's libcrypto and not OpenSSL's.
check_loads_boringssl() {
  local deps
  deps=$(ldd "$1") || fail "ldd $1"
  grep -q "=> $(dirname "$boringssl_crypto")/libcrypto" <<<"$deps" \
    || { echo "$deps"; fail "$1 does not load BoringSSL's libcrypto"; }
  if grep -E "libcrypto\.so\.[0-9]+ => /(usr/)?lib/" <<<"$deps" | grep -vq "/android/"; then
    echo "$deps"; fail "$1 loads OpenSSL's libcrypto"
  fi
}

step "cmake --install $build_dir --prefix $prefix"
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" \
  || { cat "$work/install.log"; fail "cmake --install"; }

# 1. CMake package.
step "find_package(ikecore) consumer (CXX=$cxx, flags: ${extra_flags:-none})"
cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_FLAGS="$extra_flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$extra_flags" >"$work/consumer-configure.log" \
  || { cat "$work/consumer-configure.log"; fail "configuring the find_package consumer"; }
cmake --build "$work/consumer" >"$work/consumer-build.log" \
  || { cat "$work/consumer-build.log"; fail "building the find_package consumer"; }
"$work/consumer/consumer" || fail "the find_package consumer exited with $?"
check_loads_boringssl "$work/consumer/consumer"

# 2. pkg-config.
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
step "pkg-config ikecore-boringssl (PKG_CONFIG_PATH=$PKG_CONFIG_PATH)"
libs=$(pkg-config --libs ikecore-boringssl) || fail "pkg-config --libs ikecore-boringssl"
cflags=$(pkg-config --cflags ikecore-boringssl) || fail "pkg-config --cflags ikecore-boringssl"
echo "   --libs:   $libs"
echo "   --cflags: $cflags"
for word in $libs; do
  [[ "$word" != "-lcrypto" ]] || fail "pkg-config --libs has -lcrypto (that is OpenSSL's libcrypto)"
done
case "$boringssl_crypto" in
  /usr/lib/x86_64-linux-gnu/android/libcrypto.so*) ;;
  *) fail "BoringSSL_CRYPTO_LIBRARY is $boringssl_crypto, not under /usr/lib/x86_64-linux-gnu/android" ;;
esac
[[ " $libs " == *" $boringssl_crypto "* ]] \
  || fail "pkg-config --libs does not name BoringSSL's libcrypto by full path ($boringssl_crypto)"

step "pkg-config consumer"
# shellcheck disable=SC2086  # word splitting of the flag lists is intended
"$cxx" -std=c++20 $extra_flags $cflags "$source_dir/tests/install/consumer/main.cc" \
  -o "$work/pc-consumer" $libs \
  || fail "compiling/linking with pkg-config --cflags --libs ikecore-boringssl"
"$work/pc-consumer" || fail "the pkg-config consumer exited with $?"
check_loads_boringssl "$work/pc-consumer"

echo "install test: OK"
