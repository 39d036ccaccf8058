import type { ColumnMapping, LeadField } from "./column-mapping";
import { normalizeEmail } from "./email";

/** The lead a good CSV row describes: blanks are null (they never overwrite a known value). */
export type LeadInput = { email: string } & Partial<Record<Exclude<LeadField, "email">, string | null>> & {
    customFields: Record<string, string>;
  };

export type RowCheck = { ok: true; lead: LeadInput } | { ok: false; reason: string; email?: string };

/** Longest value kept in one field; longer is almost always a broken quote swallowing rows. */
export const MAX_FIELD_LENGTH = 5_000;

/** A row in which every field is blank: skipped like an empty line, not reported. */
export const isBlankRow = (record: string[]) => record.every((v) => v.trim() === "");

/**
 * One CSV row to a lead, or the reason it cannot be one. The column count is checked first: a
 * row with a missing or extra separator has its values under the wrong headers, so importing it
 * would put a company name in the title.
 */
export function validateRow(record: string[], headers: string[], mapping: ColumnMapping): RowCheck {
  if (record.length !== headers.length) {
    return {
      ok: false,
      reason: `expected ${headers.length} columns, found ${record.length}: check for a missing or extra separator`,
    };
  }
  const lead: LeadInput = { email: "", customFields: {} };
  let rawEmail = "";
  for (const [i, header] of headers.entries()) {
    const target = mapping[header];
    if (!target || target === "ignore") continue;
    const value = record[i]!.trim();
    if (value.length > MAX_FIELD_LENGTH) {
      return {
        ok: false,
        reason: `the "${header}" value is longer than ${MAX_FIELD_LENGTH} characters`,
      };
    }
    // PostgreSQL text cannot hold NUL; said without echoing the value (an error keeps no NUL either)
    if (value.includes("\u0000")) {
      return { ok: false, reason: `the "${header}" value contains a NUL character, which cannot be stored` };
    }
    if (target === "email") rawEmail = value;
    else if (target.startsWith("custom:")) {
      if (value !== "") lead.customFields[target.slice(7)] = value;
    } else lead[target as Exclude<LeadField, "email">] = value === "" ? null : value;
  }
  const email = normalizeEmail(rawEmail);
  if (!email.ok)
    return { ok: false, reason: email.reason, ...(rawEmail ? { email: rawEmail.slice(0, 254) } : {}) };
  lead.email = email.email;
  return { ok: true, lead };
}
