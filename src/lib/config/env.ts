import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CRON_SECRET: optional,
  // outbound webhooks may reach private and loopback addresses in production (self-hosted receivers)
  WEBHOOKS_ALLOW_PRIVATE: optional.pipe(z.stringbool().default(false)),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
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
});

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
