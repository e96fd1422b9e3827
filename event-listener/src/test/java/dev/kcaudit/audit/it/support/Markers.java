package dev.kcaudit.audit.it.support;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets a census planted, each under a label saying where it went. A planted marker is random; a secret that
 * Keycloak generated (a key, a token, a regenerated client secret) is recorded as it is. Each is searched by windows
 * of its text that only it contains, so a copy cut short (a PDF cell, the search column) is still found: a marker's
 * random start; a key's or token's middle and end, never the structure every key or JWT shares nor the public part a
 * certificate repeats.
 */
public final class Markers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int WINDOW = 16;

    private final Map<String, List<String>> planted = new LinkedHashMap<>();

    /** A fresh random value planted into the field named by the label. */
    public String fresh(String label) {
        StringBuilder marker = new StringBuilder("Mk");
        for (int i = 0; i < 22; i++) {
            marker.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        planted.put(label, List.of(marker.substring(0, 12)));
        return marker.toString();
    }

    /** A secret Keycloak generated, read back from its API or database. */
    public void real(String label, String secret) {
        if (secret == null || secret.length() < 20) {
            throw new AssertionError(label + ": no real secret to look for (" + secret + ")");
        }
        String random = secret.chars().filter(c -> c == '.').count() == 2
                ? secret.substring(secret.lastIndexOf('.') + 1) : secret;
        List<String> windows = new ArrayList<>();
        if (random.length() <= 2 * WINDOW) {
            windows.add(random);
        } else {
            // The middle and the end: in a private key, past the public modulus that certificates repeat.
            windows.add(random.substring(random.length() / 2, random.length() / 2 + WINDOW));
            windows.add(random.substring(random.length() - WINDOW - 4, random.length() - 4));
        }
        planted.put(label, windows);
    }

    /**
     * Every planted secret the text contains (whitespace ignored, as PDF text breaks lines): its label and the text
     * around it, so a failure says where the secret sat.
     */
    public List<String> foundIn(String text) {
        String flat = text.replaceAll("\\s+", "");
        List<String> found = new ArrayList<>();
        planted.forEach((label, windows) -> windows.stream().filter(flat::contains).findFirst().ifPresent(w -> {
            int at = flat.indexOf(w);
            found.add(label + " in …" + flat.substring(Math.max(0, at - 100), Math.min(flat.length(), at + 20)) + "…");
        }));
        return found;
    }

    public List<String> labels() {
        return List.copyOf(planted.keySet());
    }
}
