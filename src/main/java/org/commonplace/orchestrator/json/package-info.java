/**
 * JSON text from a parsed Jackson tree with jackson-core's generator alone, without databind's
 * {@code ObjectMapper} (which {@code JsonNode.toString()} builds: some hundreds of classes). Shared by
 * the config's error messages and the control protocol's lines; imports nothing of ours, does no I/O
 * but into the writer it is given.
 */
package org.commonplace.orchestrator.json;
