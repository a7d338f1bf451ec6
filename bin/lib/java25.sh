# Sourced by bin/* and .ci/run: points JAVA_HOME at a Java 25 (or newer) JDK.
# The machine's default `java` may be older (Debian 12 ships 17), so we choose ourselves:
# an already-set JAVA_HOME if it is new enough, else the newest JDK 25+ under /usr/lib/jvm.

# Sets jv to the feature version of the JDK at $1, or to nothing. Bash builtins only: every command
# of the launcher runs this, and a sed in a subshell per JDK cost it ~10 ms (issue 14).
java_feature_version() {
    jv=""
    local release="$1/release" line
    [[ -f $release ]] || return 0
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
            jv=${BASH_REMATCH[1]}
            return 0
        fi
    done <"$release"
}

select_java25() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        local v jv; java_feature_version "$JAVA_HOME"; v=$jv
        if [[ -n $v && $v -ge 25 ]]; then return 0; fi
    fi
    local best="" best_v=0 dir v jv
    for dir in /usr/lib/jvm/*/; do
        dir=${dir%/}
        [[ -L $dir ]] && continue
        java_feature_version "$dir"; v=$jv
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
