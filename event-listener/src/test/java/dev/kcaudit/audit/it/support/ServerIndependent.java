package dev.kcaudit.audit.it.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that start no Keycloak and use no database (our Kafka client against a real broker): they run
 * once, in the H2 run against the Keycloak we build against, rather than again in every database's and every older
 * Keycloak's run, where nothing they test differs.
 */
public class ServerIndependent implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult h2 = new DatabaseIndependent().evaluateExecutionCondition(context);
        if (h2.isDisabled()) {
            return h2;
        }
        if ("older-distribution".equals(System.getProperty("kc.test.server"))) {
            return ConditionEvaluationResult.disabled("needs no Keycloak: runs against the version we build against");
        }
        return ConditionEvaluationResult.enabled("the H2 run against the Keycloak we build against");
    }
}
