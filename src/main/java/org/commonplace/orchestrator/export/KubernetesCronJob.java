package org.commonplace.orchestrator.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commonplace.orchestrator.config.RestartPolicy;
import org.commonplace.orchestrator.config.ScheduleSpec;
import org.commonplace.orchestrator.supervise.ManagedProcess;

/**
 * A scheduled process as a CronJob: its cron rule's five fields (names spelled out, which every
 * Kubernetes reads) in its zone ({@code timeZone}, Kubernetes 1.27+), overlap "skip" as {@code Forbid}
 * and "replace" as {@code Replace}; "queue" has no equivalent ({@code Forbid}, said in a note). A run
 * missed by more than a minute is not made up ({@code startingDeadlineSeconds: 60}), as the
 * orchestrator makes up none.
 */
final class KubernetesCronJob {
    /** How late a run may still start; later ones are skipped, not made up. */
    static final int STARTING_DEADLINE_SECONDS = 60;

    private KubernetesCronJob() {
    }

    static Map<String, Object> of(ManagedProcess process, String name, Map<String, Object> labels, Map<String, Object> pod,
                                  List<String> notes) {
        ScheduleSpec schedule = process.schedule().orElseThrow();
        pod.put("restartPolicy", process.restart().policy() == RestartPolicy.NEVER ? "Never" : "OnFailure");
        if (schedule.overlap() == ScheduleSpec.Overlap.QUEUE) {
            notes.add("overlap queue: a CronJob cannot hold a run back until the last ends; concurrencyPolicy Forbid skips it");
        }
        if (schedule.runOnStart()) {
            notes.add("run_on_start: a CronJob runs at its times only; create a Job from it to run it now"
                    + " (kubectl create job --from=cronjob/" + name + ")");
        }
        var job = new LinkedHashMap<String, Object>();
        job.put("backoffLimit", process.restart().policy() == RestartPolicy.NEVER ? 0 : 6);
        job.put("template", KubernetesObjects.entry("metadata", KubernetesObjects.entry("labels", labels), "spec", pod));
        var spec = new LinkedHashMap<String, Object>();
        spec.put("schedule", schedule.cron().fields());
        spec.put("timeZone", schedule.zone().getId());
        spec.put("concurrencyPolicy", schedule.overlap() == ScheduleSpec.Overlap.REPLACE ? "Replace" : "Forbid");
        spec.put("startingDeadlineSeconds", STARTING_DEADLINE_SECONDS);
        spec.put("jobTemplate", KubernetesObjects.entry("spec", job));
        return KubernetesObjects.object("batch/v1", "CronJob", name, labels, spec);
    }
}
