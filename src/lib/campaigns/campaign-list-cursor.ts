/**
 * The campaign list's page cursor: where the previous page ended, as the creation time PostgreSQL
 * stored (microseconds, UTC, as it prints `timestamp` text) and the campaign id that breaks ties.
 * Opaque to callers (base64url) so its form can change; decoding refuses anything it did not write,
 * because a malformed time would otherwise reach PostgreSQL and fail as a 500.
 */
export type CampaignListCursor = { createdAt: string; id: string };

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeCampaignListCursor(c: CampaignListCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString("base64url");
}

/** The cursor, or undefined when the text is not one this module wrote. */
export function decodeCampaignListCursor(text: string): CampaignListCursor | undefined {
  if (text.length > 400 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [createdAt, id] = value as unknown[];
  if (typeof createdAt !== "string" || typeof id !== "string") return undefined;
  if (!TIME.test(createdAt) || !isRealTime(createdAt)) return undefined;
  if (!id || id.length > 200 || id.includes("\u0000")) return undefined;
  return { createdAt, id };
}

/** 2026-02-31 passes the pattern and PostgreSQL would refuse it; Date rolls it over to March. */
function isRealTime(text: string): boolean {
  const iso = `${text.slice(0, 10)}T${text.slice(11, 19)}`;
  const ms = Date.parse(`${iso}Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(iso);
}
