package dev.kcaudit.audit.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Pure: IP addresses as fixed-width keys (32 hex digits, IPv4 mapped into IPv6), so an exact address is one key
 * and a CIDR block is one key range, both served by one index.
 */
public final class IpKey {

    /** An inclusive range of keys. */
    public record Range(String low, String high) {
        /** One address rather than a block: its key is one value, so its entries come out of the index in time order. */
        public boolean oneAddress() {
            return low.equals(high);
        }
    }

    /** Literals only: InetAddress would otherwise resolve a name over DNS. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private static final HexFormat HEX = HexFormat.of();

    private IpKey() {
    }

    /** The key of an address, or null when it is not an IP literal (nothing is resolved over DNS). */
    public static String of(String address) {
        // Called for every entry written: 16 bytes straight to 32 hex digits, no BigInteger.
        byte[] bytes = bytes(address);
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    /** The key range of {@code a.b.c.d}, {@code a.b.c.d/n}, {@code v6} or {@code v6/n}; throws on anything else. */
    public static Range range(String spec) {
        String[] parts = spec.trim().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not an IP address or CIDR block");
        }
        byte[] bytes = bytes(parts[0]);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block");
        }
        boolean v4 = parts[0].contains(".") && !parts[0].contains(":");
        int max = v4 ? 32 : 128;
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the prefix length must be a number");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("the prefix length must be from 0 to " + max);
        }
        BigInteger value = new BigInteger(1, bytes);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(max - prefix).subtract(BigInteger.ONE);
        BigInteger low = value.andNot(hostMask);
        BigInteger high = low.or(hostMask);
        return new Range(hex(low), hex(high));
    }

    /** The address of an IP literal, or null for anything else (nothing is resolved over DNS). */
    public static InetAddress address(String address) {
        if (address == null || address.length() > 45
                || !IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] bytes(String address) {
        InetAddress parsed = address(address);
        if (parsed == null) {
            return null;
        }
        byte[] raw = parsed.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static String hex(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(32 - hex.length()) + hex;
    }
}
