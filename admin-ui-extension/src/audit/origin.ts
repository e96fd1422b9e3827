import type { TFunction } from "i18next";
import type { Entry } from "../api/types";

type Origin = NonNullable<Entry["origin"]>;

/** A country code in the reader's language ("Germany (DE)"), or the code where the browser has no name for it. */
export function countryName(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language, "en"], { type: "region" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** "Frankfurt am Main, Hesse, Germany (DE) · AS3320 Deutsche Telekom AG"; undefined when nothing is known. */
export function placeOf(origin: Entry["origin"], language: string): string | undefined {
  if (!origin) return undefined;
  const o = origin as Origin;
  const place = [o.city, o.region, o.country && countryName(o.country, language)].filter(Boolean).join(", ");
  const network = o.asn ? `AS${o.asn}${o.asOrganization ? ` ${o.asOrganization}` : ""}` : "";
  return [place, network].filter(Boolean).join(" · ") || undefined;
}

/** "Firefox 121, Windows 10 (Desktop)"; undefined when nothing is known. */
export function deviceOf(origin: Entry["origin"], t: TFunction): string | undefined {
  if (!origin) return undefined;
  const o = origin as Origin;
  const software = [o.browser, o.os].filter(Boolean).join(", ");
  const kind = o.device ? t(`auditDevice_${o.device}`, { defaultValue: o.device }) : "";
  if (!software) return kind || undefined;
  return kind ? `${software} (${kind})` : software;
}
