package dev.kcaudit.audit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserAgentsTest {

    private static final UserAgents AGENTS = new UserAgents();

    @Test
    void browsersAreNamedWithTheirSystemAndKindOfDevice() {
        assertThat(AGENTS.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36"))
                .isEqualTo(new UserAgents.Parsed("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
                        + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome 120", "Windows 10", "desktop"));
        UserAgents.Parsed iphone = AGENTS.parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)"
                + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        assertThat(iphone.browser()).isEqualTo("Mobile Safari 17");
        assertThat(iphone.os()).isEqualTo("iOS 17");
        assertThat(iphone.device()).isEqualTo("mobile");
        assertThat(AGENTS.parse("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1").device()).isEqualTo("tablet");
        assertThat(AGENTS.parse("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.6099.144 Mobile Safari/537.36").device()).isEqualTo("mobile");
        assertThat(AGENTS.parse("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36").device()).isEqualTo("tablet");
        assertThat(AGENTS.parse("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101"
                + " Firefox/121.0")).satisfies(p -> {
                    assertThat(p.browser()).isEqualTo("Firefox 121");
                    assertThat(p.os()).isEqualTo("Mac OS X 10");
                    assertThat(p.device()).isEqualTo("desktop");
                });
    }

    @Test
    void crawlersAreBotsAndScriptsAreOther() {
        assertThat(AGENTS.parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").device())
                .isEqualTo("bot");
        UserAgents.Parsed curl = AGENTS.parse("curl/8.5.0");
        assertThat(curl.device()).isEqualTo("other");
        assertThat(curl.browser()).isEqualTo("curl 8");
        assertThat(curl.os()).isNull();
        assertThat(AGENTS.parse("Java-http-client/17.0.15").device()).isEqualTo("other");
        // An Android app's HTTP client says no "Mobile", and is no tablet for that.
        assertThat(AGENTS.parse("Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240805.005)").device())
                .isEqualTo("mobile");
    }

    @Test
    void newAgentsBeyondTheBudgetOfASecondAreKeptUnparsedAndKnownOnesStayParsed() {
        long[] now = {10_000};
        UserAgents agents = new UserAgents(() -> now[0], 2);
        String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
        assertThat(agents.parse(firefox).browser()).isEqualTo("Firefox 121");
        assertThat(agents.parse("curl/8.5.0").browser()).isEqualTo("curl 8");
        // The third new agent in this second: kept as sent, not parsed.
        UserAgents.Parsed flood = agents.parse("Wget/1.21.4");
        assertThat(flood).isEqualTo(new UserAgents.Parsed("Wget/1.21.4", null, null, null));
        // Known agents cost nothing and stay parsed.
        assertThat(agents.parse(firefox).device()).isEqualTo("desktop");
        // The next second has a new budget.
        now[0] += 1_000;
        assertThat(agents.parse("Wget/1.21.4").browser()).isEqualTo("Wget 1");
    }

    @Test
    void theHeaderIsBoundedAndFreeOfControlCharacters() {
        assertThat(AGENTS.parse(null)).isNull();
        assertThat(AGENTS.parse("  \t ")).isNull();
        assertThat(AGENTS.parse("evil\r\nX-Injected: 1").userAgent()).isEqualTo("evil X-Injected: 1");
        String huge = "Mozilla/5.0 " + "x".repeat(10_000);
        assertThat(AGENTS.parse(huge).userAgent()).hasSize(UserAgents.MAX_LENGTH).startsWith("Mozilla/5.0 x");
    }
}
