package dev.kcaudit.audit.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or class) of a Keycloak feature an older supported minor lacks: skipped there, with a message naming the
 * feature and the running version; run everywhere else. Only for what Keycloak lacks, never for our own gaps.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresKeycloakCondition.class)
public @interface RequiresKeycloak {

    KeycloakVersion.Feature[] value();
}
