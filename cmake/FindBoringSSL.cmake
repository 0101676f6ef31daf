# Finds BoringSSL as Debian packages it (android-libboringssl-dev): headers in
# /usr/include/android, libcrypto in /usr/lib/<triplet>/android. That directory
# is not on the loader path, so consumers link it by full path and carry an
# RPATH to it. Defines BoringSSL::crypto and BoringSSL_LIBRARY_DIR.
#
# BoringSSL exports OpenSSL's symbol names without symbol versions: a process
# must not load OpenSSL's libcrypto as well.

find_path(BoringSSL_INCLUDE_DIR
  NAMES openssl/base.h             # base.h exists only in BoringSSL
  HINTS ${BoringSSL_ROOT}/include
  PATHS /usr/include/android
  NO_DEFAULT_PATH)
find_library(BoringSSL_CRYPTO_LIBRARY
  NAMES crypto
  HINTS ${BoringSSL_ROOT}/lib
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/android
        /usr/lib/x86_64-linux-gnu/android
  NO_DEFAULT_PATH)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BoringSSL
  REQUIRED_VARS BoringSSL_CRYPTO_LIBRARY BoringSSL_INCLUDE_DIR)

if(BoringSSL_FOUND AND NOT TARGET BoringSSL::crypto)
  get_filename_component(BoringSSL_LIBRARY_DIR "${BoringSSL_CRYPTO_LIBRARY}" DIRECTORY)
  add_library(BoringSSL::crypto UNKNOWN IMPORTED)
  set_target_properties(BoringSSL::crypto PROPERTIES
    IMPORTED_LOCATION "${BoringSSL_CRYPTO_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${BoringSSL_INCLUDE_DIR}"
    # Let the runtime linker find it from anything that links it.
    INTERFACE_LINK_OPTIONS "LINKER:-rpath,${BoringSSL_LIBRARY_DIR}")
endif()
mark_as_advanced(BoringSSL_INCLUDE_DIR BoringSSL_CRYPTO_LIBRARY)
