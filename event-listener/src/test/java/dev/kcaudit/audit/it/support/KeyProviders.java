package dev.kcaudit.audit.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

/**
 * Creates and updates one key provider of every type Keycloak ships, and an LDAP user federation, with a secret in
 * each: planted where the admin supplies it (imported keys, keystore passwords, the LDAP bind credential), read back
 * from Keycloak's database where Keycloak generates it (generated keys and secrets, on PostgreSQL and MariaDB).
 */
public final class KeyProviders {

    public static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";
    /** Where the server looks for realm keystores ({@code spi-keys--java-keystore--keystores-path}). */
    public static final Path KEYSTORES = Path.of(System.getProperty("java.io.tmpdir"), "audit-it-keystores");
    public static final List<String> GENERATED = List.of("rsa-generated", "rsa-enc-generated", "hmac-generated",
            "aes-generated", "ecdsa-generated", "eddsa-generated", "ecdh-generated");

    private final RealmResource realm;
    private final String realmId;
    private final Markers markers;
    private final List<String> paths;

    public KeyProviders(RealmResource realm, String realmId, Markers markers, List<String> paths) {
        this.realm = realm;
        this.realmId = realmId;
        this.markers = markers;
        this.paths = paths;
    }

    /** Every key-provider type, each created and then updated as the console saves it. */
    public void plantAll() throws Exception {
        for (String type : GENERATED) {
            createAndUpdate(type, Map.of());
        }
        for (String type : List.of("rsa", "rsa-enc")) {
            String key = Base64.getEncoder().encodeToString(newKey(type).getEncoded());
            markers.real(type + " privateKey", key);
            createAndUpdate(type, Map.of("privateKey", key));
        }
        String storePassword = markers.fresh("java-keystore keystorePassword");
        String keyPassword = markers.fresh("java-keystore keyPassword");
        Path store = keystore(storePassword, keyPassword);
        createAndUpdate("java-keystore", Map.of("keystore", store.toString(), "keystorePassword", storePassword,
                "keyAlias", "census", "keyPassword", keyPassword));
    }

    /** An LDAP federation (disabled: no LDAP server runs here) created and updated with a bind credential each time. */
    public void plantLdap() {
        ComponentRepresentation ldap = component("census-ldap", "ldap", "org.keycloak.storage.UserStorageProvider",
                Map.ofEntries(Map.entry("enabled", "false"), Map.entry("vendor", "other"),
                        Map.entry("connectionUrl", "ldap://127.0.0.1:10389"), Map.entry("bindDn", "cn=census"),
                        Map.entry("bindCredential", markers.fresh("ldap bindCredential (create)")),
                        Map.entry("usersDn", "ou=people,dc=census,dc=test"), Map.entry("usernameLDAPAttribute", "uid"),
                        Map.entry("rdnLDAPAttribute", "uid"), Map.entry("uuidLDAPAttribute", "entryUUID"),
                        Map.entry("userObjectClasses", "inetOrgPerson"), Map.entry("editMode", "READ_ONLY")));
        String id = create(ldap);
        ComponentRepresentation stored = realm.components().component(id).toRepresentation();
        stored.getConfig().putSingle("bindCredential", markers.fresh("ldap bindCredential (update)"));
        realm.components().component(id).update(stored);
    }

    /** The realm's generated key material, read from Keycloak's own tables (remote databases only). */
    public void recordGeneratedSecrets() {
        List<List<Object>> rows = Sql.query("SELECT k.NAME, k.PROVIDER_ID, c.NAME, c.VALUE FROM COMPONENT_CONFIG c"
                + " JOIN COMPONENT k ON k.ID = c.COMPONENT_ID WHERE k.REALM_ID = ? AND k.PROVIDER_TYPE = ?",
                realmId, KEY_PROVIDER);
        int found = 0;
        for (List<Object> row : rows) {
            String name = (String) row.get(2);
            if (name.equals("secret") || name.toLowerCase(java.util.Locale.ROOT).endsWith("privatekey")) {
                markers.real(row.get(0) + " (" + row.get(1) + ") " + name, (String) row.get(3));
                found++;
            }
        }
        assertThat(found).as("generated key material of the realm").isGreaterThanOrEqualTo(GENERATED.size());
    }

    private void createAndUpdate(String type, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("priority", "10");
        String id = create(component("census-" + type, type, KEY_PROVIDER, all));
        // The console sends the stored representation back (secrets masked by Keycloak) with what was changed.
        ComponentRepresentation stored = realm.components().component(id).toRepresentation();
        stored.getConfig().putSingle("priority", "20");
        realm.components().component(id).update(stored);
    }

    private String create(ComponentRepresentation rep) {
        try (Response created = realm.components().add(rep)) {
            assertThat(created.getStatus()).as("create %s: %s", rep.getProviderId(),
                    created.hasEntity() ? created.readEntity(String.class) : "").isEqualTo(201);
            String id = Admin.createdId(created);
            paths.add("components/" + id);
            return id;
        }
    }

    private ComponentRepresentation component(String name, String providerId, String type, Map<String, String> config) {
        ComponentRepresentation rep = new ComponentRepresentation();
        rep.setName(name);
        rep.setProviderId(providerId);
        rep.setProviderType(type);
        rep.setParentId(realmId);
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        config.forEach(values::putSingle);
        rep.setConfig(values);
        return rep;
    }

    /** A JKS keystore (its key password may differ from the store's) under the realm's keystore directory. */
    private Path keystore(String storePassword, String keyPassword) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(KEYSTORES.resolve(CensusRealmConfig.REALM));
        Path file = dir.resolve("census.jks");
        Files.deleteIfExists(file);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "census", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=census",
                "-validity", "30", "-storetype", "JKS", "-keystore", file.toString(), "-storepass", storePassword,
                "-keypass", keyPassword).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool: %s", out).isZero();
        return file;
    }

    /** A fresh RSA key from a throw-away keystore, as an admin would import one. */
    private static PrivateKey newKey(String alias) throws IOException, InterruptedException, GeneralSecurityException {
        Path file = Files.createTempFile("census-key", ".p12");
        Files.delete(file);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + alias,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool: %s", out).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        Files.delete(file);
        return (PrivateKey) store.getKey(alias, "changeit".toCharArray());
    }
}
