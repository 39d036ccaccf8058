import { randomBytes } from "node:crypto";

/**
 * `n` UUIDv7s (RFC 9562): the current millisecond in their first 48 bits, then 74 random bits. For
 * ids written in bulk into big unique indexes (queued emails' ids, and their Message-IDs, which
 * start with them): each insert lands at the right-hand end of the index, on pages already in
 * memory, instead of on a random leaf page each (a read, and a full-page image in the WAL after
 * every checkpoint). Nothing relies on these ids being unguessable: tracking links carry signed
 * tokens. The random bytes are drawn in one call for all of them.
 */
export function timeOrderedIds(n: number, ms = Date.now()): string[] {
  const bytes = randomBytes(16 * n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const b = bytes.subarray(16 * i, 16 * i + 16);
    b.writeUIntBE(ms, 0, 6);
    b[6] = (b[6]! & 0x0f) | 0x70; // version 7
    b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
    const h = b.toString("hex");
    ids.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return ids;
}
