package dev.kcaudit.audit.it.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose subject does not depend on the database, such as a log stream's wire protocol to a real
 * receiver: they run in the H2 runs only, which keeps CI's PostgreSQL and MariaDB runs to what those databases can
 * change. The database's part of a stream (its cursor, claims and retries) runs on every database in
 * {@code StreamWebhookIT} and {@code StreamScopeIT}.
 */
public class DatabaseIndependent implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return "remote".equals(System.getProperty("kc.test.database"))
                ? ConditionEvaluationResult.disabled("does not depend on the database: runs in the H2 runs")
                : ConditionEvaluationResult.enabled("an H2 run");
    }
}
