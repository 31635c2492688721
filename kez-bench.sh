#!/usr/bin/env bash
# Builds and runs the benchmarks (kez-bench/ is the module, so the launcher is kez-bench.sh).
#   ./kez-bench.sh [JMH options]     JMH: chain verification vs raw signatures (e.g. -wi 2 -i 3 -f 1 -p links=100000)
#   ./kez-bench.sh heap [N]          streams N links (default 1,000,000) through the verifier under -Xmx64m
#   ./kez-bench.sh crypto            Ed25519 verify/s: libsodium in C beside KEZ on each backend (libsodium, BouncyCastle)
#   ./kez-bench.sh ratio [N] [R]     chain vs raw signatures in R alternating rounds (default 100,000 links, 7 rounds)
#   ./kez-bench.sh fanout [N] [D] [R] verify id of N accounts (default 50) over all channels, doubles answering after D ms
#                                    (default 300), vs the slowest single account, in R rounds (default 5)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$root/scripts/java-home.sh"
jar="$root/kez-bench/target/launcher/kez-bench.jar"
. "$root/scripts/build-jar.sh"
# -DskipTests, not maven.test.skip: the fan-out benchmark runs kez-channels' loopback doubles
kez_build_jar kez-bench kez-bench "$root/kez-bench/target/kez-bench.jar" "$jar" -DskipTests \
  "$root"/kez-core/src/main "$root"/kez-channels/src "$root"/kez-bench/src "$root"/pom.xml "$root"/kez-core/pom.xml "$root"/kez-channels/pom.xml "$root"/kez-bench/pom.xml
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
if [ "${1:-}" = heap ]; then
  shift
  exec "${java[@]}" -Xmx64m -cp "$jar" dev.kez.bench.StreamingHeap "$@"
fi
if [ "${1:-}" = fanout ]; then
  shift
  # the nostr double is kez-channels/src/test/relay (node), found from the root
  cd "$root" && exec "${java[@]}" -cp "$jar" dev.kez.bench.FanOutBench "$@"
fi
if [ "${1:-}" = crypto ]; then
  # Ed25519 verify per CPU-second: libsodium in C, then KEZ on each backend (and BIP-340)
  lib=$(ls /usr/lib/*-linux-gnu/libsodium.so* /usr/lib/libsodium.so* /usr/local/lib/libsodium.so* /opt/homebrew/lib/libsodium.dylib 2>/dev/null | head -1 || true)
  if [ -n "$lib" ] && command -v cc >/dev/null; then
    cc -O2 -o "$root/kez-bench/target/ed25519_verify" "$root/kez-bench/src/main/c/ed25519_verify.c" "$lib"
    "$root/kez-bench/target/ed25519_verify"
  else
    echo "no libsodium or no C compiler: the C anchor is skipped" >&2
  fi
  "${java[@]}" -cp "$jar" dev.kez.bench.ClaimsRatio crypto
  exec "${java[@]}" -Dkez.ed25519=bouncycastle -cp "$jar" dev.kez.bench.ClaimsRatio crypto
fi
if [ "${1:-}" = ratio ]; then
  shift
  exec "${java[@]}" -cp "$jar" dev.kez.bench.RatioMain "$@"
fi
exec "${java[@]}" -jar "$jar" "$@"
