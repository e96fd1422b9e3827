package dev.kcaudit.audit.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * A request's {@code User-Agent}, bounded and parsed with uap-java (ua-parser's rules; Keycloak ships the library for
 * its account console's device activity, so nothing is added to the server). One parser per server: building it
 * compiles a few hundred rules; parses are cached, as most requests repeat a handful of agents.
 * <p>
 * An agent the cache does not hold costs hundreds of times a cached one (the rules are tried one by one), so a
 * caller sending a new agent with every request could make capture the expensive part of Keycloak's work. Each node parses
 * at most {@link #NEW_AGENTS_PER_SECOND} new agents a second; past that an entry keeps the agent as sent, unparsed.
 */
final class UserAgents {

    static final int NEW_AGENTS_PER_SECOND = 200;

    /** Longer agents are cut: a header is the caller's to choose, the row is not. */
    static final int MAX_LENGTH = 512;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");
    private static final Set<String> MOBILE_SYSTEMS = Set.of("android", "ios", "windows phone", "blackberry os",
            "kaios", "firefox os", "harmonyos");

    /** What the parser made of an agent. */
    record Parsed(String userAgent, String browser, String os, String device) {
    }

    private static final int CACHE_SIZE = 2000;

    private final Parser parser = new Parser();
    private final Map<String, Parsed> cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHE_SIZE; // least recently used
        }
    });
    private final LongSupplier clock;
    private final int newPerSecond;
    private long second;
    private int parsedThisSecond;

    UserAgents() {
        this(System::currentTimeMillis, NEW_AGENTS_PER_SECOND);
    }

    /** {@code clock} in milliseconds; {@code newPerSecond}: agents not in the cache parsed per second at most. */
    UserAgents(LongSupplier clock, int newPerSecond) {
        this.clock = clock;
        this.newPerSecond = newPerSecond;
    }

    /** Null for a missing or blank header. */
    Parsed parse(String header) {
        String agent = clean(header);
        if (agent == null) {
            return null;
        }
        Parsed known = cache.get(agent);
        if (known != null) {
            return known;
        }
        if (!mayParse()) {
            return new Parsed(agent, null, null, null);
        }
        Client c = parser.parse(agent);
        Parsed parsed = new Parsed(agent, named(c.userAgent.family, c.userAgent.major),
                named(c.os.family, c.os.major), device(c, agent));
        cache.put(agent, parsed);
        return parsed;
    }

    /** Whether this second's budget of new agents has room (one counter per node). */
    private synchronized boolean mayParse() {
        long now = clock.getAsLong() / 1000;
        if (now != second) {
            second = now;
            parsedThisSecond = 0;
        }
        return parsedThisSecond++ < newPerSecond;
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
        // Android browsers say "Mobile" on phones; apps (Dalvik, okhttp) say nothing, and are mostly phones.
        if (device.contains("ipad") || device.contains("tablet") || device.contains("kindle")
                || (os.equals("android") && agent.startsWith("Mozilla/") && !agent.contains("Mobile"))) {
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
