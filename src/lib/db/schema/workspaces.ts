import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { cascadeRef, createdAt, id } from "./columns";

// Better Auth's organization plugin models (organization, member, invitation) as workspaces.
// Every business table carries workspace_id referencing workspaces.id.

export const workspaceRoles = ["owner", "admin", "member"] as const;
export type WorkspaceRole = (typeof workspaceRoles)[number];

export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  logo: text("logo"),
  metadata: text("metadata"),
  createdAt: createdAt(),
});
export type Workspace = typeof workspaces.$inferSelect;

/** The workspace a row belongs to (`workspace_id`); the row goes with its workspace. */
export const workspaceRef = () => cascadeRef("workspace_id", () => workspaces.id);

export const members = pgTable(
  "members",
  {
    id: id(),
    organizationId: workspaceRef(),
    userId: cascadeRef("user_id", () => users.id),
    role: text("role").notNull().$type<WorkspaceRole>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("members_workspace_user_idx").on(t.organizationId, t.userId),
    index("members_user_id_idx").on(t.userId),
  ],
);
export type Member = typeof members.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organizationId: workspaceRef(),
    email: text("email").notNull(),
    role: text("role").$type<WorkspaceRole>(),
    status: text("status").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    inviterId: cascadeRef("inviter_id", () => users.id),
  },
  (t) => [index("invitations_workspace_id_idx").on(t.organizationId)],
);
