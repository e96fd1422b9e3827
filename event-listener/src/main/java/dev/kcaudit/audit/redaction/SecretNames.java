package dev.kcaudit.audit.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: the vocabulary of secret names. A name is compared in its normalised form (case-folded, every character
 * that is not a letter or digit removed), so {@code client_secret}, {@code clientSecret}, {@code client.secret} and
 * {@code saml.signing.private.key} are seen for what they are.
 *
 * <ul>
 *   <li><b>Keycloak's secret-bearing names</b> and the names of every provider config property Keycloak marks secret
 *       ({@link ProviderSecrets}) are always secret.</li>
 *   <li><b>Secret fragments</b>: a name containing one is secret, except a short allow-list of Keycloak names that
 *       describe a secret without holding one ({@code credential_type}, {@code passwordPolicy}) and booleans (one bit
 *       is no secret: {@code resetPasswordAllowed}, also {@code "true"} as text in config maps). {@code passwordless}
 *       is a login style, not a password.</li>
 *   <li><b>Token words</b>: {@code token} anywhere in a name, or one of a few exact words ({@code code}…), is a
 *       bearer credential unless the name ends in a qualifier that describes a token rather than holding one (its
 *       id, type, algorithm, endpoint, scope), or the value has a shape no token has: a boolean or a number, also as
 *       text of at most ten digits. So {@code registrationAccessToken} and {@code access_token} go, while the
 *       settings an auditor must see stay: {@code accessTokenLifespan: 300}, {@code use.refresh.tokens: "true"},
 *       {@code access.token.signed.response.alg: "RS256"}, {@code token_id}.</li>
 * </ul>
 * Bump {@link #VERSION} with every change here: stored entries are scrubbed again with the new vocabulary.
 */
public final class SecretNames {

    /** The vocabulary's version; the scrub re-reads stored entries when it grows. */
    public static final int VERSION = 1;

    /** Where Keycloak itself keeps secret material (docs/security.md): secret whatever the value or allow-list. */
    static final Set<String> KEYCLOAK = Set.of("registrationaccesstoken", "secret", "clientsecret",
            "clientsecretrotated", "samlsigningprivatekey", "samlencryptionprivatekey", "privatekey",
            "ecdsaprivatekey", "eddsaprivatekey", "ecdhprivatekey", "keystorepassword", "keypassword",
            "bindcredential", "password", "authtokenclientsecret", "secretdata", "credentialdata", "credentials");

    static final List<String> FRAGMENTS = List.of("password", "passwd", "passphrase", "pwd", "secret", "credential",
            "privatekey", "salt", "apikey");

    /** Exact names that hold a one-time or bearer credential although they contain no fragment. */
    static final Set<String> HARD_WORDS = Set.of("otp", "totp", "authorization");

    /** Exact token-like words: secret unless the value has a shape no credential has. */
    static final Set<String> TOKEN_WORDS = Set.of("code", "clientassertion", "assertion", "samlresponse", "jwt");

    /** Names that contain a fragment or token word but name a kind, an id or a policy (Keycloak's own names). */
    static final Set<String> ALLOWED = Set.of("credentialtype", "credentialid", "selectedcredentialid",
            "credentialuserlabel", "passwordpolicy", "requiredcredentials", "disableablecredentialtypes",
            "tokenissuedfor", "refreshtokensub", "tokenexchangerevokedclients", "verifiablecredentialformat",
            "verifiablecredentialtargetclientid", "verifiablecredentialtargetuserid",
            "verifiablecredentialpreauthorized");

    /** Endings that make a token name describe the token instead of holding it. */
    static final List<String> TOKEN_QUALIFIERS = List.of("id", "ids", "type", "types", "alg", "enc", "url", "uri",
            "scope");

    private static final Pattern SHORT_NUMBER = Pattern.compile("-?\\d{1,10}");

    private SecretNames() {
    }

    /**
     * Case-folded, separators removed (every code point that is not a letter or a number, as {@code [^\p{L}\p{N}]}
     * matches): the form every comparison uses. Redaction normalises every field name of every entry twice (at capture
     * and before the insert), so this is a loop that allocates nothing for a name already in this form rather than a
     * regular expression: it was 3 % of the server's CPU under admin writes.
     */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder kept = null;
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            if (!letterOrNumber(c)) {
                if (kept == null) {
                    kept = new StringBuilder(lower.length()).append(lower, 0, i);
                }
            } else if (kept != null) {
                kept.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return kept == null ? lower : kept.toString();
    }

    /** {@code \p{L}} or {@code \p{N}}: the letter and number categories. */
    private static boolean letterOrNumber(int c) {
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * Whether a field with this normalised name and value must not be stored. {@code value} may be null when only
     * the name is known; then a token name counts as secret.
     */
    static boolean secret(String n, JsonNode value, Set<String> alwaysSecret) {
        if (n.isEmpty()) {
            return false;
        }
        if (KEYCLOAK.contains(n) || alwaysSecret.contains(n)) {
            return true;
        }
        if (ALLOWED.contains(n)) {
            return false;
        }
        String words = n.replace("passwordless", "");
        if (HARD_WORDS.contains(n) || FRAGMENTS.stream().anyMatch(words::contains)) {
            return !booleanLike(value);
        }
        if (n.contains("token") || TOKEN_WORDS.contains(n)) {
            boolean describes = !n.endsWith("token") && TOKEN_QUALIFIERS.stream().anyMatch(n::endsWith);
            return !describes && !harmlessShape(value);
        }
        return false;
    }

    /** A boolean, also as text or a list of them (config maps hold text): one bit is no secret. */
    static boolean booleanLike(JsonNode value) {
        return every(value, v -> v.isBoolean() || v.isTextual() && (v.asText().equals("true")
                || v.asText().equals("false")));
    }

    /** A boolean or a number, also as text of at most ten digits or a list of them: too little for a credential. */
    static boolean harmlessShape(JsonNode value) {
        return every(value, v -> v.isBoolean() || v.isNumber() || v.isTextual() && (v.asText().equals("true")
                || v.asText().equals("false") || SHORT_NUMBER.matcher(v.asText()).matches()));
    }

    /** The value, or every item of a non-empty list of values, passes the test; unknown and null values do not. */
    private static boolean every(JsonNode value, java.util.function.Predicate<JsonNode> test) {
        if (value == null || value.isNull() || value.isArray() && value.isEmpty()) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!test.test(item)) {
                    return false;
                }
            }
            return true;
        }
        return test.test(value);
    }
}
