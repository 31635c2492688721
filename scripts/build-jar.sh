# Sourced by the launchers. kez_build_jar NAME MODULE BUILT JAR MAVEN_FLAG SOURCES...
# Builds MODULE (and the modules it needs) when one of SOURCES is newer than the last build,
# then copies the jar Maven made (BUILT) to the launcher's own JAR only when its bytes
# changed: the jars are reproducible, so a build that changes nothing, or one that
# ./run-tests makes, leaves JAR (and the class-data archive made for it) alone.
# MAVEN_FLAG is -Dmaven.test.skip=true (no test compilation), or -DskipTests for a module
# that uses another module's test classes. Maven runs in the background so that a Ctrl-C or
# kill of the launcher stops it too (a background job in a script ignores SIGINT itself).
kez_build_jar() {
  local name=$1 module=$2 built=$3 jar=$4 flag=$5 root pid rc=0
  shift 5
  local stamp="$jar.built"
  if [ -f "$jar" ] && [ -f "$stamp" ] && [ -z "$(find "$@" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  echo "$name: building (first run or sources changed)..." >&2
  mkdir -p "$(dirname "$jar")"
  : > "$stamp.new" # sources saved during the build are newer than this, so they rebuild next time
  (cd "$root" && exec ./mvnw -B -q "$flag" -pl "$module" -am package >&2) &
  pid=$!
  trap 'rm -f "$stamp.new"; kill "$pid" 2>/dev/null; wait "$pid"; exit 130' INT TERM
  wait "$pid" || rc=$?
  trap - INT TERM
  if [ "$rc" -ne 0 ]; then rm -f "$stamp.new"; echo "$name: build failed" >&2; exit 4; fi
  if ! cmp -s "$built" "$jar"; then cp "$built" "$jar.tmp" && mv "$jar.tmp" "$jar"; fi
  mv "$stamp.new" "$stamp"
}
