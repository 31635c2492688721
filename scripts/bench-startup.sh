#!/usr/bin/env bash
# Start-up time of one `./kez verify claim FILE` beside a hello-world Java program started the
# same way (same JDK, same JVM flags as ./kez, its own class-data sharing archive), run in
# turn A B A B ... so both see the same machine load; prints each one's median wall time and
# the median of the pairwise ratios kez/hello. Usage: scripts/bench-startup.sh [RUNS] [FILE]
# (FILE: a claim to verify; default: a fresh one signed with a throwaway KEZ_HOME).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/scripts/java-home.sh"

claim=${2:-}
if [ -z "$claim" ]; then
  claim="$work/claim.json"
  "$root/kez" --home "$work/home" identity new >/dev/null 2>&1
  "$root/kez" --home "$work/home" claim github:alice --format json >"$claim" 2>/dev/null
fi
"$root/kez" verify claim "$claim" >/dev/null # builds if needed; first run writes the archive

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
: >"$work/times"
for ((i = 0; i < runs; i++)); do
  t0=$(now); "$root/kez" verify claim "$claim" >/dev/null; t1=$(now)
  "${hello[@]}" >/dev/null; t2=$(now)
  echo "$(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 ))" >>"$work/times"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
kez=$(awk '{print $1}' "$work/times" | median)
hel=$(awk '{print $2}' "$work/times" | median)
ratio=$(awk '{printf "%.3f\n", $1/$2}' "$work/times" | median)
printf 'runs %d, load average %s\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
printf 'kez verify claim  median wall %6.3f s\n' "$(awk -v u="$kez" 'BEGIN{print u/1e6}')"
printf 'hello world       median wall %6.3f s\n' "$(awk -v u="$hel" 'BEGIN{print u/1e6}')"
printf 'ratio kez/hello   median of pairs %s (target: at most 3)\n' "$ratio"
