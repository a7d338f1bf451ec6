package org.commonplace.orchestrator.export;

import org.commonplace.orchestrator.config.RemoteDependency;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import org.commonplace.orchestrator.config.ReadyCheck;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * The config's processes as Kubernetes objects: a Deployment per process (a Job for a one-shot job,
 * whose ready check is its exit), a Service for each whose ready check names a port, and for each
 * dependency an init container that waits until the dependency's Service answers.
 *
 * <p>The ready check becomes the readiness probe (tcp → tcpSocket, http → httpGet, exec → exec, mqtt
 * → tcpSocket); the stop timeout, terminationGracePeriodSeconds. What has no equivalent (a log check,
 * a stop signal other than TERM, a restart policy other than always, a working directory of this
 * machine) is said in a comment above the process's objects. A liveness check becomes a
 * livenessProbe with its interval, failure threshold and timeout. The user, groups,
 * no_new_privileges and capabilities become the container's securityContext, max_memory_mb its
 * resources.limits.memory ({@link PrivilegeExport}).
 */
public final class KubernetesObjects {
    /** The image of the init containers that wait for a dependency: it needs sh and nc. */
    public static final String DEFAULT_WAIT_IMAGE = "busybox:1.36";

    /**
     * @param partOf    the app.kubernetes.io/part-of label of every object
     * @param images    process name → container image; every process needs one
     * @param waitImage the init containers' image
     * @param source    the config file, named in each comment header
     */
    public record Options(String partOf, Map<String, String> images, String waitImage, Path source) {
    }

    private KubernetesObjects() {
    }

    /**
     * {@return process name → its objects as YAML documents, in start order}
     *
     * @throws IllegalArgumentException for a process without an image (naming it), an image for no
     *                                  process, or two processes whose Kubernetes names clash
     */
    public static SequencedMap<String, String> render(List<ManagedProcess> planned, Options options) {
        // Replicas (web.1 ... web.N) are one Deployment with replicas: N, under the config's name.
        var groups = ReplicaGroups.of(planned);
        List<ManagedProcess> processes = groups.stream().map(ReplicaGroups.Entry::process).toList();
        Map<String, Integer> replicas = ReplicaGroups.counts(groups);
        var names = new LinkedHashMap<String, String>();
        var taken = new HashMap<String, String>();
        for (ManagedProcess process : processes) {
            String name = KubernetesNames.of(process.name());
            String other = taken.putIfAbsent(name, process.name());
            if (other != null) {
                throw new IllegalArgumentException("processes " + other + " and " + process.name()
                        + " would both be named " + name + " in Kubernetes (lower case, '-' for '_' and '.')");
            }
            names.put(process.name(), name);
        }
        var missing = processes.stream().map(ManagedProcess::name).filter(n -> !options.images().containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no image for process " + String.join(", ", missing) + ": give "
                    + String.join(" ", missing.stream().map(n -> "--image " + n + "=IMAGE").toList()));
        }
        var unknown = options.images().keySet().stream().filter(n -> !names.containsKey(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--image for " + String.join(", ", unknown) + ": no such process (there are: "
                    + String.join(", ", names.keySet()) + ")");
        }
        var byName = new HashMap<String, ManagedProcess>();
        processes.forEach(p -> byName.put(p.name(), p));
        var result = new LinkedHashMap<String, String>();
        for (ManagedProcess process : processes) {
            result.put(process.name(), render(process, byName, names, options, replicas.getOrDefault(process.name(), 0)));
        }
        return result;
    }

