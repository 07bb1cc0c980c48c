#pragma once
/// The fuzz targets' invariant check: a violated property aborts, which libFuzzer reports as a
/// crash and saves the input. (assert() would vanish under NDEBUG.)

#include <cstdio>
#include <cstdlib>

namespace peeringd::fuzz {

inline void check(bool holds, const char* what) {
    if (holds) return;
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

}  // namespace peeringd::fuzz
