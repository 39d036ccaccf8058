import http from "node:http";
import type { AddressInfo } from "node:net";
import { GET as listCampaignsRoute } from "@/app/api/v1/campaigns/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createPersonalWorkspace } from "@/lib/auth/personal-workspace";
import { CAMPAIGN_PAGE } from "@/lib/campaigns/api-schemas";
import { getDb, getPool } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { percentile, round2, thousands } from "../lib/measure";
import type { Scenario } from "../lib/scenario";
import { cpuMs } from "./send-data";

const CONNECTIONS = 50;
/** The list's default page size (CAMPAIGN_PAGE.default). */
const PAGE = CAMPAIGN_PAGE.default;

/** The floor: a route module doing no work, answering a small JSON. */
const bareRoute = async (_req: Request) => Response.json({ ok: true });

/**
 * GET /api/v1/campaigns (API key, a workspace of 200 campaigns with leads, steps, mailboxes and
 * sent emails; the default page of 50, and the largest page of 200 in the notes) under 50
 * concurrent keep-alive connections, against a bare route returning a small JSON under the same
 * load. One Node server on loopback hands each request to the route module as Next.js does (a web
 * Request in, a Response out), for ours and the floor alike.
 *
 * Where a request's time goes (CPU profile, a page of 50): the HTTP exchange and the Request/
 * Response hand-off, the API-key lookup (hash, one named statement), one named statement for the
 * page (campaigns by the workspace/creation index, each one's step count, mailboxes and counter
 * sums by index), the driver decoding 50 rows of text, and the JSON written from that text. Under
 * 50 connections requests queue behind that CPU, and behind two round trips to PostgreSQL that the
 * floor does not make.
 */
