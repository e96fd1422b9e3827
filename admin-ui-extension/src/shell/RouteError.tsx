import { Alert, PageSection } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router-dom";

/** A route that failed to render: say so inside the page rather than leave it blank. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError() as Error | undefined;
  return (
    <PageSection>
      <Alert variant="danger" title={t("auditSomethingWentWrong")}>
        {error?.message ?? String(error)}
      </Alert>
    </PageSection>
  );
}
