import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { LeadInput } from "./validate-row";

/**
 * Insert new leads and merge into existing ones (same email in the workspace) in one statement:
 * a non-empty value wins over the stored one, a blank never erases it, custom fields are merged
 * key by key, and the status (unsubscribed, bounced) is never reset. Rows are written in email
 * order so two imports touching the same leads lock them in the same order and cannot deadlock.
 * The emails must be distinct. Returns which leads were created and which existed.
 */
export async function upsertLeads(
  db: DbOrTx,
  opts: { workspaceId: string; leads: LeadInput[]; listId?: string | null },
): Promise<{ inserted: number; updated: number }> {
  if (opts.leads.length === 0) return { inserted: 0, updated: 0 };
  const rows = [...opts.leads]
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
    .map((l) => ({
      id: randomUUID(),
      workspaceId: opts.workspaceId,
      email: l.email,
      firstName: l.firstName ?? null,
      lastName: l.lastName ?? null,
      company: l.company ?? null,
      title: l.title ?? null,
      phone: l.phone ?? null,
      website: l.website ?? null,
      customFields: JSON.stringify(l.customFields),
    }));
  const column = (name: keyof (typeof rows)[number]) => sql.param(rows.map((r) => r[name]));
  // One statement of ten array parameters (unnest) rather than ten parameters per row: PostgreSQL
  // parses and plans it once, which makes a 500-row batch several times faster.
  const result = await db.execute<{ id: string; inserted: boolean }>(sql`
    insert into leads (id, workspace_id, email, first_name, last_name, company, title, phone, website, custom_fields)
    select v.id, ${opts.workspaceId}, v.email, v.first_name, v.last_name, v.company, v.title, v.phone, v.website, v.custom_fields
    from unnest(
      ${column("id")}::text[], ${column("email")}::text[], ${column("firstName")}::text[],
      ${column("lastName")}::text[], ${column("company")}::text[], ${column("title")}::text[],
      ${column("phone")}::text[], ${column("website")}::text[], ${column("customFields")}::jsonb[]
    ) as v(id, email, first_name, last_name, company, title, phone, website, custom_fields)
    on conflict (workspace_id, email) do update set
      first_name = coalesce(excluded.first_name, leads.first_name),
      last_name = coalesce(excluded.last_name, leads.last_name),
      company = coalesce(excluded.company, leads.company),
      title = coalesce(excluded.title, leads.title),
      phone = coalesce(excluded.phone, leads.phone),
      website = coalesce(excluded.website, leads.website),
      custom_fields = leads.custom_fields || excluded.custom_fields,
      updated_at = now()
    returning id, (xmax = 0) as inserted`);
  const written = result.rows;
  if (opts.listId) {
    await db.execute(sql`
      insert into lead_list_members (list_id, lead_id, workspace_id)
      select ${opts.listId}, unnest(${sql.param(written.map((w) => w.id))}::text[]), ${opts.workspaceId}
      on conflict do nothing`);
  }
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted };
}
