#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The test command: install what is missing, build everything under AddressSanitizer and
# UndefinedBehaviorSanitizer, run the whole suite with ctest (unit, integration over real HTTP
# on loopback, the PostgreSQL tests against a throwaway cluster ctest starts and stops itself,
# browser tests when the dashboard is built), then the live host's and the server's tests
# under ThreadSanitizer. Tiers labelled `slow` stay out (ctest -L slow runs them). Exits
# non-zero if any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
# The dashboard for its unit and browser tests (npm ci from the committed lock file).
"$root/scripts/web-build.sh"
cmake -S "$root" -B "$root/build/asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTANDEM_SANITIZE=ON >/dev/null
cmake --build "$root/build/asan"
cd "$root/build/asan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j "$(nproc)" -LE slow "$@"
cd "$root"
# The threads of the live host and the server, also under ThreadSanitizer (their own build).
cmake -S "$root" -B "$root/build/tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTANDEM_TSAN=ON \
  -DTANDEM_BUILD_BENCH=OFF >/dev/null
cmake --build "$root/build/tsan" --target test_live test_server test_server_live
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
for t in live/test_live server/test_server server/test_server_live; do
  echo "tsan: $t"
  "$root/build/tsan/tests/$t" --gtest_brief=1
done
