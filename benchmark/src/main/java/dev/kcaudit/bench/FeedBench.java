package dev.kcaudit.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Feed drain: how fast a poller at limit=1000 reads everything from the start of the data. */
final class FeedBench {

    private final Api api;

    FeedBench(Api api) {
        this.api = api;
    }

    Map<String, Object> drain(long entries) throws Exception {
        long start = System.nanoTime();
        String path = "/admin/realms/demo/audit-log/feed?limit=1000&since=2000-01-01";
        long received = 0;
        int pages = 0;
        while (true) {
            var response = api.get(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("feed answered " + response.statusCode() + ": " + response.body());
            }
            String body = response.body();
            int n = count(body, "\"actionLabel\"");
            received += n;
            pages++;
            if (n < 1000) {
                break;
            }
            path = "/admin/realms/demo/audit-log/feed?limit=1000&after=" + Api.field(body, "next");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("entries", received);
        r.put("pages", pages);
        r.put("seconds", Math.round(seconds * 10) / 10.0);
        r.put("entriesPerSecond", Math.round(received / seconds));
        System.out.printf("Feed drain: %,d entries in %.1f s = %,.0f entries/s%n", received, seconds, received / seconds);
        return r;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
