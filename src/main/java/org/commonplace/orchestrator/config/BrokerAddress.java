package org.commonplace.orchestrator.config;

/**
 * Where the MQTT broker listens. Parsed from {@code host:port}, {@code host} (port 1883),
 * {@code mqtt://host:port}, {@code tcp://host:port}, with a host name, an IPv4 address or an
 * {@code [IPv6]} address. The host is not resolved here: that is the broker check's job.
 *
 * @param host a host name or address, without brackets
 * @param port 1..65535
 */
public record BrokerAddress(String host, int port) {
    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT = "localhost:1883";

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException with a message that says what is wrong with it, such as
     *                                  "port 70000 is outside 1..65535"
     */
    public static BrokerAddress parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses an address by the same rules, except that the port must be written: for a {@code tcp}
     * readiness check, where no port is the obvious default.
     *
     * @throws IllegalArgumentException as {@link #parse}, and "the port is missing" without one
     */
    public static BrokerAddress parseWithPort(String text) {
        return parse(text, true);
    }

    private static BrokerAddress parse(String text, boolean portRequired) {
        String rest = text.strip();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("the address is empty");
        }
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String name = rest.substring(0, scheme);
            if (!name.equals("mqtt") && !name.equals("tcp")) {
                throw new IllegalArgumentException("scheme '" + name + "://' is not mqtt:// or tcp://");
            }
            rest = rest.substring(scheme + 3);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'[' of an IPv6 address is not closed");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']'");
                }
                portText = after.substring(1);
            }
            if (host.isEmpty() || !host.contains(":")) {
                throw new IllegalArgumentException("'[" + host + "]' is not an IPv6 address");
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("an IPv6 address must be written in brackets: [addr]:port");
            }
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (!host.contains(":") && !host.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or address");
        }
        if (portText == null && portRequired) {
            throw new IllegalArgumentException("the port is missing");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("port '" + portText + "' is not a number");
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            }
        }
        return new BrokerAddress(host, port);
    }

    /** {@return host:port, with brackets around an IPv6 host} */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
