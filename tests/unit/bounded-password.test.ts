import { hashPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { boundedPassword, TOO_MANY_SIGN_INS } from "../../src/lib/auth/bounded-password";

describe("bounded password hashing", () => {
  it("keeps Better Auth's hash format, so existing users still sign in", async () => {
    const pw = boundedPassword({ concurrency: 2, queue: 4 });
    const existing = await hashPassword("correct horse battery");
    expect(await pw.verify({ hash: existing, password: "correct horse battery" })).toBe(true);
    expect(await pw.verify({ hash: existing, password: "wrong" })).toBe(false);
    const ours = await pw.hash("another secret");
    expect(ours).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  });

  it("runs at most `concurrency` hashes, queues `queue` more, and refuses the rest at once with 429", async () => {
    const pw = boundedPassword({ concurrency: 2, queue: 4 });
    const attempts = Array.from({ length: 10 }, () =>
      pw.hash("a password").then(
        () => "hashed",
        (err: { statusCode?: number; message?: string }) => `${err.statusCode} ${err.message}`,
      ),
    );
    expect(pw.stats()).toEqual({ running: 2, waiting: 4 });
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === "hashed")).toHaveLength(6);
    expect(results.filter((r) => r !== "hashed")).toEqual(Array(4).fill(`429 ${TOO_MANY_SIGN_INS}`));
    expect(pw.stats()).toEqual({ running: 0, waiting: 0 });
  });
});
