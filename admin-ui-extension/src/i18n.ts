import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment } from "./environment";

type KeyValue = { key: string; value: string };

/**
 * One i18next instance for Keycloak's console and our page: the server merges our theme's
 * messages_*.properties with keycloak.v2's, so both come from the same endpoint.
 */
export const i18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  interpolation: { escapeValue: false },
  backend: {
    loadPath: `${environment.authServerUrl.replace(/\/$/, "")}/resources/${environment.realm}/admin/{{lng}}`,
    parse: (data: string) => {
      const result: Record<string, string> = {};
      (JSON.parse(data) as KeyValue[]).forEach((v) => (result[v.key] = v.value));
      return result;
    },
  },
});

i18n.use(FetchBackend);
i18n.use(initReactI18next);
