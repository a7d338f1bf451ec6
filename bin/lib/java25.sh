# Sourced by bin/* and .ci/run: points JAVA_HOME at a Java 25 (or newer) JDK.
# The machine's default `java` may be older (Debian 12 ships 17), so we choose ourselves:
# an already-set JAVA_HOME if it is new enough, else the newest JDK 25+ under /usr/lib/jvm.

java_feature_version() { # prints the feature version of the JDK at $1, or nothing
    local release="$1/release"
    [[ -f $release ]] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

select_java25() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        local v; v=$(java_feature_version "$JAVA_HOME")
        if [[ -n $v && $v -ge 25 ]]; then return 0; fi
    fi
    local best="" best_v=0 dir v
    for dir in /usr/lib/jvm/*/; do
        dir=${dir%/}
        [[ -L $dir ]] && continue
        v=$(java_feature_version "$dir")
        if [[ -n $v && -x $dir/bin/java && $v -ge 25 && $v -gt $best_v ]]; then best=$dir best_v=$v; fi
    done
    if [[ -z $best ]]; then
        echo "commonplace-orchestrator needs Java 25 or newer: none found (JAVA_HOME is '${JAVA_HOME:-}'," \
             "nothing under /usr/lib/jvm). Install Temurin 25 and set JAVA_HOME." >&2
        return 1
    fi
    export JAVA_HOME=$best
}

select_java25 || exit 1
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
