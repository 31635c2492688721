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
# kez-channels nostr tests: a real relay (@nostr-relay/core) run by node from the npm registry.
relay="$(cd "$(dirname "$0")/.." && pwd)/kez-channels/src/test/relay"
if [ ! -f "$relay/node_modules/.package-lock.json" ] || [ "$relay/package-lock.json" -nt "$relay/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null || { echo "setup: please install node and npm (the nostr test relay runs on node)" >&2; exit 4; }
  npm ci --prefix "$relay" --no-audit --no-fund --silent
fi
