package org.commonplace.orchestrator.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"commonplace-orchestrator " + (version == null ? "dev" : version)
                + " (Java " + Runtime.version() + ")"};
    }
}
