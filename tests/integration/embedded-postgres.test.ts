import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureEmbeddedPostgres, freePort } from "../../src/lib/db/embedded";

const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-embedded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The address the server sees this connection on: null over a Unix socket. */
async function serverAddress(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ a: string | null }>("select inet_server_addr()::text as a")).rows[0]!.a;
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("is reached over a Unix socket in its directory; another process attaches the same way", async () => {
    const started = await ensureEmbeddedPostgres(dir, { fast: true });
    try {
      expect(started.url).toContain(`?host=${encodeURIComponent(path.join(dir, "pg"))}`);
      expect(await serverAddress(started.url)).toBeNull();
      const attached = await ensureEmbeddedPostgres(dir, { fast: true, database: "other" });
      expect(attached.owned).toBe(false);
      expect(await serverAddress(attached.url)).toBeNull();
    } finally {
      await started.stop();
    }
  });

  it("where the socket cannot be made, starts on loopback TCP alone", async () => {
    const port = await freePort();
    // something that is not a socket already holds the socket's name
    mkdirSync(path.join(dir, "pg", `.s.PGSQL.${port}`));
    const started = await ensureEmbeddedPostgres(dir, { fast: true, port });
    try {
      expect(started.url).not.toContain("?host=");
      expect(await serverAddress(started.url)).toBe("127.0.0.1/32");
    } finally {
      await started.stop();
    }
  });
});
