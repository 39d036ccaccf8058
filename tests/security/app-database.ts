import pg from "pg";
import { PgBoss } from "pg-boss";
import { ensureEmbeddedPostgres } from "../../src/lib/db/embedded";
import { app } from "./people";

// the app's pg-boss schema (src/lib/queue/boss.ts)
const BOSS_SCHEMA = "pgboss";

/**
 * The running app's own database, for the few attacks that need a state no API allows (an
 * endpoint whose name was re-pointed after it was saved). Events are put on the app's job queue
 * the way the app does it (an events row, a pending delivery, a `webhooks.deliver` job), so the
 * app's own worker process handles them.
 */
export async function appDatabase() {
  const { url } = await ensureEmbeddedPostgres(app().dataDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const query = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
  return {
    query,
    /** a lead.unsubscribed event for one endpoint, queued for the worker */
    async emit(workspaceId: string, endpointId: string) {
      const eventId = crypto.randomUUID();
      const deliveryId = crypto.randomUUID();
      await query(
        "insert into events (id, workspace_id, type, payload) values ($1, $2, 'lead.unsubscribed', $3)",
        [eventId, workspaceId, { email: "someone@example.com" }],
      );
      await query(
        "insert into webhook_deliveries (id, workspace_id, endpoint_id, event_id) values ($1, $2, $3, $4)",
        [deliveryId, workspaceId, endpointId, eventId],
      );
      const boss = new PgBoss({
        connectionString: url,
        schema: BOSS_SCHEMA,
        supervise: false,
        schedule: false,
      });
      await boss.start();
      await boss.send("webhooks.deliver", { deliveryId });
      await boss.stop({ graceful: false, close: true });
      return { eventId, deliveryIds: [deliveryId] };
    },
    /** poll a query until it returns a row (the worker is a separate process) */
    async until(sql: string, params: unknown[], timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await query(sql, params);
        if (row) return row as Record<string, unknown>;
        if (Date.now() > deadline) throw new Error(`no row within ${timeoutMs / 1000} s for: ${sql}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    close: () => client.end(),
  };
}
