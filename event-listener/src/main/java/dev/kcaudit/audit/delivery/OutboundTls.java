package dev.kcaudit.audit.delivery;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/**
 * The HTTP client every stream sends with. TLS trusts what Keycloak's truststore names ({@code --truststore-paths},
 * through its {@link TruststoreProvider}); without one configured, the JVM's default trust. Hostnames are verified.
 */
final class OutboundTls {

    private OutboundTls() {
    }

    static HttpClient client(KeycloakSession session, long connectTimeoutMs) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(context(session)).build();
    }

    /** A context trusting only the given PEM CA certificate(s) (a syslog stream's caCertificate). */
    static SSLContext trusting(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate cert : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the stream's caCertificate is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of Keycloak's truststore as PEM, for clients that take trust material as configuration
     * (Kafka); null when no truststore is configured (the client then uses the JVM's default trust, as above).
     */
    static String trustedPem(KeycloakSession session) {
        try {
            TruststoreProvider provider = session.getProvider(TruststoreProvider.class);
            KeyStore store = provider == null ? null : provider.getTruststore();
            if (store == null) {
                return null;
            }
            StringBuilder pem = new StringBuilder();
            java.util.Base64.Encoder base64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'});
            for (String alias : java.util.Collections.list(store.aliases())) {
                java.security.cert.Certificate cert = store.getCertificate(alias);
                if (cert != null) {
                    pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(cert.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
            return pem.isEmpty() ? null : pem.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("outbound TLS for log streams: " + e.getMessage(), e);
        }
    }

    static SSLContext context(KeycloakSession session) {
        try {
            TruststoreProvider provider = session.getProvider(TruststoreProvider.class);
            KeyStore store = provider == null ? null : provider.getTruststore();
            if (store == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("outbound TLS for log streams: " + e.getMessage(), e);
        }
    }
}
