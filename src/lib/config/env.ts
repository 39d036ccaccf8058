import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/web/client-address";
import { DEFAULT_TLDS } from "./default-tlds";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  APP_URL: optional.pipe(
    z.url({ message: "must be an absolute URL such as https://app.example.com" }).optional(),
  ),
  APP_ENCRYPTION_KEY: optional,
  AUTH_SECRET: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /**
   * The app's own mail (password reset, invitations): smtp://user:pass@host:587 (STARTTLS when the
   * server offers it) or smtps://user:pass@host:465. Unset: the pages offer the links to copy.
   */
  SYSTEM_SMTP_URL: optional.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^/]+/, "must be smtp://user:password@host:port or smtps://…")
      .optional(),
  ),
  /** the From of the app's own mail (default "Coldframe <no-reply@APP_URL's host>") */
  SYSTEM_MAIL_FROM: optional,
  /**
   * Sign-in waits until the address is verified (the emailed link). Needs SYSTEM_SMTP_URL: a new
   * account has no workspace mailbox yet, so without it no link could ever arrive.
   */
  REQUIRE_EMAIL_VERIFICATION: optional.pipe(z.stringbool().default(false)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CRON_SECRET: optional,
  /**
   * Hosts that may resolve to private, loopback or link-local addresses (self-hosted mail servers,
   * PowerDNS, webhook receivers): comma-separated names (`mail.internal`, `*.internal`), IP
   * addresses or CIDR ranges; `*` allows any. Empty (the default): every user-supplied host that
   * resolves to a private address is refused, in every process.
   */
  ALLOWED_PRIVATE_HOSTS: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      for (const entry of value.split(/[,\s]+/).filter(Boolean))
        if (!isAllowedHostEntry(entry))
          ctx.addIssue({
            code: "custom",
            message: `"${entry}" is not a host name, IP address, CIDR range or *`,
          });
    }),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** soft bounces (full mailbox, expired, rate limited …) of one lead after which it is suppressed */
  SOFT_BOUNCE_SUPPRESS_AFTER: z.coerce.number().int().min(1).max(100).default(3),
  /**
   * A campaign pauses itself when its bounce or spam-complaint rate goes over these percentages,
   * once AUTO_PAUSE_MIN_SENT of its emails went out; 0 turns a check off.
   */
  AUTO_PAUSE_BOUNCE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  AUTO_PAUSE_COMPLAINT_PERCENT: z.coerce.number().min(0).max(100).default(1),
  AUTO_PAUSE_MIN_SENT: z.coerce.number().int().min(1).default(20),
  /** an out-of-office that names no return date holds the lead's next step this many days */
  AUTO_REPLY_PAUSE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  /**
   * How long an email may stay `sending` before the recovery sweep decides it (a send interrupted
   * by a crash or a lost connection): longer than any send can take — the SMTP timeouts, the
   * mailbox pool's queue and the bookkeeping's retries. 10 minutes.
   */
  SEND_RECOVERY_GRACE_SECONDS: z.coerce.number().int().min(1).default(600),
  /** reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-* headers are believed */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message.replace(/^TRUSTED_PROXIES: /, "") });
      }
    }),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(5),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_TENANT_ID: optional,
  // OAuth endpoints for connecting mailboxes; overridable for tests and sovereign clouds
  GOOGLE_OAUTH_AUTHORIZE_URL: optional.pipe(z.url().optional()),
  GOOGLE_OAUTH_TOKEN_URL: optional.pipe(z.url().optional()),
  MICROSOFT_OAUTH_AUTHORIZE_URL: optional.pipe(z.url().optional()),
  MICROSOFT_OAUTH_TOKEN_URL: optional.pipe(z.url().optional()),
  OIDC_ISSUER: optional.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_PROVIDER_NAME: optional,

  // --- Domains: payments (Stripe). Without STRIPE_SECRET_KEY the domain shop is disabled. ---
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  /** another Stripe API host (tests and local development): http://127.0.0.1:12111 */
  STRIPE_API_URL: optional.pipe(z.url().optional()),
  DOMAIN_CURRENCY: z.string().toLowerCase().length(3).default("usd"),
  /** the platform's markup on the registrar's price: percent, then a fixed amount in cents */
  DOMAIN_MARKUP_PERCENT: z.coerce.number().min(0).max(1000).default(0),
  DOMAIN_MARKUP_CENTS: z.coerce.number().int().min(0).default(0),
  /** TLDs searched by default (comma-separated) */
  DOMAIN_SEARCH_TLDS: z.string().default(DEFAULT_TLDS.join(",")),
  /** registrant contact for platform purchases (JSON, see RegistrantContact) */
  DOMAIN_REGISTRANT_CONTACT: optional,
  /**
   * Days before a purchased domain expires that its renewal is charged to the customer. The
   * registrar's auto-renew charges the platform up to 30 days before expiry (Cloudflare); a failed
   * charge is retried 3 times, 3 days apart, before auto-renew is turned off: keep this above 40.
   */
  RENEWAL_CHARGE_DAYS: z.coerce.number().int().min(1).max(365).default(45),

  // --- Domains: the platform's registrar accounts ---
  CLOUDFLARE_API_TOKEN: optional,
  CLOUDFLARE_ACCOUNT_ID: optional,
  /** another Cloudflare API base URL (tests): http://127.0.0.1:8787/client/v4 */
  CLOUDFLARE_BASE_URL: optional.pipe(z.url().optional()),
  /** register through Cloudflare's Registrar Sandbox (staging: no charge, no real domain) */
  CLOUDFLARE_REGISTRAR_SANDBOX: optional.pipe(z.stringbool().default(false)),
  NAMECOM_USERNAME: optional,
  NAMECOM_TOKEN: optional,
  /** https://api.name.com, or https://api.dev.name.com for Name.com's test environment */
  NAMECOM_API_URL: optional.pipe(z.url().default("https://api.name.com")),
  /** IANA's RDAP bootstrap file (TLD → RDAP server) */
  RDAP_BOOTSTRAP_URL: optional.pipe(z.url().default("https://data.iana.org/rdap/dns.json")),

  // --- Domains: DNS ---
  /** where purchased domains' zones go: powerdns | cloudflare (the platform account) | none */
  DNS_PROVIDER: z.enum(["powerdns", "cloudflare", "none"]).default("none"),
  POWERDNS_API_URL: optional.pipe(z.url().optional()),
  POWERDNS_API_KEY: optional,
  POWERDNS_SERVER_ID: z.string().default("localhost"),
  /** the nameservers of the PowerDNS zones (comma-separated host names) */
  POWERDNS_NAMESERVERS: z.string().default(""),
  /** resolvers the propagation check asks, host or host:port, comma-separated */
  DNS_RESOLVERS: z.string().default("1.1.1.1,8.8.8.8,9.9.9.9"),
  /** override the authoritative servers asked (tests: 127.0.0.1:5300); default: the zone's NS */
  DNS_AUTHORITATIVE_SERVERS: z.string().default(""),
  /** DNSBL zones for domain blocklist checks, and the resolver to ask (never a public one) */
  DNSBL_ZONES: z.string().default("dbl.spamhaus.org,multi.surbl.org,multi.uribl.com"),
  DNSBL_RESOLVER: optional,
  /** the host tracking CNAMEs point at (default: APP_URL's host) */
  TRACKING_CNAME_TARGET: optional,
  /** the app's public IPv4: a domain redirected to the company's site points its bare name here */
  DOMAIN_REDIRECT_IPV4: optional.pipe(z.ipv4({ message: "must be an IPv4 address" }).optional()),
});