    private static String render(ManagedProcess process, Map<String, ManagedProcess> all, Map<String, String> names,
                                 Options options, int replicas) {
        String name = names.get(process.name());
        var notes = new ArrayList<String>();
        var labels = new LinkedHashMap<String, Object>();
        labels.put("app.kubernetes.io/name", name);
        labels.put("app.kubernetes.io/part-of", options.partOf());

        var container = new LinkedHashMap<String, Object>();
        container.put("name", name);
        container.put("image", options.images().get(process.name()));
        container.put("command", List.of(process.launch().command()));
        if (!process.launch().args().isEmpty()) {
            container.put("args", process.launch().args());
        }
        if (!process.launch().env().isEmpty()) {
            var env = new ArrayList<Object>();
            new TreeMap<>(process.launch().env()).forEach((k, v) -> env.add(entry("name", k, "value", v)));
            container.put("env", env);
        }
        Optional<Integer> port = process.ready().flatMap(r -> port(r.check()));
        port.ifPresent(p -> container.put("ports", List.of(entry("containerPort", p))));
        process.ready().flatMap(r -> probe(r.check(), r.intervalMs(), "ready", notes))
                .ifPresent(probe -> container.put("readinessProbe", probe));
        process.liveness().flatMap(l -> probe(l.check(), l.intervalMs(), "liveness", notes).map(probe -> {
            probe.put("failureThreshold", l.failureThreshold());
            probe.put("timeoutSeconds", Math.max(1, (l.timeoutMs() + 999) / 1000));
            return probe;
        })).ifPresent(probe -> container.put("livenessProbe", probe));
        Path folder = options.source().toAbsolutePath().getParent();
        if (folder != null && !process.launch().cwd().toAbsolutePath().normalize().equals(folder.normalize())) {
            notes.add("cwd " + process.launch().cwd() + " is a folder of this machine: the image's working directory is used");
        }
        List<String> args = process.launch().args();
        int flag = args.indexOf("--mqtt-broker");
        if (flag >= 0 && flag + 1 < args.size() && args.get(flag + 1).matches("(localhost|127\\.0\\.0\\.1|\\[::1])(:\\d+)?")) {
            notes.add("--mqtt-broker " + args.get(flag + 1) + " is the pod itself: export with --mqtt-broker SERVICE:PORT"
                    + " to name the cluster's broker");
        }
        if (process.stopSignal() != StopSignal.TERM) {
            notes.add("stop_signal " + process.stopSignal() + ": Kubernetes stops a container with SIGTERM (or the image's STOPSIGNAL)");
        }

        var pod = new LinkedHashMap<String, Object>();
        pod.put("terminationGracePeriodSeconds", (process.stopTimeoutMs() + 999) / 1000);
        PrivilegeExport.kubernetes(process, container, pod, notes);
        var waits = new ArrayList<Object>();
        for (String dep : process.dependsOn()) {
            if (RemoteDependency.isRemote(dep)) {
                notes.add("depends on " + dep + ", a process of another orchestrator: not expressed in Kubernetes");
                continue;
            }
            Optional<Integer> depPort = all.get(dep).ready().flatMap(r -> port(r.check()));
            String service = names.get(dep);
            if (depPort.isPresent()) {
                waits.add(entry("name", KubernetesNames.of("wait-for-" + service), "image", options.waitImage(), "command",
                        List.of("sh", "-c", "until nc -z -w 2 " + service + " " + depPort.get() + "; do echo waiting for "
                                + service + "; sleep 1; done")));
            } else {
                notes.add("depends on " + dep + ", whose ready check names no port, so it has no Service to wait for:"
                        + " this pod starts without waiting for it");
            }
        }
        if (!waits.isEmpty()) {
            pod.put("initContainers", waits);
        }
        pod.put("containers", List.of(container));

        boolean job = process.expectedExit().isPresent();
        var documents = new ArrayList<Map<String, Object>>();
        if (replicas > 0 && (String.join(" ", process.launch().args()).contains("${REPLICA}")
                || process.launch().env().values().stream().anyMatch(v -> v.contains("${REPLICA}")))) {
            notes.add("${REPLICA} has no Deployment equivalent: every pod gets the same args and env (a StatefulSet numbers its pods from 0)");
        }
        if (replicas > 0 && (process.ready().flatMap(r -> r.perReplica()).isPresent()
                || process.liveness().flatMap(l -> l.perReplica()).isPresent())) {
            notes.add("${REPLICA} in a check has no Deployment equivalent: every pod's probes are replica 1's");
        }
        if (process.schedule().isPresent()) {
            documents.add(KubernetesCronJob.of(process, name, labels, pod, notes));
        } else if (job) {
            pod.put("restartPolicy", process.restart().policy() == RestartPolicy.NEVER ? "Never" : "OnFailure");
            int code = process.expectedExit().get();
            if (code != 0) {
                notes.add("done when it exits " + (code == org.commonplace.orchestrator.config.ReadyCheck.Exit.ANY ? "with any code" : code)
                        + ": a Job succeeds only on exit 0");
            }
            var spec = new LinkedHashMap<String, Object>();
            spec.put("backoffLimit", process.restart().policy() == RestartPolicy.NEVER ? 0 : 6);
            spec.put("template", entry("metadata", entry("labels", labels), "spec", pod));
            documents.add(object("batch/v1", "Job", name, labels, spec));
        } else {
            if (process.restart().policy() != RestartPolicy.ALWAYS) {
                notes.add("restart " + process.restart().policy().word()
                        + ": a Deployment's containers are always restarted (Kubernetes' own backoff, up to 5 min)");
            }
            var spec = new LinkedHashMap<String, Object>();
            spec.put("replicas", Math.max(1, replicas));
            spec.put("selector", entry("matchLabels", labels));
            spec.put("template", entry("metadata", entry("labels", labels), "spec", pod));
            documents.add(object("apps/v1", "Deployment", name, labels, spec));
        }
        port.ifPresent(p -> {
            var spec = new LinkedHashMap<String, Object>();
            spec.put("selector", labels);
            spec.put("ports", List.of(entry("port", p, "targetPort", p)));
            documents.add(object("v1", "Service", name, labels, spec));
            notes.add("the Service " + name + " reaches port " + p + " only if the process listens on all addresses"
                    + " (0.0.0.0), not on 127.0.0.1 alone");
        });

        var out = new StringBuilder();
        // The notes hold config values (a regex, a folder): escaped, they cannot end their comment line.
        out.append("# process ").append(process.name()).append(", exported by commonplace-orchestrator from ")
                .append(CommentText.escape(options.source().toString())).append('\n');
        notes.forEach(n -> out.append("# - ").append(CommentText.escape(n)).append('\n'));
        for (int i = 0; i < documents.size(); i++) {
            out.append(i == 0 ? "" : "---\n").append(Yaml.write(documents.get(i)));
        }
        return out.toString();
    }

