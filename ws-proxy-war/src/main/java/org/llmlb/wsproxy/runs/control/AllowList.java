package org.llmlb.wsproxy.runs.control;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which hosts a run may target: loopback always, plus the configured ones. Names are compared,
 * never resolved, so a DNS answer cannot widen the list.
 */
@ApplicationScoped
public class AllowList {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private List<String> configured = List.of();

    AllowList() {
    }

    @Inject
    AllowList(@ConfigProperty(name = "producer.allowed.hosts") Optional<String> hosts) {
        this.configured = parse(hosts.orElse(""));
    }

    public static AllowList of(String hosts) {
        AllowList list = new AllowList();
        list.configured = parse(hosts);
        return list;
    }

    public void check(URI target) {
        String host = target.getHost();
        if (host == null || !allowed(host)) {
            throw new HostNotAllowedException(host == null ? String.valueOf(target) : host);
        }
    }

    boolean allowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || LOOPBACK_V4.matcher(h).matches() || configured.contains(h);
    }

    private static List<String> parse(String hosts) {
        return Arrays.stream(hosts.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
