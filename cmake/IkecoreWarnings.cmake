# Warnings applied to every ikecore target (not to consumers).
add_library(ikecore_warnings INTERFACE)
target_compile_options(ikecore_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wconversion
  -Wimplicit-fallthrough -Wnull-dereference)
