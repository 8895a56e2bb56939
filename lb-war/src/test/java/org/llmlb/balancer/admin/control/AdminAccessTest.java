package org.llmlb.balancer.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminAccessTest {

    @Test
    void unsetShortAndSeedDefaultTokensAreWeak() {
        assertThat(AdminAccess.weak(null)).isTrue();
        assertThat(AdminAccess.weak("")).isTrue();
        assertThat(AdminAccess.weak("   ")).isTrue();
        assertThat(AdminAccess.weak("fifteen-chars-x")).isTrue();
        assertThat(AdminAccess.weak(AdminAccess.SEED_DEFAULT_TOKEN)).isTrue();
        assertThat(AdminAccess.weak("sixteen-chars-xx")).isFalse();
    }

    @Test
    void loopbackAddressesInEveryFormTheServletApiGives() {
        assertThat(AdminAccess.loopback("127.0.0.1")).isTrue();
        assertThat(AdminAccess.loopback("127.3.2.1")).isTrue();
        assertThat(AdminAccess.loopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AdminAccess.loopback("::1")).isTrue();
        assertThat(AdminAccess.loopback("[::1]")).isTrue();
        assertThat(AdminAccess.loopback("::ffff:127.0.0.1")).isTrue();
    }

    @Test
    void otherAddressesAndNamesAreNotLoopback() {
        assertThat(AdminAccess.loopback("10.0.0.7")).isFalse();
        assertThat(AdminAccess.loopback("192.168.1.1")).isFalse();
        assertThat(AdminAccess.loopback("fe80::1%eth0")).isFalse();
        assertThat(AdminAccess.loopback("::ffff:10.0.0.1")).isFalse();
        assertThat(AdminAccess.loopback("localhost")).as("a name is never looked up").isFalse();
        assertThat(AdminAccess.loopback("abc")).isFalse();
        assertThat(AdminAccess.loopback("")).isFalse();
        assertThat(AdminAccess.loopback(null)).isFalse();
    }

    @Test
    void aWeakTokenAdmitsOnlyLoopbackAndAStrongOneAnyone() {
        AdminAccess weak = access("short");
        AdminAccess strong = access("a-strong-admin-token-0123456789");

        assertThat(weak.admits("127.0.0.1")).isTrue();
        assertThat(weak.admits("10.1.2.3")).isFalse();
        assertThat(strong.admits("10.1.2.3")).isTrue();
        assertThat(strong.matches("a-strong-admin-token-0123456789")).isTrue();
        assertThat(strong.matches("short")).isFalse();
    }

    private static AdminAccess access(String token) {
        AdminAccess access = new AdminAccess();
        access.token = token;
        access.init();
        return access;
    }
}
