package dev.kcaudit.audit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a request came from and on what, worked out at write time (docs/events.md, "Where and on what"): the
 * request's {@code User-Agent} (bounded, control characters removed) parsed into browser, operating system and device
 * type, and the place a GeoIP database gives for the entry's IP address. Every part may be absent; stored and hashed
 * with the entry, so verify covers it.
 *
 * @param device         {@code desktop}, {@code mobile}, {@code tablet}, {@code bot} or {@code other}
 * @param country        ISO 3166-1 alpha-2 code, upper case
 * @param asn            autonomous system number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Origin(
        String userAgent,
        String browser,
        String os,
        String device,
        String country,
        String region,
        String city,
        Long asn,
        String asOrganization) {

    /** The device types, in the order facets and the console list them. */
    public static final java.util.List<String> DEVICES = java.util.List.of("desktop", "mobile", "tablet", "bot", "other");

    @JsonIgnore
    public boolean isEmpty() {
        return userAgent == null && browser == null && os == null && device == null && country == null
                && region == null && city == null && asn == null && asOrganization == null;
    }
}
