import { Alert, PageSection } from "@patternfly/react-core";
import { useRouteError } from "react-router-dom";

/** A route that failed to render: say so inside the page rather than leave it blank. */
export function RouteError() {
  const error = useRouteError() as Error | undefined;
  return (
    <PageSection>
      <Alert variant="danger" title="Something went wrong">
        {error?.message ?? String(error)}
      </Alert>
    </PageSection>
  );
}