export const campaignList: Scenario = {
  name: "campaign-list",
  description: "campaign list API under 50 concurrent connections vs a bare JSON route (p95)",
  async run(ctx) {
    const campaigns = 200;
    const leadsPerCampaign = ctx.quick ? 100 : 500;
    const db = getDb();
    const userId = crypto.randomUUID();
    await db.insert(users).values({ id: userId, name: "Bench", email: "bench@example.test" });
    const ws = await createPersonalWorkspace(db, { userId, userName: "Bench", email: "bench@example.test" });
    const { token } = await createApiKey(db, { workspaceId: ws.id, name: "bench", createdByUserId: userId });
    await seed(ws.id, campaigns, leadsPerCampaign);

    // Both routes go through the same hand-off, as Next.js serves a route handler: a web Request
    // in, the route module's Response out, its body read and written to the socket. `/raw` is a
    // plain Node handler with no hand-off at all, reported beside the floor.
    const routes: Record<string, (req: Request) => Promise<Response>> = {
      "/bare": bareRoute,
      "/api/v1/campaigns": listCampaignsRoute,
    };
    const server = http.createServer(async (req, res) => {
      if (req.url === "/raw") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
        return;
      }
      const route = routes[req.url?.split("?")[0] ?? ""]!;
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
      });
      const response = await route(request);
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(body);
    });
    server.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        const req = http.get(
          { host: "127.0.0.1", port, path, agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            let bytes = 0;
            res.on("data", (d: Buffer) => (bytes += d.length));
            res.on("end", () =>
              res.statusCode === 200 && bytes > 0
                ? resolve(performance.now() - start)
                : reject(new Error(`${path} answered ${res.statusCode}`)),
            );
          },
        );
        req.on("error", reject);
      });
    /** `total` requests over CONNECTIONS concurrent clients; each request's latency. */
    const load = async (path: string, total: number) => {
      const latencies: number[] = [];
      let left = total;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (left-- > 0) latencies.push(await get(path));
        }),
      );
      return latencies;
    };
    const getJson = (path: string) =>
      new Promise<string>((resolve, reject) =>
        http
          .get({ port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
            let text = "";
            res.on("data", (d) => (text += d));
            res.on("end", () => resolve(text));
          })
          .on("error", reject),
      );
    type Page = { data: { id: string; leadCount: number }[]; next: string | null };
    const side = (rounds: number[][]) => {
      const all = rounds.flat();
      return {
        p50Ms: round2(percentile(all, 50)),
        p95Ms: round2(percentile(all, 95)),
        p99Ms: round2(percentile(all, 99)),
      };
    };
    type Cpu = { node: number; pg: number };
    /**
     * `path` under load against the bare route (and the raw handler), rounds interleaved so drift in
     * the machine's load hits every side alike; p50/p95/p99 and CPU per request of each side.
     */
    const compare = async (path: string, rounds: number, perRound: number) => {
      const sides = { raw: "/raw", floor: "/bare", ours: path } as const;
      const latencies = { raw: [] as number[][], floor: [] as number[][], ours: [] as number[][] };
      const cpu: Record<keyof typeof sides, Cpu> = {
        raw: { node: 0, pg: 0 },
        floor: { node: 0, pg: 0 },
        ours: { node: 0, pg: 0 },
      };
      for (const p of Object.values(sides)) await load(p, 100); // warm every path and the connections
      for (let round = 0; round < rounds; round++) {
        for (const [name, p] of Object.entries(sides) as [keyof typeof sides, string][]) {
          const before = await cpuMs();
          latencies[name].push(await load(p, perRound));
          const after = await cpuMs();
          cpu[name].node += after.node - before.node;
          cpu[name].pg += after.pg - before.pg;
        }
      }
      const summary = (name: keyof typeof sides) => ({
        ...side(latencies[name]),
        cpu: {
          node: round2(cpu[name].node / (rounds * perRound)),
          pg: round2(cpu[name].pg / (rounds * perRound)),
        },
      });
      return { raw: summary("raw"), floor: summary("floor"), ours: summary("ours") };
    };
    try {
      // the whole list, page by page, is what was seeded: newest first, every campaign once
      const first = JSON.parse(await getJson("/api/v1/campaigns")) as Page;
      const seen: string[] = [];
      for (let page = first; ; ) {
        seen.push(...page.data.map((c) => c.id));
        if (!page.next) break;
        page = JSON.parse(await getJson(`/api/v1/campaigns?startingAfter=${page.next}`)) as Page;
      }
      const expected = Array.from({ length: campaigns }, (_, i) => `c${i + 1}`);
      if (
        first.data.length !== PAGE ||
        first.data[0]?.leadCount !== leadsPerCampaign ||
        `${seen}` !== `${expected}`
      )
        throw new Error(`the list is not what was seeded: ${JSON.stringify(first).slice(0, 300)}`);

      const perRound = ctx.quick ? 200 : 1_000;
      const page = await compare("/api/v1/campaigns", ctx.quick ? 2 : 4, perRound);
      // the largest page a caller may ask for: every campaign of this workspace in one response
      const whole = await compare(`/api/v1/campaigns?limit=${campaigns}`, 2, perRound);
      // the list's own cost, one request at a time: what concurrent requests queue behind
      const alone = async (path: string) => {
        const ms: number[] = [];
        for (let i = 0; i < (ctx.quick ? 10 : 30); i++) ms.push(await get(path));
        return round2(percentile(ms, 50));
      };
      const alonePage = await alone("/api/v1/campaigns");
      const aloneWhole = await alone(`/api/v1/campaigns?limit=${campaigns}`);
      const aloneBare = await alone("/bare");
      const cpuText = (c: Cpu) => `Node ${c.node} ms + PostgreSQL ${c.pg} ms`;
      const ratio = round2(page.ours.p95Ms / page.floor.p95Ms);
      return {
        name: "campaign-list",
        scale: `${campaigns} campaigns (pages of ${PAGE}), ${thousands(campaigns * leadsPerCampaign)} campaign leads, ${CONNECTIONS} connections`,
        ours: {
          label: `GET /api/v1/campaigns (a page of ${PAGE})`,
          p50Ms: page.ours.p50Ms,
          p99Ms: page.ours.p99Ms,
        },
        floor: { label: "bare JSON route", p50Ms: page.floor.p50Ms, p99Ms: page.floor.p99Ms },
        ratioKind: "slowdown",
        ratio,
        target: "p95 within 5× a bare route",
        met: ratio <= 5,
        notes: [
          `p95: ours ${page.ours.p95Ms} ms, bare route ${page.floor.p95Ms} ms (the ratio is of p95); the default page of ${PAGE}, as a client that pages sees it`,
          `the floor is a route module answering {"ok":true} through the same hand-off as ours (a web Request in, a Response out, as Next.js serves routes); a plain Node handler without it: p95 ${page.raw.p95Ms} ms, ours ${round2(page.ours.p95Ms / page.raw.p95Ms)}× that`,
          `CPU a request (the load client's share included; PostgreSQL's counted in 10 ms ticks): ours ${cpuText(page.ours.cpu)}, bare route ${cpuText(page.floor.cpu)}, plain handler ${cpuText(page.raw.cpu)}; with every connection busy a request waits for about ${CONNECTIONS} others' worth of it`,
          `the largest page (limit=${campaigns}, every campaign at once): p95 ${whole.ours.p95Ms} ms against the bare route's ${whole.floor.p95Ms} ms (${round2(whole.ours.p95Ms / whole.floor.p95Ms)}×); CPU a request ${cpuText(whole.ours.cpu)}`,
          `one request at a time (p50): a page of ${PAGE} ${alonePage} ms, ${campaigns} at once ${aloneWhole} ms, the bare route ${aloneBare} ms`,
        ],
      };
    } finally {
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
  },
};

