#!/usr/bin/env bash
# kez-sig-server at size (issue 15), a measurement, not a test. Everything lives in
# sig-server/target/scale (git-ignored); delete it when done.
#   sig-server/scale-bench.sh gen CHAINS LINKS     signed chains into target/scale/d<CHAINS>x<LINKS>
#   sig-server/scale-bench.sh postgres DATA_DIR    load into a durable PostgreSQL (COPY); size; its URL
#   sig-server/scale-bench.sh sqlite DATA_DIR      load into SQLite; size; its file
#   sig-server/scale-bench.sh bench LABEL DB DATA_DIR [LABEL DB DATA_DIR]...   reads and appends,
#                                                  the stores side by side (ScaleBench)
#   sig-server/scale-bench.sh stop                 stop the PostgreSQL this script started
# BENCH_OPTS: -Dbench.threads=8 -Dbench.seconds=20 -Dbench.appends=2000 (ScaleBench).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
out="$root/sig-server/target/scale"
mkdir -p "$out"
if [[ ! -f sig-server/target/bench.classpath || -n "${REBUILD:-}" ]]; then
  ./mvnw -B -q -pl sig-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
fi
cp="sig-server/target/test-classes:sig-server/target/classes:kez-core/target/test-classes:kez-server/target/test-classes:$(cat sig-server/target/bench.classpath)"
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir="$out/pg"
pgport=55432
as_pg=(); [[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)
psql() { "${as_pg[@]}" "$pgbin/psql" -h 127.0.0.1 -p $pgport -U kez -v ON_ERROR_STOP=1 -q "$@"; }

# The schema comes from the server's own Flyway migrations: start it once on the empty store.
migrate() {
  local log="$out/migrate.log"
  "${java[@]}" -cp "$cp" dev.kez.sigserver.SigServer --db "$1" --port 0 --bind 127.0.0.1 >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do grep -q listening "$log" && break; sleep 0.2; done
  kill "$pid"; wait "$pid" || true
  grep -q listening "$log" || { cat "$log" >&2; exit 1; }
}

t() { local s=$SECONDS; "$@"; echo "  ($* : $((SECONDS - s)) s)" >&2; }

case "$1" in
gen)
  dir="$out/d$2x$3"
  "${java[@]}" -cp "$cp" sig-server/scale/ScaleGen.java "$2" "$3" "$dir" "${THREADS:-2}"
  echo "$dir"
  ;;
postgres)
  data=$(readlink -f "$2"); name=$(basename "$data")
  if [[ ! -f "$pgdir/data/PG_VERSION" ]]; then
    mkdir -p "$pgdir"; [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$pgdir"
    "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U kez -A trust -E UTF8 --no-locale >/dev/null
  fi
  if ! "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
    # PostgreSQL's default durability (fsync on); a cache a small host can afford.
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -o \
      "-p $pgport -c listen_addresses=127.0.0.1 -k $pgdir -c max_connections=200 -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
  fi
  db="kez_$name"
  psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  url="jdbc:postgresql://127.0.0.1:$pgport/$db?user=kez"
  migrate "$url"
  # COPY into tables without their keys, then build the keys once (the fast way to bulk-load).
  psql -d "$db" -c "ALTER TABLE links DROP CONSTRAINT links_pkey; ALTER TABLE chains DROP CONSTRAINT chains_pkey; ALTER TABLE chain_keys DROP CONSTRAINT chain_keys_pkey"
  s=$SECONDS
  for tbl in links:links chains:chains keys:chain_keys; do
    cat "$data/${tbl%%:*}"-*.tsv | psql -d "$db" -c "\\copy ${tbl##*:} FROM STDIN"
  done
  echo "postgres $name: COPY $((SECONDS - s)) s" >&2
  s=$SECONDS
  psql -d "$db" -c "SET maintenance_work_mem='1GB'; ALTER TABLE links ADD PRIMARY KEY (chain, seq); ALTER TABLE chains ADD PRIMARY KEY (chain); ALTER TABLE chain_keys ADD PRIMARY KEY (key, chain)" -c "VACUUM ANALYZE"
  echo "postgres $name: keys + vacuum $((SECONDS - s)) s" >&2
  psql -d "$db" -At -F ' ' -c "SELECT 'postgres $name size', pg_database_size(current_database()), (SELECT count(*) FROM links), round(pg_database_size(current_database())::numeric / (SELECT count(*) FROM links), 1) || ' bytes/link', 'links heap+toast', pg_table_size('links'), 'links pkey', pg_indexes_size('links')"
  echo "$url"
  ;;
sqlite)
  data=$(readlink -f "$2"); name=$(basename "$data")
  db="$out/$name.db"
  rm -f "$db" "$db-wal" "$db-shm" "$db.stage"
  migrate "$db"
  s=$SECONDS
  {
    echo "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
    echo "ATTACH '$db.stage' AS s; PRAGMA s.journal_mode=OFF; PRAGMA s.synchronous=OFF;"
    echo "CREATE TABLE s.l(chain TEXT, seq BIGINT, hash TEXT, body TEXT);"
    echo "CREATE TABLE s.c(chain TEXT, seq BIGINT, hash TEXT, primary_key TEXT);"
    echo "CREATE TABLE s.k(key TEXT, chain TEXT, role TEXT, seq BIGINT);"
    echo ".mode ascii"
    echo ".separator \"\\t\" \"\\n\""
    for f in "$data"/links-*.tsv; do echo ".import --schema s $f l"; done
    for f in "$data"/chains-*.tsv; do echo ".import --schema s $f c"; done
    for f in "$data"/keys-*.tsv; do echo ".import --schema s $f k"; done
    # In key order, so each B-tree fills page by page.
    echo "BEGIN; INSERT INTO links SELECT * FROM s.l ORDER BY chain, seq; INSERT INTO chains SELECT * FROM s.c ORDER BY chain; INSERT INTO chain_keys SELECT * FROM s.k ORDER BY key, chain; COMMIT;"
    echo "PRAGMA journal_mode=WAL;"
  } | sqlite3 "$db" >/dev/null
  rm -f "$db.stage"
  echo "sqlite $name: load $((SECONDS - s)) s" >&2
  links=$(sqlite3 "$db" "SELECT count(*) FROM links")
  bytes=$(stat -c %s "$db")
  echo "sqlite $name size $bytes $links $(( bytes / links )) bytes/link"
  echo "$db"
  ;;
bench)
  shift
  "${java[@]}" ${BENCH_OPTS:-} -cp "$cp" dev.kez.sigserver.bench.ScaleBench "$@"
  ;;
stop)
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop
  ;;
*)
  sed -n 2,11p "$0"; exit 2 ;;
esac
