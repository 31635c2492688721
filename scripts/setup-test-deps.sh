#!/usr/bin/env bash
# Installs the system packages the test suites use (from Debian's registry) when missing.
# Idempotent and quick when everything is already there.
set -euo pipefail
need=()
need+=(dnsmasq-base) # kez-channels dns tests: a real DNS server on loopback (binary only, no system service)
need+=(postgresql)   # kez-sig-server tests: a throwaway PostgreSQL cluster (initdb/pg_ctl), never the system service
need+=(chromium fonts-liberation) # kez-chat web client browser tests (playwright-core drives it; no browser download)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${missing[*]}" >&2; exit 4; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Test servers run by node, from the npm registry: kez-channels' nostr relay (@nostr-relay/core)
# and kez-chat's independent push service (web-push-testing).
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in "$root/kez-channels/src/test/relay" "$root/kez-chat/src/test/push"; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || { echo "setup: please install node and npm (the test relay and push service run on node)" >&2; exit 4; }
    npm ci --prefix "$dir" --no-audit --no-fund --silent
  fi
done
