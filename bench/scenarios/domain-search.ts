import { createPersonalWorkspace } from "@/lib/auth/personal-workspace";
import { resetEnvCache } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { searchDomains } from "@/lib/domains/search-domains";
import { resetRdapBootstrapCache } from "@/lib/registrars/rdap";
import { startFakeCloudflareRegistrar } from "../../tests/integration/fakes/cloudflare-registrar";
import { startFakeRdap } from "../../tests/integration/fakes/rdap";
import { compareLatency, round2 } from "../lib/measure";
import type { Scenario } from "../lib/scenario";

const TLDS = ["com", "net", "org", "io", "co", "ai", "app", "dev", "xyz", "info", "biz", "email"];
const NAMES = 10;
const LATENCY_MS = 150;

/**
 * A bulk domain search (10 names × 12 TLDs = 120 names, the search page's default size) through
 * `searchDomains` against a Cloudflare Registrar imitation on loopback that answers every request
 * in 150 ms, against the floor of one request to that imitation. Every search uses new names, so
 * the availability cache never answers.
 */
export const domainSearch: Scenario = {
  name: "domain-search",
  description: "domain search, 10 names × 12 TLDs, registrar answering in 150 ms vs one request to it",
  async run(ctx) {
    const cf = await startFakeCloudflareRegistrar();
    const rdap = await startFakeRdap({ tlds: TLDS });
    cf.responseDelayMs = LATENCY_MS;
    rdap.responseDelayMs = LATENCY_MS;
    const saved = { ...process.env };
    const setEnv = (vars: Record<string, string | undefined>) => {
      Object.assign(process.env, vars);
      for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
      resetEnvCache();
    };
    try {
      const db = getDb();
      const userId = crypto.randomUUID();
      await db.insert(users).values({ id: userId, name: "Bench", email: "bench@example.test" });
      const ws = await createPersonalWorkspace(db, {
        userId,
        userName: "Bench",
        email: "bench@example.test",
      });
      let n = 0;
      const names = () => Array.from({ length: NAMES }, () => `bench${process.pid}x${n++}`);
      const checkUrl = `${cf.baseUrl}/accounts/${cf.accountId}/registrar/domain-check`;
      const oneRequest = async () => {
        const res = await fetch(checkUrl, {
          method: "POST",
          headers: { authorization: `Bearer ${cf.token}`, "content-type": "application/json" },
          body: JSON.stringify({
            domains: names()
              .slice(0, 1)
              .map((l) => `${l}.com`),
          }),
        });
        if (!res.ok) throw new Error(`the imitation answered ${res.status}`);
        await res.json();
      };
      const search = async () => {
        const { results } = await searchDomains(db, ws.id, { names: names(), tlds: TLDS });
        if (results.length !== NAMES * TLDS.length || results.some((r) => r.registrar !== "cloudflare"))
          throw new Error("the search did not answer every name from the registrar");
      };
      const size = ctx.quick ? { rounds: 2, perRound: 3, warmup: 2 } : { rounds: 6, perRound: 5, warmup: 3 };

      // the platform's Cloudflare account, as a deployment that resells domains has
      setEnv({
        CLOUDFLARE_API_TOKEN: cf.token,
        CLOUDFLARE_ACCOUNT_ID: cf.accountId,
        CLOUDFLARE_BASE_URL: cf.baseUrl,
        NAMECOM_USERNAME: undefined,
        NAMECOM_TOKEN: undefined,
      });
      const r = await compareLatency({ ...size, floor: oneRequest, ours: search });

      // without any registrar account the search falls back to RDAP hints (one lookup per name)
      setEnv({
        CLOUDFLARE_API_TOKEN: undefined,
        CLOUDFLARE_ACCOUNT_ID: undefined,
        RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
      });
      resetRdapBootstrapCache();
      const rdapSearch = async () => {
        const { results } = await searchDomains(db, ws.id, { names: names(), tlds: TLDS });
        if (results.length !== NAMES * TLDS.length) throw new Error("the RDAP search lost names");
      };
      const viaRdap = await compareLatency({
        rounds: 1,
        perRound: ctx.quick ? 2 : 4,
        warmup: 1,
        floor: oneRequest,
        ours: rdapSearch,
      });

      const ratio = round2(r.ours.p50Ms / r.floor.p50Ms);
      return {
        name: "domain-search",
        scale: `${NAMES} names × ${TLDS.length} TLDs (${NAMES * TLDS.length} names), ${LATENCY_MS} ms a request`,
        ours: { label: "searchDomains (Cloudflare Registrar)", ...r.ours },
        floor: { label: "one domain-check request", ...r.floor },
        ratioKind: "slowdown",
        ratio,
        target: "< 3× one request (p50)",
        met: ratio < 3,
        notes: [
          `${Math.ceil((NAMES * TLDS.length) / 20)} domain-check calls of ≤ 20 names, 4 in flight: two waves of requests`,
          `without a registrar account (RDAP hints, one lookup a name): p50 ${viaRdap.ours.p50Ms} ms, ${round2(viaRdap.ours.p50Ms / r.floor.p50Ms)}× one request`,
        ],
      };
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      resetEnvCache();
      resetRdapBootstrapCache();
      await Promise.all([cf.close(), rdap.close()]);
    }
  },
};
