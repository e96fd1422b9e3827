package dev.kcaudit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls the benchmark makes, with the master admin's token (or another user's, {@link #as}). */
final class Api {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String realm;
    private final String login;
    private String token;
    private long tokenTime;

    Api(String base) {
        this(base, "master", "admin-cli", "admin", "admin");
    }

    private Api(String base, String realm, String client, String username, String password) {
        this.base = base;
        this.realm = realm;
        this.login = "grant_type=password&client_id=" + q(client) + "&username=" + q(username) + "&password=" + q(password);
    }

    /** The same server, called as a user of a realm (password grant through a public client). */
    Api as(String userRealm, String client, String username, String password) {
        return new Api(base, userRealm, client, username, password);
    }

    String token() throws IOException, InterruptedException {
        // Master admin tokens live 60 s; a fresh one for anything that may run a while.
        if (token == null || System.currentTimeMillis() - tokenTime > 15_000) {
            URI uri = URI.create(base + "/realms/" + realm + "/protocol/openid-connect/token");
            String body = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(login)).build(), HttpResponse.BodyHandlers.ofString()).body();
            token = field(body, "access_token");
            tokenTime = System.currentTimeMillis();
        }
        return token;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) throws IOException, InterruptedException {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json.substring(0, Math.min(300, json.length())));
        }
        return m.group(1);
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
