package org.commonplace.orchestrator.broker;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.commonplace.orchestrator.config.BrokerAddress;

/**
 * Where the embedded broker listens, from the broker address: a host that names this machine's
 * loopback ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) binds loopback only; any other host
 * ({@code 0.0.0.0}, a LAN address or name) is bound as written, which opens the broker to the network.
 *
 * @param host     the address to bind, as Moquette takes it (an IP address, or the host as written)
 * @param port     the port to bind
 * @param loopback whether only this machine can reach it
 */
record BindPlan(String host, int port, boolean loopback) {

    /** {@return the plan, or empty when the host does not resolve} */
    static Optional<BindPlan> of(BrokerAddress address) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(address.host());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress)) {
            // "localhost" may resolve to ::1 and 127.0.0.1; Java clients (Paho) reach IPv4 first.
            InetAddress chosen = Arrays.stream(all).filter(a -> a instanceof Inet4Address).findFirst().orElse(all[0]);
            return Optional.of(new BindPlan(chosen.getHostAddress(), address.port(), true));
        }
        return Optional.of(new BindPlan(address.host(), address.port(), false));
    }

    /** {@return host:port, with brackets around an IPv6 host} */
    String endpoint() {
        return new BrokerAddress(host, port).toString();
    }
}
