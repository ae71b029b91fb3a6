#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (the build's release). Prefers $JAVA_HOME, then the `java` on the
# PATH, then any JDK under /usr/lib/jvm (on these machines the default java is 17 and Temurin 25
# sits beside it). Exits non-zero, saying so, when there is none.
set -euo pipefail
readonly MIN=21

major_of() { # major_of JAVA_HOME
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "${v%%.*}"
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
for dir in /usr/lib/jvm/*; do
  [ -x "$dir/bin/javac" ] && candidates+=("$dir")
done

for home in "${candidates[@]}"; do
  if [ -x "$home/bin/javac" ] && [ "$(major_of "$home")" -ge "$MIN" ] 2>/dev/null; then
    echo "$home"
    exit 0
  fi
done
echo "java-home: no JDK >= $MIN found (looked at \$JAVA_HOME, the PATH and /usr/lib/jvm). Install one, e.g. Temurin 21 or 25, and set JAVA_HOME." >&2
exit 1
