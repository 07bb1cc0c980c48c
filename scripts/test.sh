#!/usr/bin/env bash
# Installs missing packages, builds, and runs the whole test suite with ctest.
# Extra arguments go to ctest (e.g. -L unit, -R Peering). Exits with ctest's status.
#
# Under CI=true it first builds a second tree, build-asan (clang 14, Debug, ASan+UBSan, the
# libFuzzer targets), and runs the whole suite there too, fuzzers included (label `fuzz`); then
# the regular suite, so the run ends with ctest's own summary. The exit status is non-zero if
# either stage failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
scripts/build.sh build RelWithDebInfo

args=(--output-on-failure -j2)
if [[ "${CI:-}" != true ]]; then
  exec ctest --test-dir build "${args[@]}" "$@"
fi

# In CI a hung test must fail the run, and so must a build that registered no tests at all.
args+=(--timeout 600 --no-tests=error)
sanitized=0
{
  CXX=clang++-14 scripts/build.sh build-asan Debug -DPEERINGD_SANITIZE=address,undefined -DPEERINGD_FUZZ=ON &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan "${args[@]}" "$@"
} || sanitized=$?
if [[ $sanitized -ne 0 ]]; then
  echo "test.sh: the ASan+UBSan/fuzz stage (build-asan) FAILED with status $sanitized; see above" >&2
fi
regular=0
ctest --test-dir build "${args[@]}" "$@" || regular=$?
exit $(( regular != 0 ? regular : sanitized ))
