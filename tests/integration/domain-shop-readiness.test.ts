import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

type Readiness = {
  ready: boolean;
  workspaceRegistrars: number;
  platformRegistrars: string[];
  payments: boolean;
  missing: { part: string; message: string }[];
};

let app: AppServer;
let client: HttpClient;
const unset = {
  CLOUDFLARE_API_TOKEN: "",
  CLOUDFLARE_ACCOUNT_ID: "",
  NAMECOM_USERNAME: "",
  NAMECOM_TOKEN: "",
  STRIPE_SECRET_KEY: "",
  STRIPE_WEBHOOK_SECRET: "",
};

beforeAll(async () => {
  app = await startAppServer(unset);
  ({ client } = await signUp(app.url));
});
afterAll(async () => {
  await app?.close();
});

const readiness = async () => {
  const res = await client.get("/api/v1/domains/shop");
  expect(res.status).toBe(200);
  return (await res.json()) as Readiness;
};

describe("what the domain shop can do on this server", () => {
  it("with no registrar and no payments, says both are missing and where each is set", async () => {
    const r = await readiness();
    expect(r).toMatchObject({
      ready: false,
      workspaceRegistrars: 0,
      platformRegistrars: [],
      payments: false,
    });
    expect(r.missing.map((m) => m.part)).toEqual(["registrar", "payments"]);
    expect(r.missing[0]!.message).toContain("Settings → Domain providers");
    expect(r.missing[0]!.message).toContain("CLOUDFLARE_API_TOKEN");
    expect(r.missing[1]!.message).toContain("STRIPE_SECRET_KEY");
  });

  it("with the server's own registrar and Stripe, is ready", async () => {
    Object.assign(process.env, {
      NAMECOM_USERNAME: "platform",
      NAMECOM_TOKEN: "token",
      STRIPE_SECRET_KEY: "sk_test_readiness",
      STRIPE_WEBHOOK_SECRET: "whsec_readiness",
    });
    resetEnvCache();
    try {
      expect(await readiness()).toEqual({
        ready: true,
        workspaceRegistrars: 0,
        platformRegistrars: ["namecom"],
        payments: true,
        missing: [],
      });
    } finally {
      Object.assign(process.env, unset);
      resetEnvCache();
    }
  });
});
