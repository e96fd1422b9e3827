package dev.kcaudit.audit.stream.send;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One HTTP POST and its answer as a {@link Result}: 2xx is success, Retry-After (seconds) is honoured. */
final class HttpSend {

    private HttpSend() {
    }

    static Result post(HttpClient client, URI uri, Map<String, String> headers, byte[] body, long timeoutMs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Result.success(status);
            }
            String text = response.body() == null ? "" : response.body().strip();
            return Result.failure(status, "HTTP " + status + (text.isEmpty() ? "" : ": "
                    + text.substring(0, Math.min(200, text.length()))), retryAfter(response.headers().firstValue("Retry-After")));
        } catch (HttpTimeoutException e) {
            return Result.failure(null, "timed out after " + timeoutMs + " ms", null);
        } catch (IOException e) {
            return Result.failure(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failure(null, "interrupted", null);
        }
    }

    static Long retryAfter(Optional<String> header) {
        try {
            return header.map(String::strip).map(Long::parseLong).filter(s -> s >= 0).map(s -> s * 1000).orElse(null);
        } catch (NumberFormatException e) {
            return null; // an HTTP date: ignored, the backoff decides
        }
    }
}
