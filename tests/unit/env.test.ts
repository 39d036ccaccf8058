import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../src/lib/config/env";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "coldframe-env-"));

describe("configuration", () => {
  it("needs nothing in development: secrets are generated once into DATA_DIR", () => {
    const dir = tmp();
    const first = parseEnv({ DATA_DIR: dir });
    expect(first.PORT).toBe(3000);
    expect(first.APP_URL).toBe("http://localhost:3000");
    expect(first.APP_ENCRYPTION_KEY).toMatch(/^k1:/);
    const file = path.join(dir, "secrets.json");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = parseEnv({ DATA_DIR: dir, PORT: "4000" });
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.APP_ENCRYPTION_KEY).toBe(first.APP_ENCRYPTION_KEY);
    expect(second.APP_URL).toBe("http://localhost:4000");
    expect(JSON.parse(readFileSync(file, "utf8")).AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("refuses REQUIRE_EMAIL_VERIFICATION without a mailer, and keeps it off by default", () => {
    const dir = tmp();
    expect(parseEnv({ DATA_DIR: dir }).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(() => parseEnv({ DATA_DIR: dir, REQUIRE_EMAIL_VERIFICATION: "true" })).toThrow(
      "REQUIRE_EMAIL_VERIFICATION: needs SYSTEM_SMTP_URL (the verification links are emailed): set SYSTEM_SMTP_URL, or unset REQUIRE_EMAIL_VERIFICATION",
    );
    const on = parseEnv({
      DATA_DIR: dir,
      REQUIRE_EMAIL_VERIFICATION: "true",
      SYSTEM_SMTP_URL: "smtp://ops:pw@mail.example.com:587",
    });
    expect(on.REQUIRE_EMAIL_VERIFICATION).toBe(true);
  });

  it("pauses campaigns over 10 % bounces or 1 % complaints after 20 emails, unless told otherwise", () => {
    const dir = tmp();
    expect(parseEnv({ DATA_DIR: dir })).toMatchObject({
      AUTO_PAUSE_BOUNCE_PERCENT: 10,
      AUTO_PAUSE_COMPLAINT_PERCENT: 1,
      AUTO_PAUSE_MIN_SENT: 20,
    });
    expect(parseEnv({ DATA_DIR: dir, AUTO_PAUSE_BOUNCE_PERCENT: "0" }).AUTO_PAUSE_BOUNCE_PERCENT).toBe(0);
    expect(() => parseEnv({ DATA_DIR: dir, AUTO_PAUSE_COMPLAINT_PERCENT: "120" })).toThrow(
      /AUTO_PAUSE_COMPLAINT_PERCENT/,
    );
  });

  it("refuses to start in production without the secrets, naming each", () => {
    const dir = tmp();
    try {
      parseEnv({ NODE_ENV: "production", DATA_DIR: dir });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      expect((err as EnvError).problems).toEqual([
        expect.stringMatching(/^APP_ENCRYPTION_KEY: required in production/),
        expect.stringMatching(/^AUTH_SECRET: required in production/),
      ]);
    }
    expect(existsSync(path.join(dir, "secrets.json"))).toBe(false);
  });

  it("gives one clear message per bad variable", () => {
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", APP_URL: "not a url", DATA_DIR: tmp() });
      expect.unreachable();
    } catch (err) {
      const problems = (err as EnvError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.find((p) => p.startsWith("PORT:"))).toBeDefined();
      expect(problems.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/postgres:\/\//);
      expect(problems.find((p) => p.startsWith("APP_URL:"))).toMatch(/absolute URL/);
    }
  });
});
