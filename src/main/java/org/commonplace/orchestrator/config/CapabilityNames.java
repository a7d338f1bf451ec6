package org.commonplace.orchestrator.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Linux capabilities by name (capabilities(7), as of Linux 5.9), for {@code "capabilities"}: a
 * name not here is a typo that would otherwise surface as a failed start.
 */
final class CapabilityNames {
    static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private CapabilityNames() {
    }

    /** {@return the canonical name of {@code name} ("net_bind_service" and "CAP_NET_BIND_SERVICE" alike)} */
    static Optional<String> canonical(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        return ALL.contains(full) ? Optional.of(full) : Optional.empty();
    }
}
