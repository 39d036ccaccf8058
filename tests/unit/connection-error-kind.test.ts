import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { connectionErrorKind } from "@/lib/db/connection-error-kind";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err,
  );

describe("connectionErrorKind", () => {
  it("a Unix socket with no server (the embedded database stopped): a network error, for the probe to decide", async () => {
    const dir = path.join(os.tmpdir(), `no-server-${process.pid}-${Date.now()}`);
    const client = new pg.Client({
      connectionString: `postgresql://u:p@127.0.0.1:5999/db?host=${encodeURIComponent(dir)}`,
    });
    const err = await failure(client.connect());
    expect((err as { code?: string }).code).toBe("ENOENT");
    expect(connectionErrorKind(err)).toBe("network");
  });

  it("a TCP port nobody listens on: a network error too", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const err = await failure(
      new pg.Client({ connectionString: `postgresql://u:p@127.0.0.1:${port}/db` }).connect(),
    );
    expect(connectionErrorKind(err)).toBe("network");
  });

  it("a missing file read by a job is not a connection error", async () => {
    const err = await failure(readFile(path.join(os.tmpdir(), `missing-${Date.now()}.csv`)));
    expect((err as { code?: string }).code).toBe("ENOENT");
    expect(connectionErrorKind(err)).toBeUndefined();
  });
});
