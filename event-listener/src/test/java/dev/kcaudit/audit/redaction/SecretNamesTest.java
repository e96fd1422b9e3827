package dev.kcaudit.audit.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretNamesTest {

    /** The definition normalise implements without a regular expression. */
    private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]");

    private static String byRegex(String name) {
        return NOT_ALNUM.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    @Test
    void namesNormaliseAsTheirSeparatorsAndCaseSay() {
        assertThat(SecretNames.normalise("client_secret")).isEqualTo("clientsecret");
        assertThat(SecretNames.normalise("clientSecret")).isEqualTo("clientsecret");
        assertThat(SecretNames.normalise("saml.signing.private.key")).isEqualTo("samlsigningprivatekey");
        assertThat(SecretNames.normalise("Pass-Wört 2")).isEqualTo("passwört2");
        String normal = "clientsecret";
        assertThat(SecretNames.normalise(normal)).as("already normal: not copied").isSameAs(normal);
        assertThat(SecretNames.normalise(null)).isEmpty();
        assertThat(SecretNames.normalise("._-")).isEmpty();
    }

    @Test
    void everyCodePointIsKeptOrDroppedAsTheRegularExpressionDoes() {
        List<String> differ = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
                continue;
            }
            String name = "a" + new String(Character.toChars(c)) + "B_";
            if (!SecretNames.normalise(name).equals(byRegex(name))) {
                differ.add(Integer.toHexString(c));
            }
        }
        assertThat(differ).isEmpty();
    }

    @Test
    void casesThatChangeLengthWhenFoldedAgreeToo() {
        for (String name : List.of("İstanbul_Key", "ǅungla.SECRET", "Ⅻ-token", "x²_pwd", "\uD835\uDC00pass", "ß.ẞ")) {
            assertThat(SecretNames.normalise(name)).as(name).isEqualTo(byRegex(name));
        }
    }
}
