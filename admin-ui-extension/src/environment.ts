/** What Keycloak's admin index.ftl injects into the page (the same JSON keycloak.v2 reads). */
export type Environment = {
  serverBaseUrl: string;
  adminBaseUrl: string;
  authUrl: string;
  authServerUrl: string;
  realm: string;
  clientId: string;
  resourceUrl: string;
  logo: string;
  logoUrl: string;
  darkMode: boolean;
  consoleBaseUrl: string;
  masterRealm: string;
  resourceVersion: string;
};

export const environment: Environment = JSON.parse(
  document.getElementById("environment")!.textContent!,
);
