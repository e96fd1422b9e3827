package dev.kcaudit.audit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpKeyTest {

    @Test
    void ipv4IsMappedIntoIpv6() {
        assertThat(IpKey.of("10.0.0.1")).isEqualTo("00000000000000000000ffff0a000001");
        assertThat(IpKey.of("::ffff:10.0.0.1")).isEqualTo(IpKey.of("10.0.0.1"));
        // A single address's key is its own one-address range, whichever way each is computed.
        for (String address : new String[] {"::1", "2001:db8::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "0.0.0.0"}) {
            assertThat(IpKey.of(address)).hasSize(32).isEqualTo(IpKey.range(address).low());
        }
    }

    @Test
    void cidrBlocksAreKeyRanges() {
        IpKey.Range range = IpKey.range("10.1.0.0/16");
        assertThat(range.low()).isEqualTo(IpKey.of("10.1.0.0"));
        assertThat(range.high()).isEqualTo(IpKey.of("10.1.255.255"));
        String inside = IpKey.of("10.1.77.3");
        assertThat(inside.compareTo(range.low()) >= 0 && inside.compareTo(range.high()) <= 0).isTrue();
        String outside = IpKey.of("10.2.0.0");
        assertThat(outside.compareTo(range.high())).isPositive();
        assertThat(IpKey.range("2001:db8::/32").low()).isEqualTo("20010db8000000000000000000000000");
        assertThat(IpKey.range("192.0.2.7")).isEqualTo(new IpKey.Range(IpKey.of("192.0.2.7"), IpKey.of("192.0.2.7")));
    }

    @Test
    void namesAndJunkAreRejectedWithoutDnsLookups() {
        assertThat(IpKey.of("example.com")).isNull();
        assertThat(IpKey.of(null)).isNull();
        assertThatThrownBy(() -> IpKey.range("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpKey.range("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpKey.range("1.2.3.4/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
