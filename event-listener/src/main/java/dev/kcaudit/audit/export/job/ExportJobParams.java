package dev.kcaudit.audit.export.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kcaudit.audit.store.ExportJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/** What a stored job asks for, as it was fixed when requested: its query parameters and the organizations it covers. */
public final class ExportJobParams {

    private ExportJobParams() {
    }

    public static Map<String, List<String>> params(ExportJob job) {
        try {
            return JsonSerialization.readValue(job.paramsJson(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The organizations the requester could read when asking; null for the whole realm. */
    public static Set<String> scope(ExportJob job) {
        if (job.scopeOrgs() == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(job.scopeOrgs(), new TypeReference<Set<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
