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
