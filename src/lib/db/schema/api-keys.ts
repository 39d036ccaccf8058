import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id } from "./columns";
import { workspaceRef } from "./workspaces";

// Keys for the public API. Only a SHA-256 of the key is stored (keys are 32 random bytes, so a
// plain hash is enough); the key itself is shown once, at creation.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(), // first characters, to tell keys apart in lists
    keyHash: text("key_hash").notNull().unique(),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("api_keys_workspace_id_idx").on(t.workspaceId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;
