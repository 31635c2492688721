# Sourced by ./kez, ./run-tests and the other launchers: exports JAVA_HOME
# pointing at a JDK >= 21 (JAVA_HOME, then java on PATH, then the usual folders).
kez_java_version() { # prints the feature version of the java binary $1, or nothing
  # A JDK's release file says it without starting a JVM.
  if [ -f "${1%/bin/java}/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${1%/bin/java}/release"
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
kez_find_java_home() {
  local candidate v
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    v=$(kez_java_version "$candidate/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! KEZ_JH=$(kez_find_java_home); then
  echo "kez: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt)." >&2
  echo "kez: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, then set JAVA_HOME." >&2
  exit 4
fi
export JAVA_HOME="$KEZ_JH"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9 still uses sun.misc.Unsafe; JDK 24+ warns about it on every build unless told it's allowed.
if [ "$(kez_java_version "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" ;; esac
fi
