option(PEERINGD_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" ON)
add_library(peeringd_warnings INTERFACE)
target_compile_options(peeringd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
  # GCC-only checks; clang (the fuzzing/sanitizer tree) does not know them.
  $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op -Wuseless-cast>
  # GCC 12 reports asio coroutine frames (custom operator new/delete) as mismatched: a false positive.
  -Wno-mismatched-new-delete
  # GCC 12 at -O3 (Release, bench/run.sh) reports std::string's inlined memcpy as overlapping
  # (-Wrestrict false positive, GCC bug 105329); -O2 builds do not see it.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${PEERINGD_WARNINGS_AS_ERRORS}>:-Werror>)