/** Campaigns with steps, two mailboxes each, leads in several states and sent emails: set-based SQL. */
async function seed(workspaceId: string, campaigns: number, leadsPerCampaign: number) {
  const pool = getPool();
  const leadsTotal = campaigns * leadsPerCampaign;
  await pool.query(
    `insert into mailboxes (id, workspace_id, email)
     select 'mb' || i, $1, 'sender' || i || '@bench.test' from generate_series(1, 10) i`,
    [workspaceId],
  );
  await pool.query(
    `insert into campaigns (id, workspace_id, name, status, created_at)
     select 'c' || i, $1, 'Campaign ' || i, (array['draft','active','paused','completed'])[1 + i % 4],
            now() - make_interval(mins => i)
     from generate_series(1, $2::int) i`,
    [workspaceId, campaigns],
  );
  await pool.query(
    `insert into campaign_steps (id, workspace_id, campaign_id, position, delay_minutes)
     select 'c' || i || 's' || p, $1, 'c' || i, p, (p - 1) * 2880
     from generate_series(1, $2::int) i, generate_series(1, 3) p`,
    [workspaceId, campaigns],
  );
  await pool.query(
    `insert into campaign_mailboxes (campaign_id, mailbox_id, workspace_id)
     select 'c' || i, 'mb' || (1 + (i + k) % 10), $1 from generate_series(1, $2::int) i, generate_series(0, 1) k`,
    [workspaceId, campaigns],
  );
  await pool.query(
    `insert into leads (id, workspace_id, email)
     select 'l' || i, $1, 'lead' || i || '@bench.test' from generate_series(1, $2::int) i`,
    [workspaceId, leadsTotal],
  );
  // each campaign its own leads; one in ten replied, half with a sent first step
  await pool.query(
    `insert into campaign_leads (id, workspace_id, campaign_id, lead_id, status, next_step)
     select 'cl' || n, $1, 'c' || (1 + (n - 1) / $2), 'l' || n,
            case when n % 10 = 0 then 'replied' when n % 2 = 0 then 'queued' else 'completed' end,
            case when n % 2 = 0 then 2 else 1 end
     from generate_series(1, $3::int) n`,
    [workspaceId, leadsPerCampaign, leadsTotal],
  );
  await pool.query(
    `insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id, mailbox_id,
                              status, message_id, from_email, to_email, subject, sent_at)
     select 'se' || n, $1, 'c' || c, 'cl' || n, 'l' || n, 'c' || c || 's1', 'mb' || (1 + n % 10),
            case when n % 50 = 0 then 'bounced' else 'sent' end, '<se' || n || '@bench.test>',
            'sender@bench.test', 'lead' || n || '@bench.test', 'Hello', now() - make_interval(mins => n % 5000)
     from (select n, 1 + (n - 1) / $2 as c from generate_series(1, $3::int) n) s
     where n % 2 = 0`,
    [workspaceId, leadsPerCampaign, leadsTotal],
  );
  await pool.query("vacuum analyze");
}
