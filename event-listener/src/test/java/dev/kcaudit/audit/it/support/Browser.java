package dev.kcaudit.audit.it.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for Keycloak's server-rendered login pages: keeps cookies, follows redirects (but stops at
 * the app's redirect URI) and submits forms. Enough to drive a brokered login or an invitation link for real.
 */
public final class Browser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new Jar())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String stopAt;

    /** The page the browser ended on: its URL and HTML. */
    public record Page(URI url, int status, String html) {
        /** The value of a named form field (e.g. a hidden input). */
        public String field(String name) {
            Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(html);
            if (!m.find()) {
                m = Pattern.compile("value=\"([^\"]*)\"[^>]*name=\"" + Pattern.quote(name) + "\"").matcher(html);
                if (!m.find()) {
                    throw new AssertionError("No field " + name + " on " + url);
                }
            }
            return m.group(1);
        }

        /** The first link whose href contains the fragment. */
        public String link(String fragment) {
            Matcher m = Pattern.compile("href=\"([^\"]*" + Pattern.quote(fragment) + "[^\"]*)\"").matcher(html);
            if (!m.find()) {
                throw new AssertionError("No link with " + fragment + " on " + url);
            }
            return url.resolve(m.group(1).replace("&amp;", "&")).toString();
        }

        public String formAction() {
            Matcher m = FORM_ACTION.matcher(html);
            if (!m.find()) {
                throw new AssertionError("No form on " + url + ": " + html);
            }
            return m.group(1).replace("&amp;", "&");
        }
    }

    /** @param stopAt a URL prefix (the app's redirect URI) where redirects are no longer followed */
    public Browser(String stopAt) {
        this.stopAt = stopAt;
    }

    public Page get(String url) {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public Page submit(Page page, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI action = page.url().resolve(page.formAction());
        return follow(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Keycloak marks its cookies Secure even on http://localhost (browsers treat localhost as secure); Java's
     * CookieManager would drop them, so keep every cookie by name and path, and send those whose path matches.
     */
    private static final class Jar extends CookieHandler {
        private final Map<String, String> cookies = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            String path = uri.getPath();
            String header = cookies.entrySet().stream()
                    .filter(c -> path.startsWith(c.getKey().substring(c.getKey().indexOf('|') + 1)))
                    .map(c -> c.getKey().substring(0, c.getKey().indexOf('|')) + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    values.forEach(this::store);
                }
            });
        }

        private void store(String setCookie) {
            String[] parts = setCookie.split(";");
            String[] pair = parts[0].split("=", 2);
            String path = "/";
            boolean expired = false;
            for (String attribute : parts) {
                String a = attribute.trim().toLowerCase(java.util.Locale.ROOT);
                if (a.startsWith("path=")) {
                    path = attribute.trim().substring(5);
                } else if (a.equals("max-age=0") || a.startsWith("expires=thu, 01 jan 1970") || a.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            String key = pair[0].trim() + "|" + path;
            if (expired || pair.length < 2 || pair[1].isEmpty()) {
                cookies.remove(key);
            } else {
                cookies.put(key, pair[1]);
            }
        }
    }

    /**
     * Signs in on Keycloak's login page. Realms with organizations ask for the user name first and the password on
     * a second page; other realms ask for both at once.
     */
    public Page login(Page loginPage, String username, String password) {
        if (loginPage.html().contains("name=\"password\"")) {
            return submit(loginPage, Map.of("username", username, "password", password));
        }
        Page passwordPage = submit(loginPage, Map.of("username", username));
        return submit(passwordPage, Map.of("password", password));
    }

    private Page follow(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; hops < 20 && response.statusCode() / 100 == 3; hops++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(stopAt)) {
                    return new Page(next, response.statusCode(), "");
                }
                response = http.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Page(response.uri(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
