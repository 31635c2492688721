#!/usr/bin/env bash
# The kez-chat web client's checks: svelte-check (types), vitest unit tests, and the browser
# tests (playwright-core driving Debian's Chromium against a loopback server). About 1.5 min.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$root/scripts/web-build.sh"
cd "$root/kez-chat/web"
echo "kez-chat web: svelte-check, unit tests, browser tests" >&2
npx --no-install svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -1
npx --no-install vitest run --reporter=dot
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" npx --no-install vitest run --config vitest.e2e.config.ts --reporter=dot
