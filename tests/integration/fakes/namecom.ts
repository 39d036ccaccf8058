/**
 * A local server that answers like Name.com's Core API v1 (https://docs.name.com, the OpenAPI
 * document and the official TypeScript SDK `namedotcom/core-api-typescript`) and refuses what it
 * refuses, so that the adapter's requests are what the tests check:
 *
 * - HTTP Basic `username:token`, else 401 `{ message: "Unauthenticated" }`. It models the test host
 *   (api.dev.name.com), whose accounts are "<username>-test": the bare username is refused.
 * - POST/PUT/PATCH without `Content-Type: application/json` → 415.
 * - Every body and query is checked against the request schema: an unknown field, a missing
 *   required one or a value out of its rule → 400 `{ message: "Bad Request", details }`. Contacts are
 *   ContactRequest: firstName, lastName, address1, city, state, zip, country (`^[A-Z]{2}$`), email
 *   and phone (E.164, `^\+[1-9]\d{7,14}$`: "+1.5555550100" is refused) required.
 * - Per TLD (GET /core/v1/domaininfo/requirements/{tld}): the allowed terms (.ai: 2 years and up),
 *   the registry's `tldRequirements` (.us nexus, .ca legal type: missing or unknown keys and values
 *   outside the options → 400), the contact roles it takes (.eu: registrant and tech only). A TLD
 *   Name.com does not sell → 422 "TLD not supported". The requirement keys are this fake's own
 *   (Name.com documents them per TLD through that endpoint, which the adapter reads, never assumes).
 * - Create Domain with `X-Idempotency-Key`: Name.com documents that "subsequent requests with the
 *   same key will return the original result" for one hour, with `X-Idempotent-Replay: 1`. It does
 *   not document refusing a reused key with a different body, so this fake, following the docs,
 *   replays the first result whatever the new body says; the adapter must notice an answer for
 *   another name. Requests refused by validation are not remembered (nothing was executed).
 *
 * Routes: POST /core/v1/domains:checkAvailability, POST /core/v1/domains, GET /core/v1/domains,
 * GET|PATCH /core/v1/domains/{name}, POST /core/v1/domains/{name}:setNameservers |
 * :enableAutorenew | :disableAutorenew, GET /core/v1/domains/{name}:getPricing,
 * GET /core/v1/domaininfo/requirements/{tld}. `rateLimitNext()` → 429 with Retry-After.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeNamecomDomain = {
  name: string;
  createdAt: Date;
  expiresAt: Date;
  nameservers: string[];
  autorenew?: boolean;
  privacy?: boolean;
};
/** lost_answer: the domain is registered, then the connection is cut before any answer */
export type FakeNamecomFailure =
  | "transient"
  | "taken"
  | "rate_limited"
  | "insufficient_funds"
  | "lost_answer";

type ContactKey = "registrant" | "admin" | "tech" | "billing";
export type FakeRequirementField = {
  type: "string" | "enum" | "acknowledgement" | "boolean" | "notice";
  required: boolean;
  label?: string;
  description?: string;
  options?: { value: string; label: string; fields?: Record<string, FakeRequirementField> }[];
  value?: string;
  required_when?: string;
  fields?: Record<string, FakeRequirementField>;
};
export type FakeNamecomTld = {
  allowedYears: number[];
  requirements: Record<string, FakeRequirementField>;
  /** contact roles the registry takes; null: all four */
  contactRoles: ContactKey[] | null;
  claimsCheckRequired?: string[];
  /** per contact key, fields whose value must be one of these (a ccTLD's allowed countries) */
  contactChoices?: Partial<Record<ContactKey, Record<string, string[]>>>;
};

const YEARS_1_10 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const EU_COUNTRIES = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(
  " ",
);

