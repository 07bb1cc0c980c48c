# PEERINGD_FUZZ: build the libFuzzer targets of tests/fuzz (clang only) and register each as a
# ctest test (label `fuzz`) that replays its seed corpus and then fuzzes for
# PEERINGD_FUZZ_SECONDS. Every library is then built with -fsanitize=fuzzer-no-link, so the
# fuzzers see coverage inside the code they drive; combine with PEERINGD_SANITIZE=address,undefined.
option(PEERINGD_FUZZ "Build the libFuzzer targets (clang only)" OFF)
set(PEERINGD_FUZZ_SECONDS 20 CACHE STRING "Seconds each fuzz test fuzzes after replaying its seeds")
if(PEERINGD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PEERINGD_FUZZ needs clang's libFuzzer: configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  target_compile_options(peeringd_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()
