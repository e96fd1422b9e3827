package dev.kcaudit.audit.it.support;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Evaluates {@link RequiresKeycloak} against the running server's version. */
public class RequiresKeycloakCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        AnnotatedElement element = context.getElement().orElse(null);
        RequiresKeycloak required = element == null ? null : element.getAnnotation(RequiresKeycloak.class);
        if (required == null) {
            return ConditionEvaluationResult.enabled("no Keycloak feature required");
        }
        String missing = Arrays.stream(required.value()).filter(f -> !KeycloakVersion.has(f))
                .map(f -> f + " (Keycloak " + f.since() + "+)").collect(Collectors.joining(", "));
        return missing.isEmpty() ? ConditionEvaluationResult.enabled("Keycloak " + KeycloakVersion.VERSION + " has it")
                : ConditionEvaluationResult.disabled("Keycloak " + KeycloakVersion.VERSION + " lacks " + missing);
    }
}
