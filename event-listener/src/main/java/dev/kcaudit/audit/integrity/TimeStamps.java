package dev.kcaudit.audit.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.jboss.logging.Logger;

/**
 * RFC 3161 time stamps over seal hashes (Bouncy Castle, which Keycloak ships). A token proves, by a party outside
 * Keycloak and its database, that the seal existed at the authority's time: a seal cannot be back-dated, and a
 * stale newest seal cannot be passed off as fresh. The request asks for the authority's certificate, and a token
 * is trusted only when that certificate is the configured one or is signed by it. HTTPS trusts what Keycloak's
 * {@code --truststore-paths} names (Keycloak makes it the JVM's default trust).
 */
public final class TimeStamps {

    private static final Logger LOG = Logger.getLogger(TimeStamps.class);
    private static final SecureRandom NONCES = new SecureRandom();

    /** What checking a token found: the authority's time, or why it does not vouch for the seal. */
    public record Check(Long time, String problem) {
    }

    private TimeStamps() {
    }

    /** A token for the seal hash, base64 DER; null when the authority could not be reached (sealed again later). */
    public static String stamp(String sealHash) {
        IntegrityConfig config = IntegrityConfig.current();
        if (!config.timeStamping()) {
            return null;
        }
        try {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            TimeStampRequest request = generator.generate(NISTObjectIdentifiers.id_sha256,
                    HexFormat.of().parseHex(sealHash), BigInteger.valueOf(NONCES.nextLong() & Long.MAX_VALUE));
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.tsaTimeoutMs()));
            HttpResponse<byte[]> reply = client.build().send(HttpRequest.newBuilder(URI.create(config.tsaUrl()))
                    .timeout(Duration.ofMillis(config.tsaTimeoutMs()))
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (reply.statusCode() != 200) {
                LOG.warnf("The time-stamp authority answered %d; the seal is stamped on a later round",
                        reply.statusCode());
                return null;
            }
            TimeStampResponse response = new TimeStampResponse(reply.body());
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                LOG.warnf("The time-stamp authority refused: %s", response.getStatusString());
                return null;
            }
            return Base64.getEncoder().encodeToString(response.getTimeStampToken().getEncoded());
        } catch (IOException | TSPException | RuntimeException e) {
            LOG.warnf("Could not time-stamp a seal (%s); the seal is stamped on a later round", e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the token is the configured authority's, over this seal hash; its time when it is. */
    public static Check check(String token, String sealHash) {
        try {
            TimeStampToken parsed = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(
                    Base64.getDecoder().decode(token)));
            if (!HexFormat.of().formatHex(parsed.getTimeStampInfo().getMessageImprintDigest()).equals(sealHash)) {
                return new Check(null, "The time stamp is over another seal hash");
            }
            X509Certificate signer = signerCertificate(parsed);
            X509Certificate trusted = trustedCertificate();
            if (signer == null || trusted == null || !issuedBy(signer, trusted)) {
                return new Check(null, "The time stamp is not signed by the configured time-stamp authority");
            }
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().build(signer);
            parsed.validate(verifier);
            return new Check(parsed.getTimeStampInfo().getGenTime().getTime(), null);
        } catch (Exception e) {
            return new Check(null, "The time stamp does not verify: " + e.getMessage());
        }
    }

    private static X509Certificate signerCertificate(TimeStampToken token) throws Exception {
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            return null;
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(matches.iterator().next().getEncoded()));
    }

    private static X509Certificate trustedCertificate() throws Exception {
        IntegrityConfig config = IntegrityConfig.current();
        if (config.tsaCertificate() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(config.tsaCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The signer is the configured certificate, or the configured certificate (a CA) signed it. */
    private static boolean issuedBy(X509Certificate signer, X509Certificate trusted) {
        if (signer.equals(trusted)) {
            return true;
        }
        try {
            signer.verify(trusted.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
