#!/usr/bin/env bash
# kez-chat performance (not part of the tests): real ./kez-chat-server processes on loopback and a
# separate load process, each figure beside its baseline. Usage: kez-chat/bench.sh MODE
#   groupcommit  durable messages/s of 100 concurrent senders, group commit on vs off (one fsync each)
#   delivery     1,000 live WebSockets: POST → entry latency and msgs/s vs a raw Jetty WebSocket echo,
#                then heap per idle connection and RSS (the same for the echo)
#   crash        the kill -9 history check (KillNineTest) at 100 cycles (CYCLES=N to change)
# Tunables through BENCH_OPTS: -Dbench.senders=100 -Dbench.messages=20 -Dbench.rounds=3
#   -Dbench.clients=1000 -Dbench.inflight=8 -Dbench.deliveries=3000
#   -Dbench.ceiling=/dev/shm (the no-fsync ceiling: groupcommit adds a third server with its database
#   there; delivery puts the chat database there)  -Dbench.jfr=DIR (a JFR profile of each server)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
mode="${1:-}"
case "$mode" in
  groupcommit | delivery) ;;
  crash)
    ./mvnw -B -q -pl kez-chat -am test -Dtest=KillNineTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dkez.chat.killCycles="${CYCLES:-100}"
    grep -h '^kill -9:' kez-chat/target/surefire-reports/*KillNineTest-output.txt
    exit 0 ;;
  *) echo "usage: kez-chat/bench.sh groupcommit|delivery|crash" >&2; exit 2 ;;
esac
./mvnw -B -q -pl kez-chat -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
cp="kez-chat/target/test-classes:kez-chat/target/classes:kez-server/target/test-classes:kez-core/target/test-classes:$(cat kez-chat/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-} -cp "$cp" \
  dev.kez.chat.server.bench.ChatBench "$mode"
