package dev.kcaudit.audit.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A team an entry concerns: a top-level group of its organization (Keycloak 26.6 and later), named as it was when the
 * entry was written.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TeamRef(String id, String name) {
}
