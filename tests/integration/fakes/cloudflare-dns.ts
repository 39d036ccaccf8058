/**
 * A local server that answers like Cloudflare's DNS API (v4 envelope
 * `{ success, errors: [{ code, message }], messages, result, result_info }`), for the official
 * `cloudflare` SDK pointed at it with `baseURL`.
 *
 * Routes (under /client/v4): GET /zones (filters name, account.id; paginated), POST /zones,
 * GET/POST /zones/{id}/dns_records (filters name / name.exact, type; paginated),
 * PATCH/DELETE /zones/{id}/dns_records/{record_id}.
 * Errors as Cloudflare gives them: bad or missing token → 403 code 10000; another account → 403
 * code 9109; unknown zone → 404 code 7003; zone exists → 400 code 1061; identical record → 400
 * code 81058; a CNAME beside other records (or the reverse) → 400 code 81053; name outside the
 * zone → 400 code 9007; bad or missing TTL (the SDK's create params require it) → 400 code 9021;
 * a body field the SDK's record params do not have → 400 code 1004. `failNext(status, code, message)` injects one.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeDnsRecord = {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
  proxiable: boolean;
  priority?: number;
  comment: string | null;
  tags: string[];
  settings: Record<string, unknown>;
  meta: Record<string, unknown>;
  created_on: string;
  modified_on: string;
};

export type FakeZone = {
  id: string;
  name: string;
  account: { id: string; name: string };
  name_servers: string[];
  status: "pending" | "active";
  type: "full";
};

export type FakeCloudflareDns = {
  /** e.g. http://127.0.0.1:PORT/client/v4 — the SDK's baseURL */
  baseUrl: string;
  accountId: string;
  token: string;
  zones: Map<string, FakeZone>;
  records: Map<string, FakeDnsRecord>;
  /** every request: method and path (after /client/v4) */
  requests: { method: string; path: string }[];
  /** add a zone (as if made in the dashboard) */
  addZone(name: string): FakeZone;
  /** add a record to a zone directly */
  addRecord(
    zoneName: string,
    r: { name: string; type: string; content: string; ttl?: number; priority?: number },
  ): FakeDnsRecord;
  recordsOf(zoneName: string): FakeDnsRecord[];
  /** the next request gets this error (calls queue) */
  failNext(status: number, code: number, message: string): void;
  close(): Promise<void>;
};

const NAMESERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
const TYPES = new Set(["A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA", "SRV"]);
const hex = () => randomBytes(16).toString("hex");

