#!/usr/bin/env bash
# Start-up of ./kez commands beside a hello-world Java program started the same way (same JDK,
# same JVM flags as ./kez, its own class-data sharing archive), run in turn A B A B ... so
# both see the same machine load; prints, per command, each one's median wall time and the
# median of the pairwise ratios kez/hello.
#   scripts/bench-startup.sh [RUNS] [COMMAND...]    (COMMAND: one of the names below; default all)
# Commands: verify-nostr, verify-ed25519 (verify claim of a fresh claim of each suite),
# decode, chain (sigchain verify of testdata's valid chain), version, help, show (identity
# show), claim (signing a claim), typo (an unknown command: "did you mean").
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=${1:-11}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/java-home.sh"

kez="$root/kez"
"$kez" --home "$work/nostr" identity new >/dev/null 2>&1
"$kez" --home "$work/nostr" claim github:alice --format json >"$work/nostr.json" 2>/dev/null
"$kez" --home "$work/ed" identity new --alg ed25519 >/dev/null 2>&1
"$kez" --home "$work/ed" claim github:alice --format json >"$work/ed.json" 2>/dev/null
"$kez" verify claim "$work/nostr.json" >/dev/null # ./kez's first run after a build made its archive (Train)

declare -A cmd=(
  [verify-nostr]="verify claim $work/nostr.json"
  [verify-ed25519]="verify claim $work/ed.json"
  [decode]="decode $work/nostr.json"
  [chain]="sigchain verify $root/testdata/vectors/chain-valid.jsonl"
  [version]="--version"
  [help]="--help"
  [show]="--home $work/nostr identity show"
  [claim]="--home $work/nostr claim github:bob --format json"
  [typo]="verfy claim $work/nostr.json"
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(verify-nostr verify-ed25519 decode chain version help show claim typo)

mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/hello/Hello.java"
"$JAVA_HOME/bin/javac" -d "$work/hello" "$work/hello/Hello.java"
printf 'Main-Class: Hello\n' >"$work/hello/manifest"
"$JAVA_HOME/bin/jar" cfm "$work/hello.jar" "$work/hello/manifest" -C "$work/hello" Hello.class
# The JVM flags of ./kez (keep the two alike); the archive is hello's own.
hello=("$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData
  -XX:SharedArchiveFile="$work/hello.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off
  --enable-native-access=ALL-UNNAMED -jar "$work/hello.jar")
"${hello[@]}" >/dev/null

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'runs %d per command, load average %s\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
printf '%-16s %10s %10s %8s\n' command "kez s" "hello s" ratio
for name in "${names[@]}"; do
  read -r -a args <<<"${cmd[$name]}"
  "$kez" "${args[@]}" >/dev/null 2>&1 || true # warm-up
  : >"$work/times"
  for ((i = 0; i < runs; i++)); do
    t0=$(now); "$kez" "${args[@]}" >/dev/null 2>&1 || true; t1=$(now)
    "${hello[@]}" >/dev/null; t2=$(now)
    echo "$(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 ))" >>"$work/times"
  done
  k=$(awk '{print $1}' "$work/times" | median)
  h=$(awk '{print $2}' "$work/times" | median)
  r=$(awk '{printf "%.2f\n", $1/$2}' "$work/times" | median)
  printf '%-16s %10.3f %10.3f %8s\n' "$name" "$(awk -v u="$k" 'BEGIN{print u/1e6}')" "$(awk -v u="$h" 'BEGIN{print u/1e6}')" "$r"
done
