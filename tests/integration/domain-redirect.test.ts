import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { getDb } from "../../src/lib/db/client";
import { domainDnsRecords, domains } from "../../src/lib/db/schema";
import { dnsResolver } from "../../src/lib/dns/resolver";
import { checkPropagation } from "../../src/lib/domains/check-propagation";
import { setupDomainDns } from "../../src/lib/domains/dns-setup";
import { clearRedirectCache } from "../../src/lib/domains/redirects";
import { proxy } from "../../src/proxy";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, dnsServerEnv, startDnsServer } from "./helpers/dns-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

const REDIRECT_IP = "192.0.2.80";
const TRACKING_TARGET = "app.coldframe.test";
const SITE = "https://www.acme-site.test/";

let dns: DnsServer;
let app: AppServer;
let client: HttpClient;

beforeAll(async () => {
  dns = await startDnsServer();
  app = await startAppServer({
    ...dnsServerEnv(dns),
    TRACKING_CNAME_TARGET: TRACKING_TARGET,
    DOMAIN_REDIRECT_IPV4: REDIRECT_IP,
  });
  ({ client } = await signUp(app.url));
});
afterAll(async () => {
  await app?.close();
  await dns?.close();
});

const uniqueName = () => `rd-${randomBytes(4).toString("hex")}.com`;
const settings = (redirectTo: string | null) => ({
  spf: { preset: "custom", ips: ["192.0.2.10"] },
  dmarc: { policy: "none" },
  redirectTo,
});
const passesThrough = (res: Response) => res.headers.get("x-middleware-next") === "1";
const request = (host: string, path = "/") =>
  proxy(new NextRequest(`http://${host}${path}`, { headers: { host } }));

describe("redirect of the bare domain to the company's site", () => {
  it("publishes the bare name's A record and www. CNAME, and the app redirects both hosts there", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      dns: { mode: "managed" },
      settings: settings(SITE),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await setupDomainDns(getDb(), id)).state).toBe("done");

    // real DNS answers from PowerDNS
    const r = dnsResolver([dns.address]);
    expect(await r.a(name)).toEqual([REDIRECT_IP]);
    expect(await r.cname(`www.${name}`)).toEqual([TRACKING_TARGET]);
    const [domain] = await getDb().select().from(domains).where(eq(domains.id, id));
    const step = domain!.dnsProgress!.steps.find((s) => s.key === "redirect")!;
    expect(step.state).toBe("done");
    expect(step.detail).toContain(SITE);

    // the redirect records are checked like the others
    const records = await checkPropagation(getDb(), id);
    const redirect = records.filter((x) => x.purpose === "redirect");
    expect(redirect.map((x) => `${x.type} ${x.name} ${x.content}`).sort()).toEqual(
      [`A ${name} ${REDIRECT_IP}`, `CNAME www.${name} ${TRACKING_TARGET}`].sort(),
    );
    expect(redirect.every((x) => x.state === "propagated")).toBe(true);

    clearRedirectCache();
    for (const host of [name, `www.${name}`, `${name.toUpperCase()}:80`]) {
      const out = await request(host, "/pricing?x=1");
      expect(out.status).toBe(301);
      expect(out.headers.get("location")).toBe(SITE);
    }
  });

  it("passes through the app's own host, addresses, tracking hosts and domains without a redirect", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      trackingHost: `track.${name}`,
      dns: { mode: "managed" },
      settings: settings(null),
    });
    expect(res.status).toBe(201);
    clearRedirectCache();
    for (const host of [name, `track.${name}`, "127.0.0.1:3000", "localhost:3000", new URL(app.url).host]) {
      expect(passesThrough(await request(host))).toBe(true);
    }
  });

  it("turning the redirect off removes it from the records to check and stops redirecting", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      dns: { mode: "managed" },
      settings: settings(SITE),
    });
    const { id } = (await res.json()) as { id: string };
    await setupDomainDns(getDb(), id);
    clearRedirectCache();
    expect((await request(name)).status).toBe(301);

    const put = await client.request(`/api/v1/domains/${id}/dns/settings`, {
      method: "PUT",
      json: settings(null),
    });
    expect(put.status).toBe(200);
    await setupDomainDns(getDb(), id);
    const rows = await getDb().select().from(domainDnsRecords).where(eq(domainDnsRecords.domainId, id));
    expect(rows.some((x) => x.purpose === "redirect")).toBe(false);
    const r = dnsResolver([dns.address]);
    expect(await r.a(name)).toEqual([]);
    expect(await r.cname(`www.${name}`)).toEqual([]);
    clearRedirectCache();
    expect(passesThrough(await request(name))).toBe(true);
  });

  it("refuses a redirect that is not a web address, or when the server has no address for it", async () => {
    const bad = await client.post("/api/v1/domains", {
      name: uniqueName(),
      dns: { mode: "managed" },
      settings: settings("ftp://files.example.com/"),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("redirectTo");

    const saved = process.env.DOMAIN_REDIRECT_IPV4;
    delete process.env.DOMAIN_REDIRECT_IPV4;
    resetEnvCache();
    try {
      const name = uniqueName();
      const res = await client.post("/api/v1/domains", {
        name,
        dns: { mode: "managed" },
        settings: settings(SITE),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain("DOMAIN_REDIRECT_IPV4");
      // nothing half-written: the domain was not added
      expect(await getDb().select().from(domains).where(eq(domains.name, name))).toEqual([]);
    } finally {
      process.env.DOMAIN_REDIRECT_IPV4 = saved;
      resetEnvCache();
    }
  });
});
