#!/usr/bin/env bash
# Usage: scripts/build.sh [build-dir] [build-type] [extra cmake -D options...]
# Configures with Ninja (ccache is picked up by CMake when installed) and builds everything.
# Defaults: build dir ./build at the repository root, build type RelWithDebInfo. CXX picks the
# compiler of a new build dir (scripts/test.sh makes a clang one under CI=true).
# CMAKE_BUILD_PARALLEL_LEVEL in the environment limits the number of compile jobs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build}
build_type=${2:-RelWithDebInfo}
shift $(( $# < 2 ? $# : 2 ))

generator=()
# An existing build dir keeps the generator it was made with; asking for another is an error.
[[ -f "$build_dir/CMakeCache.txt" ]] || generator=(-G Ninja)

cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
cmake --build "$build_dir"
