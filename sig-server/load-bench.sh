#!/usr/bin/env bash
# Load measurement for kez-sig-server (not part of the tests): builds the test classes, then
# runs the Java load client, which starts the server in its own process on loopback, for
# SQLite and for a throwaway PostgreSQL (fsync on). Usage: sig-server/load-bench.sh [groupcommit] [sqlite|postgres]...
# Tunables: -Dbench.threads=8 -Dbench.appends=250 -Dbench.seconds=8 via BENCH_OPTS.
# groupcommit also takes -Dbench.rounds=3 -Dbench.warmup=1, -Dbench.compare=CLASSPATH (another
# build's server in the same rounds) and -Dbench.serverJvm="JVM options" (e.g. a JFR recording).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
./mvnw -B -q -pl sig-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
cp="sig-server/target/test-classes:sig-server/target/classes:kez-core/target/test-classes:$(cat sig-server/target/bench.classpath)"
main=dev.kez.sigserver.bench.LoadBench
# `groupcommit [sqlite|postgres]...`: appends/s of 100 concurrent appenders, group commit on vs off.
# `nodes [N]`: appends/s and reads/s with 1..N (3) sig-server processes on one PostgreSQL.
# `forkcost`: what refusing a bogus fork link costs on a 2,800-link chain, and the first append after a restart.
case "${1:-}" in
  groupcommit) main=dev.kez.sigserver.bench.GroupCommitBench; shift ;;
  forkcost) main=dev.kez.sigserver.bench.ForkCostBench; shift ;;
  nodes) main=dev.kez.sigserver.bench.MultiNodeBench; shift ;;
esac
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-} -cp "$cp" "$main" "$@"
