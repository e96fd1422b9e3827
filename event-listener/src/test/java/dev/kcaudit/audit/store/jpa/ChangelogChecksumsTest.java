package dev.kcaudit.audit.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * Keycloak refuses to start when a changeset it has run has a different checksum now, unless the changeset names the
 * old one as valid. Every changeset that shipped is recorded with its checksum in {@code changelog-checksums.txt}, as
 * Keycloak's Liquibase (the same version) computes it and stores it in {@code DATABASECHANGELOG_AUDIT_LOG_}.
 */
class ChangelogChecksumsTest {

    private static final String MASTER = "META-INF/audit-changelog-master.xml";

    @Test
    void everyShippedChangesetStillAcceptsTheChecksumDatabasesHold() throws Exception {
        Map<String, String> shipped = shipped();
        Map<String, ChangeSet> now = changesets();
        assertThat(now.keySet()).as("every changeset is recorded in changelog-checksums.txt (new ones too: add"
                + " each with its checksum below)").containsExactlyInAnyOrderElementsOf(shipped.keySet());
        shipped.forEach((id, checksum) -> {
            ChangeSet changeSet = now.get(id);
            String current = changeSet.generateCheckSum(liquibase.ChecksumVersion.latest()).toString();
            boolean stillValid = current.equals(checksum)
                    || changeSet.getValidCheckSums().stream().map(CheckSum::toString).anyMatch(checksum::equals);
            assertThat(stillValid).as("%s ran with checksum %s and now has %s: keep the old one as a"
                    + " <validCheckSum>, or databases that ran it cannot start", id, checksum, current).isTrue();
        });
    }

    /** The changesets of the master changelog by file and id, in order. */
    private static Map<String, ChangeSet> changesets() throws Exception {
        ResourceAccessor resources = new ClassLoaderResourceAccessor(ChangelogChecksumsTest.class.getClassLoader());
        DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(MASTER, resources)
                .parse(MASTER, new ChangeLogParameters(), resources);
        Map<String, ChangeSet> byId = new LinkedHashMap<>();
        for (ChangeSet changeSet : log.getChangeSets()) {
            byId.put(changeSet.getFilePath() + "::" + changeSet.getId(), changeSet);
        }
        return byId;
    }

    /** file::id → checksum, one per line. */
    private static Map<String, String> shipped() throws IOException {
        Map<String, String> shipped = new LinkedHashMap<>();
        try (InputStream in = ChangelogChecksumsTest.class.getResourceAsStream("changelog-checksums.txt")) {
            assertThat(in).as("changelog-checksums.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.trim().split("\\s+");
                    shipped.put(parts[0], parts[1]);
                }
            }
        }
        return shipped;
    }
}
