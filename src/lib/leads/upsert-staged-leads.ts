import type pg from "pg";

export type StagedWrite = { inserted: number; updated: number };

/**
 * Write the staged chunk into leads, inside the caller's transaction: the first row of each email
 * not seen earlier in the file is inserted, or merged into the workspace's lead with that email (a
 * non-empty value wins over the stored one, a blank never erases it, custom fields merge key by
 * key, the status — unsubscribed, bounced — is never reset), and put on the list; then every email
 * of the chunk is recorded in `import_seen` with its first line. Rows are written in email order
 * so two imports touching the same leads lock them in the same order and cannot deadlock. Every
 * other staged row is a duplicate: there are (staged rows − inserted − updated) of them.
 */
export async function upsertStagedLeads(
  client: pg.PoolClient,
  opts: { workspaceId: string; listId: string | null },
): Promise<StagedWrite> {
  // Data-modifying CTEs run once and to completion even when nothing reads them (`listed`).
  const { rows } = await client.query<StagedWrite>(
    `with written as (
       insert into leads (id, workspace_id, email, first_name, last_name, company, title, phone, website, custom_fields)
       select gen_random_uuid()::text, $1, f.email, f.first_name, f.last_name, f.company, f.title, f.phone,
              f.website, f.custom_fields
       from (select distinct on (email) * from import_chunk order by email, line) f
       where not exists (select from import_seen s where s.email = f.email)
       order by f.email
       on conflict (workspace_id, email) do update set
         first_name = coalesce(excluded.first_name, leads.first_name),
         last_name = coalesce(excluded.last_name, leads.last_name),
         company = coalesce(excluded.company, leads.company),
         title = coalesce(excluded.title, leads.title),
         phone = coalesce(excluded.phone, leads.phone),
         website = coalesce(excluded.website, leads.website),
         custom_fields = leads.custom_fields || excluded.custom_fields,
         updated_at = now()
       returning id, (xmax = 0) as inserted
     ), listed as (
       insert into lead_list_members (list_id, lead_id, workspace_id)
       select $2::text, id, $1 from written where $2::text is not null
       on conflict do nothing
     )
     select (count(*) filter (where inserted))::int as inserted,
            (count(*) filter (where not inserted))::int as updated
     from written`,
    [opts.workspaceId, opts.listId],
  );
  await rememberStagedEmails(client);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

/** Record the staged emails not seen before in `import_seen`, each with its first line. */
export async function rememberStagedEmails(client: pg.PoolClient): Promise<void> {
  await client.query(`
    insert into import_seen (email, line)
    select distinct on (email) email, line from import_chunk order by email, line
    on conflict (email) do nothing`);
}