export async function startFakeCloudflareDns(): Promise<FakeCloudflareDns> {
  const accountId = hex();
  const token = `cf-dns-${randomBytes(12).toString("hex")}`;
  const zones = new Map<string, FakeZone>();
  const records = new Map<string, FakeDnsRecord>();
  const requests: FakeCloudflareDns["requests"] = [];
  const failures: { status: number; code: number; message: string }[] = [];

  const addZone = (name: string): FakeZone => {
    const zone: FakeZone = {
      id: hex(),
      name: name.toLowerCase(),
      account: { id: accountId, name: "Test account" },
      name_servers: NAMESERVERS,
      status: "pending",
      type: "full",
    };
    zones.set(zone.id, zone);
    return zone;
  };
  const zoneByName = (name: string) => [...zones.values()].find((z) => z.name === name.toLowerCase());

  const makeRecord = (
    zone: FakeZone,
    input: Record<string, unknown>,
    existingId?: string,
  ): FakeDnsRecord | ApiError => {
    const type = String(input.type ?? "").toUpperCase();
    const name = String(input.name ?? "")
      .toLowerCase()
      .replace(/\.$/, "");
    const content = typeof input.content === "string" ? input.content : "";
    const ttl = input.ttl === undefined ? 1 : Number(input.ttl);
    if (!TYPES.has(type)) return new ApiError(400, 9000, `DNS Validation Error: unsupported type ${type}`);
    if (name !== zone.name && !name.endsWith(`.${zone.name}`))
      return new ApiError(
        400,
        9007,
        `Content for ${type} record is invalid. Name must be within ${zone.name}`,
      );
    if (!content) return new ApiError(400, 9005, "Content for record is invalid. Must not be empty.");
    if (!(ttl === 1 || (ttl >= 60 && ttl <= 86400)))
      return new ApiError(
        400,
        9021,
        "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.",
      );
    if (type === "MX" && (typeof input.priority !== "number" || input.priority < 0 || input.priority > 65535))
      return new ApiError(400, 9101, "MX records need a priority between 0 and 65535.");
    const others = [...records.values()].filter(
      (r) => r.zone_id === zone.id && r.name === name && r.id !== existingId,
    );
    if (
      others.some(
        (r) =>
          r.type === type &&
          r.content === content &&
          (r.priority ?? null) === ((input.priority as number) ?? null),
      )
    )
      return new ApiError(400, 81058, "An identical record already exists.");
    if ((type === "CNAME" && others.length) || others.some((r) => r.type === "CNAME"))
      return new ApiError(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
    const now = new Date().toISOString();
    const prior = existingId ? records.get(existingId) : undefined;
    return {
      id: existingId ?? hex(),
      zone_id: zone.id,
      zone_name: zone.name,
      name,
      type,
      content,
      ttl,
      proxied: Boolean(input.proxied),
      proxiable: ["A", "AAAA", "CNAME"].includes(type),
      ...(type === "MX" ? { priority: input.priority as number } : {}),
      comment: (input.comment as string) ?? null,
      tags: [],
      settings: {},
      meta: {},
      created_on: prior?.created_on ?? now,
      modified_on: now,
    };
  };

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const ok = (result: unknown, extra: Record<string, unknown> = {}) =>
      send(200, { success: true, errors: [], messages: [], result, ...extra });
    const fail = (e: ApiError) =>
      send(e.status, {
        success: false,
        errors: [{ code: e.code, message: e.message }],
        messages: [],
        result: null,
      });

    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/client\/v4/, "");
    requests.push({ method: req.method ?? "GET", path });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> = {};
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return fail(new ApiError(400, 6007, "Malformed JSON in request body"));
      }
    }

    if (req.headers.authorization !== `Bearer ${token}`)
      return fail(new ApiError(403, 10000, "Authentication error"));
    const injected = failures.shift();
    if (injected) return fail(new ApiError(injected.status, injected.code, injected.message));

    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
    const perPage = Math.min(5000, Math.max(5, Number(url.searchParams.get("per_page") ?? 20)));
    const paged = <T>(items: T[]) =>
      ok(items.slice((page - 1) * perPage, page * perPage), {
        result_info: {
          page,
          per_page: perPage,
          count: items.slice((page - 1) * perPage, page * perPage).length,
          total_count: items.length,
          total_pages: Math.max(1, Math.ceil(items.length / perPage)),
        },
      });

    if (path === "/zones" && req.method === "GET") {
      const acct = url.searchParams.get("account.id");
      if (acct && acct !== accountId)
        return fail(new ApiError(403, 9109, "Unauthorized to access requested resource"));
      const name = url.searchParams.get("name")?.toLowerCase();
      return paged([...zones.values()].filter((z) => !name || z.name === name));
    }
    if (path === "/zones" && req.method === "POST") {
      const acct = (body.account as { id?: string } | undefined)?.id;
      if (acct !== accountId)
        return fail(new ApiError(403, 9109, "Unauthorized to access requested resource"));
      const name = String(body.name ?? "").toLowerCase();
      if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(name)) return fail(new ApiError(400, 1097, "Invalid zone name"));
      if (zoneByName(name)) return fail(new ApiError(400, 1061, `${name} already exists`));
      return ok(addZone(name));
    }
    const m = /^\/zones\/([0-9a-f]{32})\/dns_records(?:\/([0-9a-f]{32}))?$/.exec(path);
    if (m) {
      const zone = zones.get(m[1]!);
      if (!zone)
        return fail(
          new ApiError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`),
        );
      const recordId = m[2];
      if (!recordId && req.method === "GET") {
        const name = (url.searchParams.get("name.exact") ?? url.searchParams.get("name"))?.toLowerCase();
        const type = url.searchParams.get("type")?.toUpperCase();
        return paged(
          [...records.values()].filter(
            (r) => r.zone_id === zone.id && (!name || r.name === name) && (!type || r.type === type),
          ),
        );
      }
      if (!recordId && req.method === "POST") {
        const bad = unknownRecordField(body);
        if (bad) return fail(bad);
        // RecordCreateParams (SDK 7.3) requires ttl: 1 (automatic) or 60–86400
        if (body.ttl === undefined) return fail(new ApiError(400, 9021, "ttl: is required"));
        const r = makeRecord(zone, body);
        if (r instanceof ApiError) return fail(r);
        records.set(r.id, r);
        return ok(r);
      }
      const existing = recordId ? records.get(recordId) : undefined;
      if (!existing || existing.zone_id !== zone.id)
        return fail(new ApiError(404, 81044, "Record does not exist."));
      if (req.method === "PATCH") {
        const bad = unknownRecordField(body);
        if (bad) return fail(bad);
        const r = makeRecord(zone, { ...existing, ...body }, existing.id);
        if (r instanceof ApiError) return fail(r);
        records.set(r.id, r);
        return ok(r);
      }
      if (req.method === "DELETE") {
        records.delete(existing.id);
        return ok({ id: existing.id });
      }
    }
    return fail(new ApiError(404, 7000, `No route for that URI: ${req.method} ${path}`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    accountId,
    token,
    zones,
    records,
    requests,
    addZone,
    addRecord(zoneName, r) {
      const zone = zoneByName(zoneName);
      if (!zone) throw new Error(`fake Cloudflare: no zone ${zoneName}`);
      const made = makeRecord(zone, { ttl: 3600, ...r });
      if (made instanceof ApiError) throw made;
      records.set(made.id, made);
      return made;
    },
    recordsOf(zoneName) {
      const zone = zoneByName(zoneName);
      return [...records.values()].filter((r) => r.zone_id === zone?.id);
    },
    failNext(status, code, message) {
      failures.push({ status, code, message });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** the body fields of the SDK's RecordCreateParams / RecordEditParams (cloudflare 7.3.0) */
const RECORD_FIELDS = new Set([
  "name",
  "type",
  "content",
  "ttl",
  "proxied",
  "priority",
  "comment",
  "tags",
  "settings",
  "data",
  "private_routing",
]);

function unknownRecordField(body: Record<string, unknown>): ApiError | null {
  const extra = Object.keys(body).find((k) => !RECORD_FIELDS.has(k));
  return extra ? new ApiError(400, 1004, `${extra}: unknown field`) : null;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
