#!/usr/bin/env bash
# Installs the system packages the test suites use (from Debian's registry) when missing.
set -euo pipefail
need=()
# (filled in by the modules that need system services)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: please install: ${need[*]}" >&2; exit 3; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
