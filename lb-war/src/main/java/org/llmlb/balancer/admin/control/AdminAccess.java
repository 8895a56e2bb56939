package org.llmlb.balancer.admin.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may call the admin API. A weak admin token (unset, so the seed's default, or shorter than
 * {@value #MIN_STRONG_LENGTH} characters) is accepted only from loopback addresses, so a balancer
 * started without {@code LB_ADMIN_TOKEN} is not open to whoever reaches its port; a strong one
 * works from anywhere. Forwarding headers are not trusted: behind a reverse proxy the caller is
 * the proxy, and a weak token then refuses remote admin calls, as it should.
 */
@ApplicationScoped
public class AdminAccess {

    private static final Logger LOG = Logger.getLogger(AdminAccess.class.getName());

    public static final String SEED_DEFAULT_TOKEN = "change-me-admin-token";
    public static final int MIN_STRONG_LENGTH = 16;
    public static final String REMOTE_REFUSED = "Admin calls from other machines need a strong admin token: set "
            + "LB_ADMIN_TOKEN to a random string of at least " + MIN_STRONG_LENGTH + " characters (not the default) "
            + "and restart the balancer. Until then the admin API answers only on loopback (localhost).";

    @Inject
    @ConfigProperty(name = "lb.admin.token")
    String token;

    private boolean weak;

    @PostConstruct
    void init() {
        weak = weak(token);
    }

    void warnAtStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (weak) {
            LOG.warning("LB_ADMIN_TOKEN is unset, the default or shorter than " + MIN_STRONG_LENGTH
                    + " characters: the admin API accepts calls only from loopback addresses. Set a random token of "
                    + MIN_STRONG_LENGTH + "+ characters to administer the balancer from other machines.");
        }
    }

    public static boolean weak(String token) {
        return token == null || token.isBlank() || token.length() < MIN_STRONG_LENGTH
                || SEED_DEFAULT_TOKEN.equals(token);
    }

    /** Whether a caller at {@code remoteAddress} (an IP literal, as the servlet API gives it) may try at all. */
    public boolean admits(String remoteAddress) {
        return !weak || loopback(remoteAddress);
    }

    public boolean matches(String presented) {
        return Secrets.matches(presented, token);
    }

    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        int zone = address.indexOf('%');
        String literal = zone < 0 ? address : address.substring(0, zone);
        // only IP literals are parsed (never looked up): the servlet API gives nothing else
        boolean v4 = !literal.isEmpty() && literal.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
        boolean v6 = literal.indexOf(':') >= 0 && literal.chars().allMatch(c -> Character.digit(c, 16) >= 0
                || c == '.' || c == ':' || c == '[' || c == ']');
        boolean ipLiteral = v4 || v6;
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
