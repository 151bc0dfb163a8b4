#!/usr/bin/env bash
# Sourced by the build and launcher scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then `java` on the PATH, then the JDKs installed under /usr/lib/jvm (newest first).

nabla_java_major() {
  # Prints the feature version of the java binary given as $1 (17, 21, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

nabla_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local dir
  for dir in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /usr/local/*jdk*/ 2>/dev/null | sort -rV); do
    candidates+=("${dir%/}")
  done
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/bin/javac" ] && [ -x "$dir/bin/java" ]; then
      local major
      major=$(nabla_java_major "$dir/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        echo "$dir"
        return 0
      fi
    fi
  done
  return 1
}

if ! NABLA_JDK=$(nabla_find_jdk); then
  echo "nabla: no JDK 21 or newer found (looked at \$JAVA_HOME, javac on the PATH, /usr/lib/jvm, /opt/java)." >&2
  echo "nabla: install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21/25) or set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$NABLA_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 still calls sun.misc.Unsafe; JDK 24+ warns about it on every build unless allowed.
if [ "$(nabla_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