/** The TLDs with rules in this fake; every other TLD: 1–10 years, no requirements, all roles. */
export function defaultNamecomTlds(): Map<string, FakeNamecomTld> {
  return new Map<string, FakeNamecomTld>([
    ["ai", { allowedYears: [2, 4, 6, 8, 10], requirements: {}, contactRoles: null }],
    [
      "us",
      {
        allowedYears: YEARS_1_10,
        contactRoles: null,
        requirements: {
          usNexusCategory: {
            type: "enum",
            required: true,
            label: "Nexus category",
            options: [
              { value: "C11", label: "A US citizen" },
              { value: "C12", label: "A permanent resident of the US" },
              { value: "C21", label: "A US organisation" },
              { value: "C31", label: "A foreign entity regularly doing business in the US" },
              { value: "C32", label: "A foreign entity with an office in the US" },
            ],
          },
          usAppPurpose: {
            type: "enum",
            required: true,
            label: "Intended use",
            options: [
              { value: "P1", label: "Business for profit" },
              { value: "P2", label: "Non-profit" },
              { value: "P3", label: "Personal" },
              { value: "P4", label: "Education" },
              { value: "P5", label: "Government" },
            ],
          },
        },
      },
    ],
    [
      "ca",
      {
        allowedYears: YEARS_1_10,
        contactRoles: null,
        requirements: {
          caLegalType: {
            type: "enum",
            required: true,
            label: "Legal type",
            options: [
              { value: "CCO", label: "Canadian corporation" },
              { value: "CCT", label: "Canadian citizen" },
              { value: "RES", label: "Permanent resident" },
            ],
          },
          caPrivacyNotice: {
            type: "notice",
            required: false,
            description: "CIRA publishes the registrant's name for organisations.",
          },
        },
      },
    ],
    [
      "eu",
      {
        allowedYears: YEARS_1_10,
        requirements: {},
        contactRoles: ["registrant", "tech"],
        contactChoices: { registrant: { country: EU_COUNTRIES } },
      },
    ],
    [
      "fr",
      {
        allowedYears: YEARS_1_10,
        contactRoles: null,
        requirements: {
          frEntityType: {
            type: "enum",
            required: true,
            label: "Registrant type",
            options: [
              { value: "individual", label: "Individual" },
              {
                value: "company",
                label: "Company",
                fields: { frSiren: { type: "string", required: true, label: "SIREN number" } },
              },
            ],
          },
        },
      },
    ],
  ]);
}

export type FakeNamecom = {
  /** e.g. http://127.0.0.1:PORT — pass as NAMECOM_API_URL */
  apiUrl: string;
  /** "<base>-test": the test host's form of the account's username */
  username: string;
  token: string;
  taken: Set<string>;
  /** premium names and their price in cents */
  premium: Map<string, number>;
  unsupportedTlds: Set<string>;
  /** per-TLD yearly prices in cents; others: defaultNamecomPrice(tld) */
  prices: Map<string, { registration: number; renewal: number }>;
  /** TLD rules (see defaultNamecomTlds); change freely in a test */
  tlds: Map<string, FakeNamecomTld>;
  registered: Map<string, FakeNamecomDomain>;
  /** every create request's domain that reached the registry step, in order (replays excluded) */
  registerCalls: string[];
  /** the bodies of those create requests */
  createBodies: Record<string, unknown>[];
  checkCalls: number;
  checkBatches: string[][];
  requests: { method: string; path: string; idempotencyKey?: string; replay?: boolean }[];
  failNextRegister(kind: FakeNamecomFailure): void;
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  /** as if the keys' hour had passed */
  expireIdempotencyKeys(): void;
  close(): Promise<void>;
};

/** Name.com's yearly price in the fake when `prices` has none: com 12.99, others distinct and stable. */
export function defaultNamecomPrice(tld: string): { registration: number; renewal: number } {
  if (tld === "com") return { registration: 1299, renewal: 1499 };
  let h = 0;
  for (const c of tld) h = (h * 17 + c.charCodeAt(0)) % 991;
  const registration = 900 + h * 5;
  return { registration, renewal: registration + 200 };
}

const dollars = (cents: number) => Math.round(cents) / 100;
export const NAMECOM_IDEMPOTENCY_TTL_MS = 60 * 60 * 1000;
export const E164 = /^\+[1-9]\d{7,14}$/;

