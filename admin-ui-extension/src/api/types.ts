/** The audit API's JSON, as docs/openapi.json describes it. */
export type OrganizationRef = { id: string; name: string };

export type Entry = {
  id: string;
  time: number;
  realm: string;
  organizations: OrganizationRef[];
  category: string;
  categoryLabel: string;
  action: string;
  actionLabel: string;
  outcome: { result: "success" | "failure"; reason?: string };
  actor: { id?: string; type: string; username?: string; email?: string; clientId?: string };
  resource: { type?: string; id?: string; name?: string };
  changes: { field: string; old?: string; new?: string }[];
  ipAddress?: string;
  sessionId?: string;
  source: string;
  details?: Record<string, unknown>;
};

export type Page = { entries: Entry[]; next?: string; prev?: string; max: number };
export type Count = { count: number; exact: boolean; limit: number };

export type Facets = {
  categories: { id: string; label: string }[];
  actions: { id: string; label: string; category: string }[];
  resourceTypes: string[];
  sources: string[];
  outcomes: string[];
  organizations: OrganizationRef[];
  actors: { id?: string; type: string; username?: string; email?: string; clientId?: string }[];
};

export type Me = {
  username?: string;
  realmWide: boolean;
  organizations: OrganizationRef[];
  readSettings: boolean;
  editSettings: boolean;
  verify: boolean;
};

export type ExportJob = {
  id: string;
  name: string;
  format: string;
  fileName: string;
  filters: Record<string, string[]>;
  requestedBy: string;
  status: "Pending" | "Running" | "Completed" | "Failed" | "Expired";
  rowCount: number;
  totalRows?: number;
  progress: number;
  sizeBytes: number;
  sha256?: string;
  error?: string;
  createdTime: number;
  finishedTime?: number;
  expiresTime?: number;
};

export type AuditConfig = {
  categories: string[];
  highVolumeEvents: boolean;
  includeDetails: boolean;
  storeIpAddress: boolean;
  redactedAttributes: string[];
  retentionDays: number;
  exportMaxDays: number;
  exportFileDays: number;
  legalHold: boolean;
  exportStorageMaxBytes: number;
  readRequestsPerMinute: number;
  [key: string]: unknown;
};

export type Verification = {
  verified: boolean;
  sealsVerified: number;
  sealsPurged: number;
  entriesVerified: number;
  entriesNotYetSealed: number;
  firstBadSeal?: number;
  problems: { seal: number; kind: string; entryId?: string; seq?: number; message: string }[];
  checkedAt: number;
};

/** An API refusal: status, the parameter it names (400s) and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}
