package dev.kcaudit.audit.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A self-signed certificate for localhost and 127.0.0.1, valid two days, made by openssl in a directory as
 * {@code key.pem} and {@code cert.pem}: the TLS listeners of the test receivers (rsyslog, Kafka).
 */
public final class LocalhostCertificate {

    private LocalhostCertificate() {
    }

    public static void writeTo(Path dir) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl req: " + output);
        }
    }
}
