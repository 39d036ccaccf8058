import { and, eq, inArray, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { suppressions } from "@/lib/db/schema";
import { domainAndParents, emailDomain } from "./email";

/**
 * Which of these addresses must not be emailed: the address is suppressed, or its domain or a
 * parent domain is (`acme.com` covers `eu.acme.com`). One query for the whole batch; returns the
 * suppressed ones, lower-cased. The sender calls this right before sending.
 */
export async function suppressedEmails(
  db: DbOrTx,
  workspaceId: string,
  emails: string[],
): Promise<Set<string>> {
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes("@")))];
  if (addresses.length === 0) return new Set();
  const domains = [...new Set(addresses.flatMap((e) => domainAndParents(emailDomain(e))))];
  const rows = await db
    .select({ kind: suppressions.kind, value: suppressions.value })
    .from(suppressions)
    .where(
      and(
        eq(suppressions.workspaceId, workspaceId),
        or(
          and(eq(suppressions.kind, "email"), inArray(suppressions.value, addresses)),
          domains.length > 0
            ? and(eq(suppressions.kind, "domain"), inArray(suppressions.value, domains))
            : undefined,
        ),
      ),
    );
  const byEmail = new Set(rows.filter((r) => r.kind === "email").map((r) => r.value));
  const byDomain = new Set(rows.filter((r) => r.kind === "domain").map((r) => r.value));
  return new Set(
    addresses.filter((e) => byEmail.has(e) || domainAndParents(emailDomain(e)).some((d) => byDomain.has(d))),
  );
}

/** Whether one address must not be emailed (see suppressedEmails). */
export async function isSuppressed(db: DbOrTx, workspaceId: string, email: string): Promise<boolean> {
  return (await suppressedEmails(db, workspaceId, [email])).size > 0;
}

/**
 * The same test as isSuppressed, as a SQL expression over columns, for a statement that checks it
 * along with other reads (the sender's claim). The domain and its parents are built as
 * domainAndParents does, so each lookup stays on the (workspace, kind, value) index.
 */
export function isSuppressedSql(workspaceId: SQLWrapper, email: SQLWrapper): SQL<boolean> {
  const address = sql`lower(trim(${email}))`;
  // two lookups, each an index probe (an OR of both would scan the workspace's suppressions)
  return sql<boolean>`(exists (
      select 1 from ${suppressions} s
      where s.workspace_id = ${workspaceId} and s.kind = 'email' and s.value = ${address})
    or exists (
      select 1 from ${suppressions} s
      where s.workspace_id = ${workspaceId} and s.kind = 'domain' and s.value = any (array(
        select array_to_string(d.labels[i:], '.')
        from (select string_to_array(split_part(${address}, '@', 2), '.') as labels) d,
          generate_series(1, cardinality(d.labels) - 1) i))))`;
}
