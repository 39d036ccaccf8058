import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { withDatabase } from "../../src/lib/db/embedded";
import { TEMPLATE_DB } from "./setup";

// Runs before each test file: a database of its own, copied from the migrated template.
const templateUrl = inject("pgTemplateUrl");
const name = `test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: withDatabase(templateUrl, "postgres") });
await admin.connect();
await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
await admin.end();

Object.assign(process.env, { NODE_ENV: "test" });
process.env.DATABASE_URL = withDatabase(templateUrl, name);
process.env.APP_ENCRYPTION_KEY = `t1:${randomBytes(32).toString("base64")}`;
process.env.AUTH_SECRET = randomBytes(32).toString("base64");
process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR = `/tmp/coldframe-test-data-${name}`;
// the test services (Postfix, PowerDNS, HTTP receivers) are on loopback: allowed as an operator
// would allow their own servers; tests of the guard set their own value
process.env.ALLOWED_PRIVATE_HOSTS = "127.0.0.0/8,::1";

afterAll(async () => {
  const { closeDatabase } = await import("../../src/lib/db/client");
  const { stopProducer } = await import("../../src/lib/queue/enqueue");
  await stopProducer();
  await closeDatabase();
});
