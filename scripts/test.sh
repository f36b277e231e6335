#!/usr/bin/env bash
# The test command: install what is missing, build everything under AddressSanitizer and
# UndefinedBehaviorSanitizer, run the whole suite with ctest. Exits non-zero if any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build/asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTANDEM_SANITIZE=ON >/dev/null
cmake --build "$root/build/asan"
cd "$root/build/asan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j "$(nproc)" -LE slow "$@"
