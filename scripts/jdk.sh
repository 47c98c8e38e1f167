# Sourced by ./overcast and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, `java` on the PATH, then the JDKs under /usr/lib/jvm (newest first).

overcast_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

overcast_find_jdk() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    if [ -d /usr/lib/jvm ]; then
        while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)
    fi
    local dir major
    for dir in "${candidates[@]}"; do
        if [ -x "$dir/bin/javac" ]; then
            major=$(overcast_java_major "$dir")
            if [ -n "$major" ] && [ "$major" -ge 21 ]; then
                echo "$dir"
                return 0
            fi
        fi
    done
    return 1
}

if ! OVERCAST_JDK=$(overcast_find_jdk); then
    echo "No JDK >= 21 found (JAVA_HOME, PATH, /usr/lib/jvm). Install one, e.g. Temurin 21 or 25." >&2
    return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$OVERCAST_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
