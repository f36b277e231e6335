#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the dashboard (web/) when its sources or lock file changed: `npm ci` from the
# committed lock file (the npm registry only), then `npm run build` into web/dist.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/web"
[ -f "$web/package-lock.json" ] || exit 0
if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
stamp="$web/dist/.built"
if [ ! -f "$stamp" ] || [ -n "$(find "$web/src" "$web/index.html" "$web/package.json" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  (cd "$web" && npm run build --silent)
  touch "$stamp"
fi
