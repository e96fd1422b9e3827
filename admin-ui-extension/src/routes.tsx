import { routes } from "@keycloak/keycloak-admin-ui";
import type { RouteObject } from "react-router-dom";
import { AuditLogPage } from "./audit/AuditLogPage";
import { ConsoleRoot } from "./shell/ConsoleRoot";
import { RouteError } from "./shell/RouteError";

export const AuditLogRoute = {
  path: "/:realm/audit-log/:tab?",
  element: <AuditLogPage />,
  // The console's own access check lets everyone in; the audit API decides what they see.
  handle: { access: "anyone", breadcrumb: (t: (key: string) => string) => t("auditLog") },
};

export const toAuditLog = (realm: string) => `/${encodeURIComponent(realm)}/audit-log`;

// Keycloak's routes, unchanged, plus ours before the catch-all "not found".
const notFound = routes.filter((r) => r.path === "*");
const children = [...routes.filter((r) => r.path !== "*"), AuditLogRoute, ...notFound];

export const RootRoute: RouteObject = {
  path: "/",
  element: <ConsoleRoot />,
  errorElement: <RouteError />,
  children: children as RouteObject[],
};
