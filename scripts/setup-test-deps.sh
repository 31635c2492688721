#!/usr/bin/env bash
# Installs the system packages the test suites use (from Debian's registry) when missing.
# Idempotent and quick when everything is already there.
set -euo pipefail
need=()
need+=(dnsmasq-base) # kez-channels dns tests: a real DNS server on loopback (binary only, no system service)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${missing[*]}" >&2; exit 3; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
