package dev.kcaudit.audit.capture;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import ua_parser.CachingParser;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * A request's {@code User-Agent}, bounded and parsed with uap-java (ua-parser's rules; Keycloak ships the library for
 * its account console's device activity, so nothing is added to the server). One parser per server: building it
 * compiles a few hundred rules; parses are cached, as most requests repeat a handful of agents.
 */
final class UserAgents {

    /** Longer agents are cut: a header is the caller's to choose, the row is not. */
    static final int MAX_LENGTH = 512;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");
    private static final Set<String> MOBILE_SYSTEMS = Set.of("android", "ios", "windows phone", "blackberry os",
            "kaios", "firefox os", "harmonyos");

    /** What the parser made of an agent. */
    record Parsed(String userAgent, String browser, String os, String device) {
    }

    private final Parser parser = new CachingParser(2000);

    /** Null for a missing or blank header. */
    Parsed parse(String header) {
        String agent = clean(header);
        if (agent == null) {
            return null;
        }
        Client c = parser.parse(agent);
        String browser = named(c.userAgent.family, c.userAgent.major);
        String os = named(c.os.family, c.os.major);
        return new Parsed(agent, browser, os, device(c, agent));
    }

    /** Control characters (a CR LF smuggled into a log line) become one space; the rest is cut to size. */
    static String clean(String header) {
        if (header == null) {
            return null;
        }
        String agent = CONTROL.matcher(header).replaceAll(" ").strip();
        if (agent.isEmpty()) {
            return null;
        }
        return agent.length() <= MAX_LENGTH ? agent : agent.substring(0, MAX_LENGTH);
    }

    /**
     * ua-parser names devices (an iPhone, a Pixel 8, "Spider"), not their kind: a spider is a bot, a phone or tablet
     * system is mobile unless the device or an Android agent without "Mobile" says tablet, a known browser on any
     * other system is a desktop, and the rest (scripts, HTTP libraries) is other.
     */
    private static String device(Client c, String agent) {
        String device = c.device.family == null ? "" : c.device.family.toLowerCase(Locale.ROOT);
        String os = c.os.family == null ? "" : c.os.family.toLowerCase(Locale.ROOT);
        if (device.equals("spider")) {
            return "bot";
        }
        if (device.contains("ipad") || device.contains("tablet") || device.contains("kindle")
                || (os.equals("android") && !agent.contains("Mobile"))) {
            return "tablet";
        }
        if (MOBILE_SYSTEMS.contains(os) || device.contains("iphone")) {
            return "mobile";
        }
        if (!os.equals("other") && !os.isEmpty() && !"Other".equals(c.userAgent.family)) {
            return "desktop";
        }
        return "other";
    }

    private static String named(String family, String major) {
        if (family == null || family.equals("Other")) {
            return null;
        }
        return major == null || major.isEmpty() ? family : family + " " + major;
    }
}
