#!/usr/bin/env bash
# Installs the system packages the test suites use (from Debian's registry) when missing.
# Idempotent and fast when everything is there: nothing is fetched unless a package is missing.
set -euo pipefail
need=()
# (filled in by the modules that need system services)
need+=(postgresql) # kez-sig-server: its tests start a throwaway PostgreSQL cluster (initdb/pg_ctl)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${missing[*]}" >&2; exit 3; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
