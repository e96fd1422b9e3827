/**
 * The streams API's JSON, generated from docs/openapi.json as types.ts is (src/api/generated/openapi.ts), so the type
 * check fails when the console and the document disagree.
 */
import type { components, paths } from "./generated/openapi";

type Schemas = components["schemas"];
/** The fields the server fills in with its defaults when a request leaves them out. */
type Defaulted = "format" | "encoding" | "batchSize" | "lingerMs" | "securityProtocol";

export type StreamType = Schemas["StreamRequest"]["type"];
/** A stream as the API shows it: never its secrets (`secretSet` says one is stored), `secret` only once. */
export type Stream = Schemas["Stream"];
export type StreamStatus = Stream["status"];
export type StreamState = StreamStatus["state"];
export type StreamFilter = Stream["filter"];
/** A create or PUT body. Secrets left out of a PUT are kept. */
export type StreamRequest = Omit<Schemas["StreamRequest"], Defaulted> & Partial<Pick<Schemas["StreamRequest"], Defaulted>>;
export type StreamAttempt = Schemas["StreamAttempt"];
export type StreamTestResult =
  paths["/streams/{id}/test"]["post"]["responses"][200]["content"]["application/json"];

/** Exactly one of the two; organization admins replay by time only. */
export type StreamReplay = { from: string } | { afterSeq: number };
