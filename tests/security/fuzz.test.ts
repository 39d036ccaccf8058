import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { Client, freshSourceIp } from "./client";
import { app, assertNoCrash, type Person, signUp, startSecurityApp } from "./people";

type OpenApi = {
  paths: Record<
    string,
    Record<string, { requestBody?: unknown; parameters?: { name: string; in: string }[] }>
  >;
};

// Path segments as an attacker writes them: raw escapes (valid and malformed), NUL, traversal,
// Unicode, very long ids. Some go through encodeURIComponent, some are sent exactly as written.
const nasty = fc.constantFrom(
  "%ff",
  "%00",
  "%",
  "%zz",
  "%c0%ae",
  "..%2f..%2fetc%2fpasswd",
  "%2e%2e",
  "\u0000",
  "a\u0000b",
  "%E2%80%AE",
  "'; select pg_sleep(5); --",
  "$" + "{7*7}",
  "<script>",
  "x".repeat(5000),
  "-1",
  "0",
  "null",
  "undefined",
  "[]",
  "{}",
);
/** Bytes HTTP cannot carry raw in a request line are escaped; `%` stays as written (so `%ff` goes out malformed). */
const wire = (s: string) =>
  s.replace(/[^\x21-\x7e]|[#?]/gu, (c) =>
    [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
  );
const escaped = (s: string) => wire(s).replace(/%(?![0-9a-f]{2})/gi, "%25");
const segment = fc.oneof(
  nasty.map(wire),
  fc.string({ unit: "binary", maxLength: 40 }).map(escaped),
  fc.uuid(),
  nasty.map(escaped),
);
const queryValue = fc.oneof(
  nasty.map(wire),
  fc.string({ unit: "binary", maxLength: 60 }).map(escaped),
  fc.integer().map(String),
  fc.constantFrom("true", "false", "-1", "1e309", "NaN", "99999999999999999999"),
);
const queryString = (names: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...names, "page", "pageSize", "search", "status"), fc.string()),
        queryValue,
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) =>
      pairs.map(([k, v]) => `${escaped(k).replace(/[&=]/g, "")}=${v.replace(/&/g, "%26")}`).join("&"),
    );
const nulString = fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    nulString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
  ),
}));
const body = (keys: string[]) =>
  fc.oneof(
    jsonish.value,
    // a plausible object: the operation's own field names with hostile values
    fc.dictionary(
      fc.constantFrom(...(keys.length ? keys : ["name"]), "__proto__", "constructor"),
      jsonish.value,
      {
        maxKeys: 5,
      },
    ),
    fc.constantFrom("{", "[1,", '{"a":', "\u0000", '"\\ud800"', "{}".repeat(1000), "[".repeat(5000)),
  );

// A fixed seed keeps `npm test` repeatable; FUZZ_SEED=random (or a number) and FUZZ_RUNS explore
// further, and a failure prints the seed and path to replay it.
const seed = process.env.FUZZ_SEED === "random" ? Date.now() : Number(process.env.FUZZ_SEED ?? 20_261_129);

// the app under attack, shared by the tier's files (tests/security/app.ts)
beforeAll(startSecurityApp);

describe("fuzzing every route: never a 500, never a stack trace", () => {
  let victim: Person;
  let doc: OpenApi;
  let bodyKeys: Record<string, string[]>;

  beforeAll(async () => {
    victim = await signUp("fuzzed");
    doc = (await victim.api.get("/api/v1/openapi.json")).json() as OpenApi;
    const raw = (await victim.api.get("/api/v1/openapi.json")).json() as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    bodyKeys = Object.fromEntries(
      Object.entries(raw.components.schemas).map(([k, v]) => [k, Object.keys(v.properties ?? {})]),
    );
  });

  const keysOf = (op: { requestBody?: unknown }) => {
    const ref = JSON.stringify(op.requestBody ?? "").match(/#\/components\/schemas\/(\w+)/)?.[1];
    return (ref && bodyKeys[ref]) || [];
  };

  it("the public API: ids, query strings and bodies, by key and by session", async () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 20);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
        await fc.assert(
          fc.asyncProperty(
            segment,
            queryString(queryNames),
            body(keysOf(op)),
            fc.boolean(),
            async (id, query, b, viaSession) => {
              const url = `${path.replace(/\{\w+\}/g, id)}${query ? `?${query}` : ""}`;
              const client = viaSession ? victim.client : victim.api;
              const res = await client.request(url, {
                method: method.toUpperCase(),
                ...(method === "get" || method === "delete" ? {} : { body: typeof b === "string" ? b : b }),
                headers: typeof b === "string" ? { "content-type": "application/json" } : {},
              });
              assertNoCrash(res, `${method.toUpperCase()} ${url.slice(0, 200)}`);
            },
          ),
          { numRuns: runs, endOnFailure: true, seed },
        );
      }
    }
  });

  it("sign-up, sign-in and workspace endpoints of the auth library", async () => {
    const routes = [
      "/api/auth/sign-up/email",
      "/api/auth/sign-in/email",
      "/api/auth/organization/invite-member",
      "/api/auth/organization/accept-invitation",
      "/api/auth/organization/set-active",
      "/api/auth/organization/update",
      "/api/auth/organization/remove-member",
      "/api/auth/update-user",
    ];
    const keys = [
      "email",
      "password",
      "name",
      "role",
      "invitationId",
      "organizationId",
      "memberIdOrEmail",
      "data",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body(keys), async (route, b) => {
        // a fresh address each time, so the rate limit answers no request in place of the handler
        const client = new Client(app().baseUrl, freshSourceIp());
        const signedIn = route.includes("/organization/") || route.includes("update-user");
        const res = await (signedIn ? victim.client : client).request(route, {
          method: "POST",
          body: b,
          headers: typeof b === "string" ? { "content-type": "application/json" } : {},
        });
        assertNoCrash(res, `POST ${route} ${JSON.stringify(b).slice(0, 200)}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20) * 8, endOnFailure: true, seed },
    );
  });

  it("pages, tracking, unsubscribe, invitations, OAuth and cron routes", async () => {
    const routes = [
      "/u/{x}",
      "/t/o/{x}",
      "/t/c/{x}",
      "/invite/{x}",
      "/campaigns/{x}",
      "/campaigns/{x}/edit",
      "/domains/{x}",
      "/domains/orders/{x}",
      "/api/mailboxes/oauth/{x}/start",
      "/api/mailboxes/oauth/{x}/callback",
      "/login",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        segment,
        queryString(["next", "code", "state", "error", "u", "s"]),
        fc.constantFrom("GET", "POST"),
        async (route, x, query, method) => {
          const url = `${route.replace("{x}", x)}${query ? `?${query}` : ""}`;
          const res = await victim.client.request(url, {
            method,
            ...(method === "POST" ? { body: "x=1" } : {}),
          });
          assertNoCrash(res, `${method} ${url.slice(0, 200)}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20) * 12, endOnFailure: true, seed },
    );
    for (const [path, headers] of [
      ["/api/cron/inbox-sync", { authorization: `Bearer ${"x".repeat(10_000)}` }],
      ["/api/cron/inbox-sync", { authorization: "Bearer wrong" }],
      ["/api/webhooks/stripe", { "stripe-signature": "t=1,v1=00" }],
      ["/api/domains/checkout", {}],
    ] as const) {
      const res = await victim.client.request(path, { method: "POST", body: "{", headers });
      assertNoCrash(res, `POST ${path}`);
    }
  });
});
