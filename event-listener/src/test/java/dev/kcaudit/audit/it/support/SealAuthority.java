package dev.kcaudit.audit.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * What the test server's seals need from outside Keycloak: a PKCS#12 keystore holding the seal key (EC P-256, so
 * seals are ES256 and plainly not a realm key), and a real RFC 3161 time-stamp authority on
 * {@code 127.0.0.1} (a free port) built on Bouncy Castle's TSP generator, with its certificate as PEM, all in a
 * directory of this JVM's own. Started once per test JVM, before the server is configured.
 */
public final class SealAuthority {

    public static final String PASSWORD = "seal-keystore-pw";
    private static final Path DIR = directory();
    public static final Path KEYSTORE = DIR.resolve("seal-key.p12");
    public static final Path TSA_CERTIFICATE = DIR.resolve("tsa.pem");
    private static HttpServer server;
    /** The authority answers 503 while this is set: a TSA outage. */
    public static volatile boolean down;

    private SealAuthority() {
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            KeyPair sealKey = generator("EC").generateKeyPair();
            X509Certificate sealCert = certificate("CN=Audit seal key (test)", sealKey, false);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("seal", sealKey.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {sealCert});
            try (OutputStream out = Files.newOutputStream(KEYSTORE)) {
                store.store(out, PASSWORD.toCharArray());
            }
            KeyPair tsaKey = generator("RSA").generateKeyPair();
            X509Certificate tsaCert = certificate("CN=Audit test TSA", tsaKey, true);
            Files.writeString(TSA_CERTIFICATE, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(tsaCert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/tsa", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                byte[] reply;
                int status = 200;
                try {
                    reply = down ? new byte[0] : respond(body, tsaKey.getPrivate(), tsaCert);
                    status = down ? 503 : 200;
                } catch (Exception e) {
                    reply = e.toString().getBytes(StandardCharsets.UTF_8);
                    status = 400;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            });
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not set up the seal keystore and time-stamp authority", e);
        }
    }

    public static String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";
    }

    private static Path directory() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "seal-authority");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(1);

    private static byte[] respond(byte[] query, PrivateKey key, X509Certificate cert) throws Exception {
        TimeStampRequest request = new TimeStampRequest(query);
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", key, cert),
                new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1)),
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
        tokens.addCertificates(new JcaCertStore(List.of(cert)));
        return new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED)
                .generate(request, BigInteger.valueOf(SERIAL.getAndIncrement()), new Date()).getEncoded();
    }

    private static KeyPairGenerator generator(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if ("EC".equals(algorithm)) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator;
    }

    private static X509Certificate certificate(String dn, KeyPair keys, boolean timeStamping) throws Exception {
        long now = System.currentTimeMillis();
        X500Name name = new X500Name(dn);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now),
                new Date(now - 86_400_000L), new Date(now + 365L * 86_400_000L), name, keys.getPublic());
        if (timeStamping) {
            builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        }
        String algorithm = "EC".equals(keys.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
    }

    /** The seal key's public half as the server's verify/seals names it: keystore:<16 hex of SHA-256>. */
    public static String keyId() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(KEYSTORE)) {
            store.load(in, PASSWORD.toCharArray());
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(store.getCertificate("seal").getPublicKey().getEncoded());
        return "keystore:" + java.util.HexFormat.of().formatHex(digest).substring(0, 16);
    }
}
