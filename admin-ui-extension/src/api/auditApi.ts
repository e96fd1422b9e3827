import { useEnvironment } from "@keycloak/keycloak-admin-ui";
import type Keycloak from "keycloak-js";
import { useMemo } from "react";
import { environment } from "../environment";
import {
  ApiError,
  AuditConfig,
  Count,
  Entry,
  ExportJob,
  Facets,
  FullCheckStatus,
  Histogram,
  Me,
  Page,
  Verification,
} from "./types";
import type { Stream, StreamAttempt, StreamReplay, StreamRequest, StreamTestResult } from "./streamTypes";

export type Query = URLSearchParams;

/** The audit REST API of one realm, called with the console's own token (refreshed when close to expiry). */
export function auditApi(keycloak: Keycloak, realm: string) {
  const base = `${environment.adminBaseUrl.replace(/\/$/, "")}/admin/realms/${encodeURIComponent(realm)}/audit-log`;

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      await keycloak.updateToken(5);
    } catch {
      await keycloak.login();
    }
    const response = await fetch(`${base}/${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${keycloak.token}`, ...(init.headers ?? {}) },
    });
    if (!response.ok) {
      let message = response.statusText || `HTTP ${response.status}`;
      let parameter: string | undefined;
      try {
        const body = await response.json();
        message = body.message ?? message;
        parameter = body.parameter ?? undefined;
      } catch {
        // not JSON: keep the status text
      }
      throw new ApiError(response.status, message, parameter);
    }
    return response;
  }

  const json = async <T,>(path: string, init?: RequestInit) => (await call(path, init)).json() as Promise<T>;
  const send = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const qs = (q?: Query) => (q && q.toString() ? `?${q}` : "");

  return {
    me: () => json<Me>("me"),
    entries: (q: Query) => json<Page>(`entries${qs(q)}`),
    count: (q: Query) => json<Count>(`entries/count${qs(q)}`),
    histogram: (q: Query) => json<Histogram>(`entries/histogram${qs(q)}`),
    entry: (id: string) => json<Entry>(`entries/${encodeURIComponent(id)}`),
    facets: (actorPrefix?: string) =>
      json<Facets>(`facets${actorPrefix ? `?actor=${encodeURIComponent(actorPrefix)}` : ""}`),
    /** The file of a direct export, with the name the server gave it. */
    exportNow: async (q: Query) => download(await call(`export${qs(q)}`)),
    exports: () => json<ExportJob[]>("exports"),
    requestExport: (body: Record<string, unknown>) =>
      json<ExportJob>("exports", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    downloadExport: async (id: string) => download(await call(`exports/${encodeURIComponent(id)}/download`)),
    deleteExport: async (id: string) => {
      await call(`exports/${encodeURIComponent(id)}`, { method: "DELETE" });
    },
    config: () => json<AuditConfig>("config"),
    saveConfig: (config: AuditConfig) =>
      json<AuditConfig>("config", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(config),
      }),
    /** The incremental check: only the seals after the last clean one, a bounded amount per call. */
    verify: () => json<Verification>("verify"),
    fullCheck: () => json<FullCheckStatus>("verify/full"),
    /** Starts the whole log's check in the background; a 409 (one is running) still answers its status. */
    startFullCheck: async () => {
      try {
        return await json<FullCheckStatus>("verify/full", { method: "POST" });
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) return json<FullCheckStatus>("verify/full");
        throw e;
      }
    },
    // Log streams (docs/streams.md)
    streams: () => json<Stream[]>("streams"),
    stream: (id: string) => json<Stream>(`streams/${encodeURIComponent(id)}`),
    createStream: (body: StreamRequest) => json<Stream>("streams", send("POST", body)),
    updateStream: (id: string, body: StreamRequest) => json<Stream>(`streams/${encodeURIComponent(id)}`, send("PUT", body)),
    deleteStream: async (id: string) => {
      await call(`streams/${encodeURIComponent(id)}`, { method: "DELETE" });
    },
    streamAttempts: (id: string) => json<StreamAttempt[]>(`streams/${encodeURIComponent(id)}/attempts`),
    testStream: (id: string) => json<StreamTestResult>(`streams/${encodeURIComponent(id)}/test`, { method: "POST" }),
    replayStream: (id: string, body: StreamReplay) =>
      json<Stream>(`streams/${encodeURIComponent(id)}/replay`, send("POST", body)),
  };
}

export type AuditApi = ReturnType<typeof auditApi>;

export function useAuditApi(realm: string): AuditApi {
  const { keycloak } = useEnvironment();
  return useMemo(() => auditApi(keycloak, realm), [keycloak, realm]);
}

/** Saves a response body as a file in the browser, named by its Content-Disposition. */
async function download(response: Response): Promise<string> {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  // RFC 6266: the exact name is in filename* (UTF-8, percent-encoded); filename is its ASCII fallback.
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = exact ? decodeURIComponent(exact) : /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "audit-log-export";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