const CONTACT_FIELDS = [
  "firstName",
  "lastName",
  "companyName",
  "address1",
  "address2",
  "city",
  "state",
  "zip",
  "country",
  "email",
  "phone",
  "fax",
];
const CONTACT_REQUIRED = [
  "firstName",
  "lastName",
  "address1",
  "city",
  "state",
  "zip",
  "country",
  "email",
  "phone",
];
const CREATE_FIELDS = [
  "domain",
  "purchasePrice",
  "purchaseType",
  "tldRequirements",
  "claims",
  "years",
  "promoCode",
];
const CREATE_DOMAIN_FIELDS = [
  "domainName",
  "privacyEnabled",
  "autorenewEnabled",
  "locked",
  "nameservers",
  "contacts",
];
const LIST_QUERY = [
  "perPage",
  "page",
  "sort",
  "dir",
  "domainName",
  "tld",
  "locked",
  "createDate",
  "createDateStart",
  "createDateEnd",
  "expireDate",
  "expireDateStart",
  "expireDateEnd",
  "privacyEnabled",
  "isPremium",
  "autorenewEnabled",
  "orderId",
  "includeRenewalPrice",
];

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}
const bad = (details: string) => new Refusal(400, "Bad Request", details);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function onlyKnown(obj: Record<string, unknown>, allowed: string[], where: string) {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw bad(`${where}: unknown field ${unknown.map((k) => `'${k}'`).join(", ")}`);
}

function checkContact(c: unknown, where: string) {
  if (!isObject(c)) throw bad(`${where}: must be an object`);
  onlyKnown(c, CONTACT_FIELDS, where);
  for (const k of CONTACT_REQUIRED) {
    if (typeof c[k] !== "string" || (c[k] as string).length === 0) throw bad(`${where}.${k}: is required`);
  }
  for (const k of CONTACT_FIELDS) {
    if (c[k] !== undefined && c[k] !== null && typeof c[k] !== "string")
      throw bad(`${where}.${k}: must be a string`);
  }
  if (!/^[A-Z]{2}$/.test(c.country as string))
    throw bad(`${where}.country: must be an ISO 3166-1 alpha-2 code (^[A-Z]{2}$)`);
  if (!E164.test(c.phone as string)) throw bad(`${where}.phone: must match ^\\+[1-9]\\d{7,14}$ (E.164)`);
  if (c.fax && !E164.test(c.fax as string)) throw bad(`${where}.fax: must match ^\\+[1-9]\\d{7,14}$ (E.164)`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email as string))
    throw bad(`${where}.email: is not a valid email`);
}

