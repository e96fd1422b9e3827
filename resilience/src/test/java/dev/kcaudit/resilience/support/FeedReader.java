package dev.kcaudit.resilience.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SIEM poller over the feed: follows {@code next} from the start of the log, asking the given nodes in turn (a
 * cursor one node issued is continued on the other), and keeps every entry it receives, repeats included, so a
 * test can check "exactly once" itself.
 */
public final class FeedReader {

    /** Before any entry the tests write, also the back-dated ones. */
    private static final String SINCE = "2000-01-01T00:00:00Z";

    private final List<Api> nodes;
    private final String realm;
    private final List<JsonNode> received = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private String cursor;
    private int requests;
    private long slowestMs;
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread background;

    public FeedReader(List<Api> nodes, String realm) {
        this.nodes = nodes;
        this.realm = realm;
    }

    /** One page; returns how many entries it held. */
    public synchronized int poll() {
        Api api = nodes.get(requests++ % nodes.size());
        String query = cursor == null ? "since=" + SINCE : "after=" + cursor;
        long start = System.currentTimeMillis();
        JsonNode page = api.auditGet(realm, "feed?limit=500&" + query);
        slowestMs = Math.max(slowestMs, System.currentTimeMillis() - start);
        page.path("entries").forEach(received::add);
        cursor = page.path("next").asText();
        return page.path("entries").size();
    }

    /** Polls until a page comes back empty. */
    public FeedReader drain() {
        while (poll() > 0) {
            // next page at once
        }
        return this;
    }

    /** Polls every 200 ms in the background, as a SIEM would, until {@link #stopBackground()}. */
    public FeedReader startBackground() {
        background = new Thread(() -> {
            while (!stop.get()) {
                try {
                    poll();
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e.getMessage()); // the cursor stays where it was; the test decides
                }
                KeycloakNode.sleep(200);
            }
        }, "feed-poller");
        background.start();
        return this;
    }

    public FeedReader stopBackground() throws InterruptedException {
        stop.set(true);
        background.join(30_000);
        return this;
    }

    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    public int requests() {
        return requests;
    }

    /** Background requests that failed. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The longest a feed request took, in milliseconds. */
    public long slowestMs() {
        return slowestMs;
    }
}
