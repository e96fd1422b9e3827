package dev.kcaudit.resilience.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for stream deliveries (JDK {@code HttpServer}): it keeps every entry id in arrival order,
 * counts how many deliveries it handles at once, and can hold the next batch open so a test can kill the node
 * sending it. A batch counts as received when its body has been read (the receiver accepted it), before the answer.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> ids = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger armed = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile List<String> heldIds = List.of();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/audit";
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            JsonNode body = Api.JSON.readTree(exchange.getRequestBody());
            List<String> batch = new ArrayList<>();
            body.path("entries").forEach(e -> batch.add(e.path("id").asText()));
            synchronized (ids) {
                ids.addAll(batch);
            }
            if (!batch.isEmpty() && armed.compareAndSet(1, 0)) {
                heldIds = batch;
                held.countDown();
                gate.await(60, TimeUnit.SECONDS);
            }
            exchange.sendResponseHeaders(204, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the sender died while its batch was held: nobody is left to answer
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The next non-empty batch is held open (read, not answered) until {@link #release()}. */
    public void holdNext() {
        gate = new CountDownLatch(1);
        held = new CountDownLatch(1);
        armed.set(1);
    }

    /** Waits until a batch is held; false after the timeout. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        armed.set(0);
        gate.countDown();
    }

    /** The ids of the batch that was held. */
    public List<String> heldIds() {
        return heldIds;
    }

    /** Every entry id received, in arrival order, duplicates included. */
    public List<String> ids() {
        synchronized (ids) {
            return List.copyOf(ids);
        }
    }

    /** The most deliveries this receiver handled at the same time. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
