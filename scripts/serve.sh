#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main command: install what is missing, build (optimised) the server and the dashboard,
# then run the live platform on the Northbank scenario with its simulated live day
# (`tandem serve scenarios/northbank.yaml --simulate --speed 60`) on an embedded SQLite file
# under var/. It prints the dashboard's URL, where the admin token is, and a curl line to try.
# Extra arguments go to `tandem serve` (e.g. --listen 0.0.0.0:8080, --speed 600).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build/release" --target tandem
web_args=()
if [ -f "$root/web/package-lock.json" ]; then
  "$root/scripts/web-build.sh"
  web_args=(--web-root "$root/web/dist")
fi
mkdir -p "$root/var"
cd "$root"
exec "$root/build/release/tandem" serve scenarios/northbank.yaml --simulate --speed 60 \
  --db sqlite:var/northbank.db --admin-token-file var/admin-token "${web_args[@]}" "$@"
