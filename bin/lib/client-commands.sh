# Sourced by bin/commonplace-orchestrator, and copied into the installed package's launcher by
# bin/package: which of the two AOT caches a command line starts with.
#
# An AOT cache's classes are all loaded at start, used or not (JEP 483), so one cache for everything
# made every call load the orchestrator's ~3,000 classes. The client commands (they only talk to a
# running orchestrator) and --version have a cache of their own, trained by `AotTraining client`;
# everything else (run, check, --help, export, logs, top, watch...) the run cache (`AotTraining run`).
# Only the first word decides: a client command always comes first; a command line that names one
# later gets the run cache, which still works, only slower.

# aot_kind_of ARGS...: sets aot_kind to "client" or "run".
aot_kind_of() {
    case "${1:-}" in
        ps | status | start | stop | restart | signal | wait | reload | scale | shutdown | --version | -V) aot_kind=client ;;
        *) aot_kind=run ;;
    esac
}
