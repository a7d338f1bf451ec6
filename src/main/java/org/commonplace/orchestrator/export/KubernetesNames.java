package org.commonplace.orchestrator.export;

import java.util.Locale;

/**
 * Kubernetes object names from process names: a process name ({@code [A-Za-z0-9_][A-Za-z0-9._-]*},
 * up to 64 characters) is not always a DNS-1035 label (lower case, digits and '-', starting with a letter and
 * ending with a letter or digit, up to 63), which Services need.
 */
final class KubernetesNames {
    private KubernetesNames() {
    }

    /**
     * {@return the name in Kubernetes: lower case, '-' for any other character, starting with a letter
     * (a Service's name must: "p-" is put before a digit), trimmed of '-', at most 63 characters}
     */
    static String of(String name) {
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        if (!label.matches("[a-z].*")) {
            label = "p-" + label;
        }
        if (label.length() > 63) {
            label = label.substring(0, 63);
        }
        return label.replaceAll("-+$", "");
    }
}
