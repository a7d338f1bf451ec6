# Sourced by bin/commonplace-orchestrator and bin/package: the JVM flags the orchestrator runs with,
# from a source checkout and from the installed package alike.
#
# A small, quiet JVM: the serial collector and a small heap (RSS follows what is used), C1 only
# (starts faster, and the output path is fast enough with it), no perf-data file or sampling, and
# no periodic monitor deflation (which would wake the JVM four times a second at rest): the deflation
# thread looks every 10 s and deflates only when the monitors in use pass the JVM's threshold (a
# ceiling of about 1024 per thread). Not once an hour: Paho inflates a monitor for every message it
# acknowledges (its receiver and callback threads meet on the token's lock), so with states
# published at ~145 restarts/s the monitors piled up at 4.8 MB a minute until the hour was out. SIGQUIT
# (Ctrl+\) belongs to the JVM, which would print a thread dump of its own between the children's
# lines: -DisplayVMOutput keeps it quiet (jcmd PID Thread.print still gives one; JVM warnings and
# crash reports do not go through it). The AOT cache holds classes only, no method profiles (JEP 515):
# replayed at start, they made the C1 compiler compile at once what the training run found hot
# (60-90 ms of CPU during a start on 2 cores, a thread more), for profiles meant for C2, which we
# do not use.
jvm_flags=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms4m -Xmx128m -Xss256k
    -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData
    -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedAsyncDeflationInterval=0 -XX:AsyncDeflationInterval=10000
    -XX:-DisplayVMOutput -XX:-AOTRecordTraining -XX:-AOTReplayTraining)