export async function startFakeNamecom(
  opts: { username?: string; token?: string } = {},
): Promise<FakeNamecom> {
  const base = (opts.username ?? "coldframe").replace(/-test$/, "");
  const username = `${base}-test`;
  const token = opts.token ?? `nc-test-token-${Math.random().toString(36).slice(2)}`;
  const failures: FakeNamecomFailure[] = [];
  const idempotent = new Map<string, { at: number; status: number; body: unknown }>();
  let rateLimited = 0;
  let retryAfter = 1;

  const fake: FakeNamecom = {
    apiUrl: "",
    username,
    token,
    taken: new Set(),
    premium: new Map(),
    unsupportedTlds: new Set(),
    prices: new Map(),
    tlds: defaultNamecomTlds(),
    registered: new Map(),
    registerCalls: [],
    createBodies: [],
    checkCalls: 0,
    checkBatches: [],
    requests: [],
    failNextRegister: (kind) => {
      failures.push(kind);
    },
    rateLimitNext: (count = 1, seconds = 1) => {
      rateLimited += count;
      retryAfter = seconds;
    },
    expireIdempotencyKeys: () => idempotent.clear(),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const priceOf = (tld: string) => fake.prices.get(tld) ?? defaultNamecomPrice(tld);
  const tldOf = (name: string) => name.slice(name.indexOf(".") + 1);
  const rulesOf = (tld: string): FakeNamecomTld =>
    fake.tlds.get(tld) ?? { allowedYears: YEARS_1_10, requirements: {}, contactRoles: null };
  const supported = (tld: string) => tld.length > 0 && !fake.unsupportedTlds.has(tld);

  function send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }
  const error = (res: http.ServerResponse, status: number, message: string, details?: string) =>
    send(res, status, details ? { message, details } : { message });

  function domainBody(d: FakeNamecomDomain) {
    return {
      domainName: d.name,
      createDate: d.createdAt.toISOString(),
      expireDate: d.expiresAt.toISOString(),
      autorenewEnabled: d.autorenew ?? true,
      locked: true,
      privacyEnabled: d.privacy ?? true,
      contacts: {},
      nameservers: d.nameservers,
      renewalPrice: dollars(priceOf(tldOf(d.name)).renewal),
    };
  }

  function checkQuery(url: URL, allowed: string[]) {
    const unknown = [...url.searchParams.keys()].filter((k) => !allowed.includes(k));
    if (unknown.length > 0) throw bad(`unknown query parameter ${unknown.map((k) => `'${k}'`).join(", ")}`);
  }
  function intParam(url: URL, key: string, min: number, max: number): number | null {
    const v = url.searchParams.get(key);
    if (v === null) return null;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw bad(`${key}: must be ${min} to ${max}`);
    return Number(v);
  }

  function requirementsBody(tld: string) {
    const r = rulesOf(tld);
    return {
      tldInfo: {
        tld,
        ccTld: tld.length === 2,
        supportsTransferLock: true,
        supportsDnssec: true,
        supportsPremium: true,
        supportsPrivacy: true,
        supportsInternalTransfer: true,
        requiresPreDelegation: false,
        expirationGracePeriod: 30,
        allowedRegistrationYears: r.allowedYears,
        idnLanguages: {},
        hsts: false,
        minDomainLength: 1,
        minIdnDomainLength: null,
        registryOperator: "fake",
        claimsCheckRequired: r.claimsCheckRequired ?? [],
        requireIdnSld: false,
      },
      contacts: r.contactRoles
        ? {
            description: `The contacts .${tld} takes`,
            type: "string",
            required: true,
            fields: Object.fromEntries(
              r.contactRoles.map((role) => [
                role,
                {
                  type: "string",
                  required: role === "registrant",
                  fields: Object.fromEntries(
                    Object.entries(r.contactChoices?.[role] ?? {}).map(([field, values]) => [
                      field,
                      {
                        type: "enum",
                        required: true,
                        options: values.map((value) => ({ value, label: value })),
                      },
                    ]),
                  ),
                },
              ]),
            ),
          }
        : {},
      requirements:
        Object.keys(r.requirements).length > 0
          ? { description: `Required fields to register a .${tld} domain`, fields: r.requirements }
          : {},
    };
  }

  function checkTldRequirements(tld: string, given: unknown) {
    const fields = rulesOf(tld).requirements;
    if (given !== undefined && !isObject(given)) throw bad("tldRequirements: must be an object of strings");
    const values = (given ?? {}) as Record<string, unknown>;
    const allowed = new Set<string>();
    const walk = (defs: Record<string, FakeRequirementField>) => {
      for (const [key, f] of Object.entries(defs)) {
        if (f.type === "notice") continue;
        allowed.add(key);
        const v = values[key];
        if (v !== undefined && typeof v !== "string") throw bad(`tldRequirements.${key}: must be a string`);
        if (v === undefined || v === "") {
          if (f.required) throw bad(`Missing required registration requirements for .${tld}: ${key}`);
          continue;
        }
        if (f.type === "enum" && !f.options?.some((o) => o.value === v))
          throw bad(`tldRequirements.${key}: '${v}' is not one of the allowed options`);
        if (f.type === "acknowledgement" && v !== f.value)
          throw bad(`tldRequirements.${key}: must be '${f.value}'`);
        if (f.type === "boolean" && v !== "true" && v !== "false")
          throw bad(`tldRequirements.${key}: true or false`);
        const chosen = f.options?.find((o) => o.value === v);
        if (chosen?.fields) walk(chosen.fields);
      }
    };
    walk(fields);
    const unknown = Object.keys(values).filter((k) => !allowed.has(k));
    if (unknown.length > 0) throw bad(`tldRequirements: .${tld} does not take ${unknown.join(", ")}`);
  }

  /** Create Domain after the idempotency check: validation first (not remembered), then the registry. */
  function validateCreate(body: Record<string, unknown>) {
    onlyKnown(body, CREATE_FIELDS, "request");
    if (!isObject(body.domain)) throw bad("'domain' is required");
    const domain = body.domain;
    onlyKnown(domain, CREATE_DOMAIN_FIELDS, "domain");
    if (typeof domain.domainName !== "string" || !domain.domainName.includes("."))
      throw bad("'domain.domainName' is required");
    const name = domain.domainName;
    if (name !== name.toLowerCase()) throw bad("domain.domainName: must be lower-case punycode");
    for (const k of ["privacyEnabled", "autorenewEnabled", "locked"]) {
      if (domain[k] !== undefined && typeof domain[k] !== "boolean")
        throw bad(`domain.${k}: must be a boolean`);
    }
    if (
      domain.nameservers !== undefined &&
      (!Array.isArray(domain.nameservers) ||
        domain.nameservers.some((n) => typeof n !== "string" || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(n)))
    ) {
      throw bad("domain.nameservers: lower-case host names without a trailing dot");
    }
    if (
      body.years !== undefined &&
      (!Number.isInteger(body.years) || (body.years as number) < 1 || (body.years as number) > 10)
    )
      throw bad("years: an integer from 1 to 10");
    if (body.purchaseType !== undefined && typeof body.purchaseType !== "string")
      throw bad("purchaseType: a string");
    if (body.purchasePrice !== undefined && typeof body.purchasePrice !== "number")
      throw bad("purchasePrice: a number");
    const tld = tldOf(name);
    if (!supported(tld)) throw new Refusal(422, "Unprocessable Entity", "TLD not supported");
    const rules = rulesOf(tld);
    const years = (body.years as number | undefined) ?? Math.min(...rules.allowedYears);
    if (!rules.allowedYears.includes(years))
      throw bad(
        `Invalid value for years for this domain: .${tld} registers for ${rules.allowedYears.join(", ")} years`,
      );
    if (domain.contacts !== undefined) {
      if (!isObject(domain.contacts)) throw bad("domain.contacts: must be an object");
      const roles: ContactKey[] = rules.contactRoles ?? ["registrant", "admin", "tech", "billing"];
      onlyKnown(domain.contacts, ["registrant", "admin", "tech", "billing"], "domain.contacts");
      const refused = Object.keys(domain.contacts).filter((r) => !roles.includes(r as ContactKey));
      if (refused.length > 0) throw bad(`domain.contacts: .${tld} takes no ${refused.join(", ")} contact`);
      for (const [role, c] of Object.entries(domain.contacts)) {
        checkContact(c, `domain.contacts.${role}`);
        for (const [field, values] of Object.entries(rules.contactChoices?.[role as ContactKey] ?? {})) {
          const v = (c as Record<string, unknown>)[field];
          if (!values.includes(v as string)) {
            throw bad(`domain.contacts.${role}.${field}: .${tld} does not take '${String(v)}'`);
          }
        }
      }
    }
    checkTldRequirements(tld, body.tldRequirements);
    return { name, tld, years, domain };
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? "GET";
    const key =
      typeof req.headers["x-idempotency-key"] === "string" ? req.headers["x-idempotency-key"] : undefined;
    const logged: FakeNamecom["requests"][number] = { method, path, ...(key ? { idempotencyKey: key } : {}) };
    fake.requests.push(logged);

    if (rateLimited > 0) {
      rateLimited--;
      return send(res, 429, { message: "Rate Limit Exceeded" }, { "retry-after": String(retryAfter) });
    }
    const given = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
    if (given !== `${username}:${token}`) {
      const bare = given === `${base}:${token}`;
      return error(
        res,
        401,
        "Unauthenticated",
        bare
          ? 'the test environment (api.dev.name.com) takes the username with "-test" appended'
          : "Authentication failed: check the username and API token",
      );
    }
    if (
      ["POST", "PUT", "PATCH"].includes(method) &&
      !String(req.headers["content-type"] ?? "").startsWith("application/json")
    ) {
      return error(res, 415, "The 'Content-Type' header must be 'application/json' for this request.");
    }
    let body: unknown = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, "Bad Request", "request body is not valid JSON");
      }
    }

    try {
      if (method === "GET" && path === "/core/v1/domains") {
        checkQuery(url, LIST_QUERY);
        const perPage = intParam(url, "perPage", 1, 1000) ?? 250;
        const page = intParam(url, "page", 1, 1_000_000) ?? 1;
        const all = [...fake.registered.values()];
        const slice = all.slice((page - 1) * perPage, page * perPage);
        return send(res, 200, {
          domains: slice.map(domainBody),
          totalCount: all.length,
          from: slice.length > 0 ? (page - 1) * perPage + 1 : 0,
          to: (page - 1) * perPage + slice.length,
          ...(all.length > page * perPage
            ? { nextPage: page + 1, lastPage: Math.ceil(all.length / perPage) }
            : {}),
        });
      }

      if (method === "POST" && path === "/core/v1/domains:checkAvailability") {
        if (!isObject(body)) throw bad("request: must be an object");
        onlyKnown(body, ["domainNames", "purchaseType"], "request");
        const names = body.domainNames;
        if (
          !Array.isArray(names) ||
          names.length === 0 ||
          names.some((n) => typeof n !== "string" || n === "")
        ) {
          throw bad("domainNames: 1 to 50 domain names are required");
        }
        if (names.length > 50) throw bad("domainNames: at most 50 elements");
        if (body.purchaseType !== undefined && typeof body.purchaseType !== "string")
          throw bad("purchaseType: a string");
        const list = (names as string[]).map((n) => n.toLowerCase());
        if (list.every((n) => !n.includes(".") || !supported(tldOf(n)))) {
          throw new Refusal(422, "Unprocessable Entity", "TLD not supported");
        }
        fake.checkCalls++;
        fake.checkBatches.push([...list]);
        const results = list.map((name) => {
          const dot = name.indexOf(".");
          const common = { domainName: name, sld: name.slice(0, dot), tld: name.slice(dot + 1) };
          if (dot < 1 || !supported(common.tld)) {
            return { ...common, purchasable: false, premium: false, reason: "TLD not supported" };
          }
          if (fake.taken.has(name) || fake.registered.has(name)) {
            return { ...common, purchasable: false, premium: false };
          }
          const premium = fake.premium.get(name);
          const years = Math.min(...rulesOf(common.tld).allowedYears);
          const p = premium !== undefined ? { registration: premium, renewal: premium } : priceOf(common.tld);
          return {
            ...common,
            purchasable: true,
            premium: premium !== undefined,
            purchasePrice: dollars(p.registration * years),
            purchaseType: "registration",
            renewalPrice: dollars(p.renewal),
          };
        });
        return send(res, 200, { results });
      }

      if (method === "POST" && path === "/core/v1/domains") {
        if (!isObject(body)) throw bad("request: must be an object");
        const prev = key ? idempotent.get(key) : undefined;
        if (key && prev && Date.now() - prev.at < NAMECOM_IDEMPOTENCY_TTL_MS) {
          logged.replay = true;
          return send(res, prev.status, prev.body, { "x-idempotent-replay": "1" });
        }
        const { name, tld, years, domain } = validateCreate(body);
        fake.registerCalls.push(name);
        fake.createBodies.push(body);
        const remember = (status: number, b: unknown) => {
          if (key && status < 500 && status !== 429) idempotent.set(key, { at: Date.now(), status, body: b });
          return send(res, status, b);
        };
        const failure = failures.shift();
        if (failure === "rate_limited") {
          return send(res, 429, { message: "Rate Limit Exceeded" }, { "retry-after": String(retryAfter) });
        }
        if (failure === "transient")
          return error(res, 500, "Internal Server Error", "upstream registry timeout");
        if (failure === "taken" || fake.taken.has(name) || fake.registered.has(name)) {
          return remember(400, { message: "Domain is not available", details: `${name} is not available` });
        }
        if (failure === "insufficient_funds") {
          return remember(402, { message: "Payment failed", details: "Insufficient Funds" });
        }
        const premium = fake.premium.get(name);
        if (premium !== undefined && body.purchasePrice !== dollars(premium * years)) {
          return remember(400, { message: "Purchase price does not match", details: "premium domain" });
        }
        const now = new Date();
        const expiresAt = new Date(now);
        expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + years);
        const requested = domain.nameservers as string[] | undefined;
        const d: FakeNamecomDomain = {
          name,
          createdAt: now,
          expiresAt,
          nameservers: requested && requested.length > 0 ? requested : ["ns1.name.com", "ns2.name.com"],
          autorenew: (domain.autorenewEnabled as boolean | undefined) ?? true,
          privacy: (domain.privacyEnabled as boolean | undefined) ?? true,
        };
        fake.registered.set(name, d);
        const price = (premium ?? priceOf(tld).registration) * years;
        const answer = { domain: domainBody(d), order: fake.registerCalls.length, totalPaid: dollars(price) };
        if (failure === "lost_answer") {
          if (key) idempotent.set(key, { at: Date.now(), status: 200, body: answer });
          res.socket?.destroy();
          return;
        }
        return remember(200, answer);
      }

      const action = path.match(
        /^\/core\/v1\/domains\/([^/:]+):(setNameservers|enableAutorenew|disableAutorenew)$/,
      );
      if (method === "POST" && action) {
        const d = fake.registered.get((action[1] ?? "").toLowerCase());
        if (!isObject(body)) throw bad("request: must be an object");
        if (action[2] === "setNameservers") {
          onlyKnown(body, ["nameservers"], "request");
          const ns = body.nameservers;
          if (
            !Array.isArray(ns) ||
            ns.some((n) => typeof n !== "string" || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(n))
          ) {
            throw bad("nameservers: a list of lower-case host names is required");
          }
          if (!d) return error(res, 404, "Not Found", "The requested domain does not exist.");
          d.nameservers = ns as string[];
          return send(res, 200, domainBody(d));
        }
        onlyKnown(body, [], "request");
        if (!d) return error(res, 404, "Not Found", "The requested domain does not exist.");
        d.autorenew = action[2] === "enableAutorenew";
        return send(res, 200, domainBody(d));
      }

      const pricing = path.match(/^\/core\/v1\/domains\/([^/:]+):getPricing$/);
      if (method === "GET" && pricing) {
        checkQuery(url, ["years"]);
        const name = (pricing[1] ?? "").toLowerCase();
        const tld = tldOf(name);
        if (!name.includes(".") || !supported(tld))
          throw new Refusal(422, "Unprocessable Entity", "TLD not supported");
        const rules = rulesOf(tld);
        const years = intParam(url, "years", 1, 10) ?? Math.min(...rules.allowedYears);
        if (!rules.allowedYears.includes(years)) throw bad("Invalid value for years for this domain");
        const premium = fake.premium.get(name);
        const p = premium !== undefined ? { registration: premium, renewal: premium } : priceOf(tld);
        return send(res, 200, {
          premium: premium !== undefined,
          purchasePrice: dollars(p.registration * years),
          renewalPrice: dollars(p.renewal * years),
          transferPrice: dollars(p.renewal * Math.min(...rules.allowedYears)),
        });
      }

      const requirements = path.match(/^\/core\/v1\/domaininfo\/requirements\/([^/]+)$/);
      if (method === "GET" && requirements) {
        checkQuery(url, []);
        const tld = (requirements[1] ?? "").toLowerCase();
        if (!supported(tld)) throw new Refusal(422, "Unprocessable Entity", "TLD not supported");
        return send(res, 200, requirementsBody(tld));
      }

      const one = path.match(/^\/core\/v1\/domains\/([^/:]+)$/);
      if (one && (method === "GET" || method === "PATCH")) {
        const d = fake.registered.get((one[1] ?? "").toLowerCase());
        if (method === "GET") {
          checkQuery(url, []);
          if (!d) return error(res, 404, "Not Found", "The requested domain does not exist.");
          return send(res, 200, domainBody(d));
        }
        if (!isObject(body)) throw bad("request: must be an object");
        onlyKnown(body, ["autorenewEnabled", "privacyEnabled", "locked"], "request");
        if (Object.keys(body).length === 0)
          throw bad("one of autorenewEnabled, privacyEnabled, locked is required");
        for (const [k, v] of Object.entries(body))
          if (typeof v !== "boolean") throw bad(`${k}: must be a boolean`);
        if (!d) return error(res, 404, "Not Found", "The requested domain does not exist.");
        if (typeof body.autorenewEnabled === "boolean") d.autorenew = body.autorenewEnabled;
        if (typeof body.privacyEnabled === "boolean") d.privacy = body.privacyEnabled;
        return send(res, 200, domainBody(d));
      }
      return error(res, 404, "Not Found", `no route for ${method} ${path}`);
    } catch (err) {
      if (err instanceof Refusal) return error(res, err.status, err.message, err.details);
      throw err;
    }
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
