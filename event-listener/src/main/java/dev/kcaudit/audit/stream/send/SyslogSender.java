package dev.kcaudit.audit.stream.send;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.keycloak.util.JsonSerialization;

/**
 * Syslog over TCP (RFC 6587 octet counting), normally in TLS with host name verification: one connection per
 * batch, every frame written and flushed, then closed. TCP syslog has no acknowledgement: a batch counts as delivered
 * once written and the connection closed cleanly (docs/streams.md says what this means for duplicates and loss).
 */
public final class SyslogSender implements Sender {

    private final URI uri;
    private final SSLContext tls;
    private final String hostname;
    private final int timeoutMs;

    /** {@code tls} null: plain TCP ({@code tcp://}). */
    public SyslogSender(URI uri, SSLContext tls, String hostname, long timeoutMs) {
        this.uri = uri;
        this.tls = tls;
        this.hostname = hostname;
        this.timeoutMs = (int) timeoutMs;
    }

    @Override
    public Result send(Batch batch) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (Batch.Item item : batch.items()) {
                String body = item.rendered() instanceof String s ? s
                        : new String(JsonSerialization.writeValueAsBytes(item.rendered()), StandardCharsets.UTF_8);
                out.write(SyslogFrames.frame(item, batch.realm(), hostname, body));
            }
            out.flush();
            return Result.success(0);
        } catch (SocketTimeoutException e) {
            return Result.failure(null, "timed out after " + timeoutMs + " ms", null);
        } catch (UnknownHostException e) {
            return Result.failure(null, "unknown host " + uri.getHost(), null);
        } catch (IOException e) {
            return Result.failure(null, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()), null);
        }
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMs);
        plain.setSoTimeout(timeoutMs);
        if (tls == null) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }
}
