#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main command: install what is missing, build (optimised), run `tandem demo`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build/release" --target tandem
exec "$root/build/release/tandem" demo "$@"
