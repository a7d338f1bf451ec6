package org.commonplace.orchestrator.paho;

import java.security.SecureRandom;

/**
 * Client ids for every MQTT connection we make (probes, the fabric, {@code watch}). MQTT 3.1.1
 * guarantees ids of 1 to 23 letters and digits: "cpo" and 20 random ones from a SecureRandom, about
 * 119 bits, so two orchestrators (or two attempts) never share an id and take over each other's session.
 */
public final class ClientIds {
    private static final String PREFIX = "cpo";
    private static final int RANDOM_CHARS = 20;
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIds() {
    }

    /** {@return a fresh id} */
    public static String fresh() {
        var id = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }
}
