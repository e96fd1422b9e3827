/**
 * The audit API's JSON, as docs/openapi.json describes it: the types are generated from that document at build time
 * (src/api/generated/openapi.ts, `npm run generate`), so the type check fails when the console and the document
 * disagree.
 */
import type { components } from "./generated/openapi";

type Schemas = components["schemas"];

export type OrganizationRef = Schemas["OrganizationRef"];
export type Entry = Schemas["Entry"];
export type Page = Schemas["Page"];
export type Count = Schemas["Count"];
export type Histogram = Schemas["Histogram"];
export type HistogramBar = Schemas["HistogramBar"];
export type Facets = Schemas["Facets"];
export type Me = Schemas["Me"];
export type ExportJob = Schemas["ExportJob"];
/** GET config sends every field; the schema leaves them optional because PUT takes a partial document. */
export type AuditConfig = Required<Schemas["Config"]>;
export type Verification = Schemas["Verification"];
/** The realm's background full check: running with its progress, or last finished with its report. */
export type FullCheckStatus = Schemas["FullCheckStatus"];
/** The category of the entries the signal rules raise (not a capture category). */
export const SIGNAL_CATEGORY = "security";
/** The `details` of a security signal (category `security`, action `signal.<rule>`). */
export type SignalDetails = Schemas["SignalDetails"];
export type SignalRuleId = SignalDetails["rule"];
export type Severity = SignalDetails["severity"];
/** The settings' `signals` (every part optional: PUT takes a partial document). */
export type SignalSettings = NonNullable<Schemas["Config"]["signals"]>;
export type SignalRuleSettings = Schemas["SignalRule"];
export type BusinessHours = Schemas["BusinessHours"];

/** Every rule, in the order the console lists them; the type check fails when the API document adds or drops one. */
const RULE_ORDER: Record<SignalRuleId, true> = {
  "failed-logins-user": true,
  "failed-logins-network": true,
  "success-after-failures": true,
  "new-country": true,
  "new-device": true,
  "admin-role-granted": true,
  "secret-changed": true,
  "off-hours": true,
  "mass-deletion": true,
  "capture-reduced": true,
};
export const SIGNAL_RULES = Object.keys(RULE_ORDER) as SignalRuleId[];

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
