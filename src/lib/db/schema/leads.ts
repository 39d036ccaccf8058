import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { cascadeRef, createdAt, id, oneOf, updatedAt } from "./columns";
import { workspaceRef } from "./workspaces";

export const leadStatuses = ["active", "unsubscribed", "bounced"] as const;

/** A person to email; unique by email (lower-cased) within a workspace. */
export const leads = pgTable(
  "leads",
  {
    id: id(),
    workspaceId: workspaceRef(),
    email: text("email").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    company: text("company"),
    title: text("title"),
    phone: text("phone"),
    website: text("website"),
    /** extra CSV columns, by their header */
    customFields: jsonb("custom_fields").$type<Record<string, string>>().notNull().default({}),
    status: text("status").$type<(typeof leadStatuses)[number]>().notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("leads_workspace_email_idx").on(t.workspaceId, t.email),
    oneOf("leads_status_check", t.status, leadStatuses),
  ],
);
export type Lead = typeof leads.$inferSelect;

export const leadLists = pgTable(
  "lead_lists",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("lead_lists_workspace_idx").on(t.workspaceId)],
);
export type LeadList = typeof leadLists.$inferSelect;

export const leadListMembers = pgTable(
  "lead_list_members",
  {
    listId: cascadeRef("list_id", () => leadLists.id),
    leadId: cascadeRef("lead_id", () => leads.id),
    workspaceId: workspaceRef(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.leadId] }), index("lead_list_members_lead_idx").on(t.leadId)],
);

export const importStatuses = ["pending", "running", "completed", "failed"] as const;
export type ImportRowError = { line: number; email?: string; reason: string };

/** A CSV import, run by a job; progress is read from this row while it runs. */
export const leadImports = pgTable(
  "lead_imports",
  {
    id: id(),
    workspaceId: workspaceRef(),
    listId: text("list_id").references(() => leadLists.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    /** where the uploaded file waits for the job (under DATA_DIR/uploads) */
    filePath: text("file_path").notNull(),
    fileBytes: integer("file_bytes").notNull().default(0),
    /** CSV header → lead field (email, firstName, …), or "custom:<name>", or "ignore" */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull(),
    status: text("status").$type<(typeof importStatuses)[number]>().notNull().default("pending"),
    bytesProcessed: integer("bytes_processed").notNull().default(0),
    rowsProcessed: integer("rows_processed").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** the first bad rows (line, reason); `failed` counts them all */
    errors: jsonb("errors").$type<ImportRowError[]>().notNull().default([]),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("lead_imports_workspace_idx").on(t.workspaceId),
    oneOf("lead_imports_status_check", t.status, importStatuses),
  ],
);
export type LeadImport = typeof leadImports.$inferSelect;

export const suppressionKinds = ["email", "domain"] as const;
export const suppressionReasons = ["unsubscribed", "bounced", "blocked", "complained"] as const;

/** Addresses and whole domains never to email, checked at send time. */
export const suppressions = pgTable(
  "suppressions",
  {
    id: id(),
    workspaceId: workspaceRef(),
    kind: text("kind").$type<(typeof suppressionKinds)[number]>().notNull(),
    value: text("value").notNull(), // lower-cased email or domain
    reason: text("reason").$type<(typeof suppressionReasons)[number]>().notNull(),
    source: text("source"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("suppressions_workspace_kind_value_idx").on(t.workspaceId, t.kind, t.value),
    oneOf("suppressions_kind_check", t.kind, suppressionKinds),
    oneOf("suppressions_reason_check", t.reason, suppressionReasons),
  ],
);
export type Suppression = typeof suppressions.$inferSelect;
