import { describe, expect, it } from "vitest";
import {
  decodeCampaignListCursor,
  encodeCampaignListCursor,
} from "../../src/lib/campaigns/campaign-list-cursor";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("campaign list cursor", () => {
  it("decodes what it encoded, microseconds and odd ids included", () => {
    for (const cursor of [
      { createdAt: "2026-11-29 06:31:04.294723", id: "c1" },
      { createdAt: "2026-01-01 00:00:00", id: 'quote" comma, 日本 🚀' },
      { createdAt: "2024-02-29 23:59:59.5", id: "x" },
    ]) {
      const text = encodeCampaignListCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCampaignListCursor(text)).toEqual(cursor);
    }
  });

  it("refuses anything it did not write, before it can reach PostgreSQL", () => {
    for (const text of [
      "",
      "not base64!",
      "bm90IGpzb24", // "not json"
      b64({ createdAt: "2026-01-01 00:00:00", id: "x" }),
      b64(["2026-01-01 00:00:00"]),
      b64(["2026-01-01 00:00:00", "x", "y"]),
      b64(["2026-02-31 00:00:00", "x"]), // no such day
      b64(["2025-02-29 00:00:00", "x"]), // not a leap year
      b64(["2026-01-01 24:00:00", "x"]),
      b64(["2026-01-01T00:00:00Z", "x"]),
      b64(["2026-01-01 00:00:00.1234567", "x"]),
      b64(["2026-01-01 00:00:00", ""]),
      b64(["2026-01-01 00:00:00", "a\u0000b"]),
      b64(["2026-01-01 00:00:00", "x".repeat(201)]),
      b64(["2026-01-01 00:00:00", 5]),
      "A".repeat(401),
    ])
      expect(decodeCampaignListCursor(text), text).toBeUndefined();
  });
});
