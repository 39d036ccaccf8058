import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * A sending domain of the workspace. The campaign engine uses its DKIM key (when set) to sign,
 * and its tracking host for open/click/unsubscribe links; the domain issues add purchase, DNS
 * setup and health to this table.
 */
export const domains = pgTable(
  "domains",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(), // lower-case, punycode
    status: text("status").notNull().default("active"),
    dkimSelector: text("dkim_selector"),
    dkimPrivateKeyEnc: text("dkim_private_key_enc"),
    dkimPublicKey: text("dkim_public_key"),
    /** custom tracking host (CNAME to the app), e.g. track.example.com */
    trackingHost: text("tracking_host"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("domains_workspace_name_idx").on(t.workspaceId, t.name),
    index("domains_name_idx").on(t.name),
  ],
);
export type Domain = typeof domains.$inferSelect;