/** One entry of ALLOWED_PRIVATE_HOSTS: `*`, a name or `*.suffix`, an address, or address/bits. */
function isAllowedHostEntry(entry: string): boolean {
  if (entry === "*") return true;
  const [ip, bits, extra] = entry.replace(/^\[|\]$/g, "").split("/");
  const family = isIP(ip ?? "");
  if (family !== 0) {
    if (bits === undefined) return true;
    const n = Number(bits);
    return extra === undefined && /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
  }
  return (
    bits === undefined &&
    /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.?$/i.test(entry)
  );
}

export type Env = z.infer<typeof schema> & {
  APP_URL: string;
  APP_ENCRYPTION_KEY: string;
  AUTH_SECRET: string;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * Parse and check the environment. In development the two secrets are generated once into
 * DATA_DIR/secrets.json (with a warning) so `npm start` needs no configuration; in production a
 * missing secret refuses to start, because generated secrets would change on every machine.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const env = result.data;
  const problems: string[] = [];
  let { APP_ENCRYPTION_KEY, AUTH_SECRET } = env;
  if (!APP_ENCRYPTION_KEY || !AUTH_SECRET) {
    if (env.NODE_ENV === "production") {
      if (!APP_ENCRYPTION_KEY)
        problems.push(
          "APP_ENCRYPTION_KEY: required in production (32 random bytes, base64: `openssl rand -base64 32`)",
        );
      if (!AUTH_SECRET) problems.push("AUTH_SECRET: required in production (`openssl rand -base64 32`)");
    } else {
      const dev = loadDevSecrets(env.DATA_DIR);
      APP_ENCRYPTION_KEY ??= dev.APP_ENCRYPTION_KEY;
      AUTH_SECRET ??= dev.AUTH_SECRET;
    }
  }
  if (env.REQUIRE_EMAIL_VERIFICATION && !env.SYSTEM_SMTP_URL)
    problems.push(
      "REQUIRE_EMAIL_VERIFICATION: needs SYSTEM_SMTP_URL (the verification links are emailed): set SYSTEM_SMTP_URL, or unset REQUIRE_EMAIL_VERIFICATION",
    );
  if (problems.length > 0) throw new EnvError(problems);
  return {
    ...env,
    APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
    APP_ENCRYPTION_KEY: APP_ENCRYPTION_KEY!,
    AUTH_SECRET: AUTH_SECRET!,
  };
}

type DevSecrets = { APP_ENCRYPTION_KEY: string; AUTH_SECRET: string };

function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.resolve(dataDir, "secrets.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
      AUTH_SECRET: randomBytes(32).toString("base64"),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": if another process wrote it first, use theirs.
      writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
      console.warn(
        `[coldframe] APP_ENCRYPTION_KEY and AUTH_SECRET are not set: generated development secrets in ${file}. ` +
          "Set both in production.",
      );
      return secrets;
    } catch {
      return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
    }
  }
}

let cached: Env | undefined;

/** The environment, parsed once per process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** For tests that change process.env between files. */
export function resetEnvCache(): void {
  cached = undefined;
}