    /** {@return the port the ready check connects to, which the Service exposes} */
    static Optional<Integer> port(ReadyCheck check) {
        return switch (check) {
            case ReadyCheck.Tcp tcp -> Optional.of(tcp.port());
            case ReadyCheck.Http http -> Optional.of(httpPort(http.url()));
            case ReadyCheck.Mqtt mqtt -> Optional.of(mqtt.address().port());
            default -> Optional.empty();
        };
    }

    /** {@return the probe for {@code check} tried every {@code intervalMs}; {@code kind} names it in notes} */
    private static Optional<Map<String, Object>> probe(ReadyCheck check, long intervalMs, String kind, List<String> notes) {
        var probe = new LinkedHashMap<String, Object>();
        switch (check) {
            case ReadyCheck.Tcp tcp -> probe.put("tcpSocket", entry("port", tcp.port()));
            case ReadyCheck.Http http -> {
                String path = http.url().getRawPath() == null || http.url().getRawPath().isEmpty() ? "/" : http.url().getRawPath();
                if (http.url().getRawQuery() != null) {
                    path += "?" + http.url().getRawQuery();
                }
                probe.put("httpGet", entry("path", path, "port", httpPort(http.url()),
                        "scheme", "https".equalsIgnoreCase(http.url().getScheme()) ? "HTTPS" : "HTTP"));
            }
            case ReadyCheck.Exec exec -> probe.put("exec", entry("command", exec.argv()));
            case ReadyCheck.Mqtt mqtt -> {
                probe.put("tcpSocket", entry("port", mqtt.address().port()));
                notes.add(kind + " check " + check.describe() + ": the probe only connects (tcpSocket); it sends no MQTT CONNECT");
            }
            case ReadyCheck.Log log -> {
                notes.add(kind + " check " + check.describe() + ": Kubernetes has no probe that reads a container's"
                        + " output, so no " + (kind.equals("ready") ? "readinessProbe: the pod is ready once its container has started"
                        : "livenessProbe"));
                return Optional.empty();
            }
            case ReadyCheck.Exit exit -> {
                return Optional.empty();
            }
            case ReadyCheck.MqttMessage message -> {
                notes.add(kind + " check " + check.describe() + ": Kubernetes has no probe that waits for an MQTT message,"
                        + " so no readinessProbe: the pod is ready once its container has started");
                return Optional.empty();
            }
        }
        probe.put("periodSeconds", Math.max(1, (intervalMs + 999) / 1000));
        return Optional.of(probe);
    }

    private static int httpPort(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    static Map<String, Object> object(String apiVersion, String kind, String name, Map<String, Object> labels,
                                              Map<String, Object> spec) {
        var object = new LinkedHashMap<String, Object>();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.put("metadata", entry("name", name, "labels", labels));
        object.put("spec", spec);
        return object;
    }

    /** {@return an ordered map of the key/value pairs given} */
    static Map<String, Object> entry(Object... pairs) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
