package dev.kcaudit.audit.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslog (the Debian package, {@code apt-get install rsyslog rsyslog-openssl}) started by the test with a
 * TLS listener (imtcp, ossl driver, octet-counted framing) on a free port and a self-signed certificate for
 * localhost, writing {@code MSGID STRUCTURED-DATA MSG} lines to a file. Without rsyslog the test is skipped with a
 * message, or fails where AUDIT_REQUIRE_STREAM_RECEIVERS=true (CI).
 */
public final class Rsyslog implements AutoCloseable {

    private static final String RSYSLOGD = "/usr/sbin/rsyslogd";
    private final Path dir;
    private final int port;
    private Process process;

    public Rsyslog() throws Exception {
        boolean present = Files.isExecutable(Path.of(RSYSLOGD))
                && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so"));
        if (!present && "true".equals(System.getenv("AUDIT_REQUIRE_STREAM_RECEIVERS"))) {
            throw new IllegalStateException("rsyslog with its openssl driver is not installed and"
                    + " AUDIT_REQUIRE_STREAM_RECEIVERS=true: apt-get install rsyslog rsyslog-openssl");
        }
        if (!present) {
            System.out.println("[audit-it] rsyslog (rsyslog, rsyslog-openssl) not installed: the syslog stream test is"
                    + " SKIPPED");
        }
        assumeTrue(present, "rsyslog and rsyslog-openssl are not installed");
        dir = Files.createTempDirectory("audit-rsyslog");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LocalhostCertificate.writeTo(dir);
        Files.writeString(dir.resolve("rsyslog.conf"), """
                $MaxMessageSize 256k
                global(workDirectory="%1$s" DefaultNetstreamDriver="ossl"
                       DefaultNetstreamDriverCAFile="%1$s/cert.pem" DefaultNetstreamDriverCertFile="%1$s/cert.pem"
                       DefaultNetstreamDriverKeyFile="%1$s/key.pem")
                module(load="imtcp" StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
                input(type="imtcp" port="%2$d")
                template(name="line" type="string" string="%%msgid%% %%structured-data%% %%msg%%\\n")
                action(type="omfile" file="%1$s/out.log" template="line")
                """.formatted(dir, port));
        start();
    }

    public void start() throws Exception {
        process = new ProcessBuilder(RSYSLOGD, "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i",
                dir.resolve("rsyslog.pid").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.log").toFile()).start();
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > end || !process.isAlive()) {
                    throw new IllegalStateException("rsyslogd did not listen on " + port + ": "
                            + Files.readString(dir.resolve("rsyslogd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the rsyslogd this test started (its own process only). */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "tls://localhost:" + port;
    }

    public String caPem() throws IOException {
        return Files.readString(dir.resolve("cert.pem"));
    }

    /** The lines rsyslog wrote so far. */
    public List<String> lines() throws IOException {
        Path out = dir.resolve("out.log");
        return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : new ArrayList<>();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
