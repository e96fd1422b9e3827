import type { Stream, StreamRequest, StreamType } from "../../api/streamTypes";

export const STREAM_TYPES: StreamType[] = ["webhook", "splunk-hec", "syslog", "kafka"];
export const SOURCES = ["login", "admin-api", "scim", "account", "system"];
export const OUTCOMES = ["success", "failure"];

/** A URL whose query values the server shows as *** (they are stored as a secret). */
export const maskedUrl = (url?: string) => !!url && /=\*\*\*(&|$)/.test(url);

type Choices = Required<StreamRequest>;

/** What the create/edit form holds: text as typed, parsed into a request on save; choices as the API names them. */
export type Draft = {
  name: string;
  type: StreamType;
  url: string;
  format: Choices["format"];
  encoding: Choices["encoding"];
  batchSize: string;
  lingerMs: string;
  categories: string[];
  actions: string[];
  organizations: string[];
  outcomes: string[];
  sources: string[];
  /** webhook: "Name: value" lines; on edit, blank keeps the stored headers */
  headers: string;
  /** webhook: a vault reference, or blank for a generated secret (kept on edit) */
  secret: string;
  rotateSecret: boolean;
  token: string;
  index: string;
  sourcetype: string;
  source: string;
  caCertificate: string;
  bootstrapServers: string;
  topic: string;
  securityProtocol: Choices["securityProtocol"];
  saslMechanism: Choices["saslMechanism"];
  saslUsername: string;
  saslPassword: string;
  paused: boolean;
};

export const emptyDraft = (): Draft => ({
  name: "",
  type: "webhook",
  url: "",
  format: "native",
  encoding: "json",
  batchSize: "100",
  lingerMs: "0",
  categories: [],
  actions: [],
  organizations: [],
  outcomes: [],
  sources: [],
  headers: "",
  secret: "",
  rotateSecret: false,
  token: "",
  index: "",
  sourcetype: "",
  source: "",
  caCertificate: "",
  bootstrapServers: "",
  topic: "",
  securityProtocol: "SSL",
  saslMechanism: "SCRAM-SHA-512",
  saslUsername: "",
  saslPassword: "",
  paused: false,
});

/** A stored stream as a draft: its secrets blank (blank means "unchanged"), a URL with secret query values blank too. */
export function draftOf(s: Stream): Draft {
  return {
    ...emptyDraft(),
    name: s.name,
    type: s.type,
    url: s.url ?? "", // as shown: sent back unchanged, the server keeps the stored query values
    format: s.format,
    encoding: s.encoding ?? "json",
    batchSize: String(s.batchSize),
    lingerMs: String(s.lingerMs),
    categories: s.filter.categories,
    actions: s.filter.actions,
    organizations: s.filter.organizations,
    outcomes: s.filter.outcomes,
    sources: s.filter.sources,
    index: s.index ?? "",
    sourcetype: s.sourcetype ?? "",
    source: s.source ?? "",
    caCertificate: s.caCertificate ?? "",
    bootstrapServers: s.bootstrapServers ?? "",
    topic: s.topic ?? "",
    securityProtocol: s.securityProtocol ?? "SSL",
    saslMechanism: s.saslMechanism ?? "SCRAM-SHA-512",
    saslUsername: s.saslUsername ?? "",
    paused: s.paused,
  };
}

const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : (v as unknown as number)); // the server names a bad one

/** The request body of a draft. Blank secrets are left out: a PUT keeps what is stored. */
export function requestOf(d: Draft): StreamRequest {
  const r: StreamRequest = {
    name: d.name.trim(),
    type: d.type,
    format: d.format,
    batchSize: whole(d.batchSize),
    lingerMs: whole(d.lingerMs),
    filter: {
      categories: d.categories,
      actions: d.actions,
      organizations: d.organizations,
      outcomes: d.outcomes,
      sources: d.sources,
    },
    paused: d.paused,
  };
  if (d.type !== "kafka") r.url = d.url.trim();
  if (d.type === "webhook") {
    r.encoding = d.encoding;
    r.secret = text(d.secret);
    if (d.rotateSecret) r.rotateSecret = true;
    const lines = d.headers.split("\n").map((l) => l.trim()).filter(Boolean);
    if (lines.length > 0) {
      r.headers = Object.fromEntries(
        lines.map((l) => {
          const at = l.indexOf(":");
          return at < 0 ? [l, ""] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
        }),
      );
    }
  }
  if (d.type === "splunk-hec") {
    r.token = text(d.token);
    r.index = text(d.index);
    r.sourcetype = text(d.sourcetype);
    r.source = text(d.source);
  }
  if (d.type === "syslog" || d.type === "kafka") r.caCertificate = text(d.caCertificate);
  if (d.type === "kafka") {
    r.bootstrapServers = d.bootstrapServers.trim();
    r.topic = d.topic.trim();
    r.securityProtocol = d.securityProtocol;
    if (d.securityProtocol === "SASL_SSL") {
      r.saslMechanism = d.saslMechanism;
      r.saslUsername = text(d.saslUsername);
      r.saslPassword = text(d.saslPassword);
    }
  }
  return r;
}

/**
 * A stored stream's whole definition as a PUT body (the API changes the whole definition), without its secrets,
 * which the server keeps. Used to pause and resume.
 */
export function requestOfStream(s: Stream, changes: Partial<StreamRequest> = {}): StreamRequest {
  const r = requestOf(draftOf(s));
  if (s.type !== "kafka") r.url = s.url;
  return { ...r, ...changes };
}

/** Where a stream sends: its URL, or a kafka stream's brokers and topic. */
export const destination = (s: Stream) => (s.type === "kafka" ? `${s.bootstrapServers} → ${s.topic}` : s.url ?? "");
