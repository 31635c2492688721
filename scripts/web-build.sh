#!/usr/bin/env bash
# Builds the kez-chat web client into kez-chat/web/dist: `npm ci` on first use (or when
# package-lock.json changed), `vite build` when a web source is newer than the last build.
# Used by ./kez-chat-server and scripts/web-tests.sh; quick when nothing changed.
set -euo pipefail
web="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)/kez-chat/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null || { echo "kez-chat web: please install node and npm (Node 20 or later)" >&2; exit 4; }
  echo "kez-chat web: installing its npm packages (first use or package-lock.json changed)..." >&2
  npm ci --prefix "$web" --no-audit --no-fund --silent >&2
fi
stamp="$web/dist/.built"
if [ ! -f "$stamp" ] || [ -n "$(find "$web/src" "$web/public" "$web/index.html" "$web/vite.config.ts" "$web/svelte.config.js" "$web/package-lock.json" -newer "$stamp" -print -quit)" ]; then
  echo "kez-chat web: building the app (first use or sources changed)..." >&2
  (cd "$web" && npx --no-install vite build --logLevel error >&2) || { echo "kez-chat web: build failed" >&2; exit 4; }
  touch "$stamp"
fi
